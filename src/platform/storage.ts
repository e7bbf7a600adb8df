/** Used and available bytes for this origin, or null where the browser cannot tell. */
export async function estimateStorage(): Promise<{ usage: number; quota: number } | null> {
  const storage = (navigator as Partial<Navigator>).storage;
  if (storage?.estimate === undefined) return null;
  try {
    const { usage, quota } = await storage.estimate();
    return usage === undefined || quota === undefined ? null : { usage, quota };
  } catch {
    return null;
  }
}
