/**
 * Asks the browser not to evict this origin's storage under pressure: it holds unsent field
 * work. Chrome grants it silently to installed or engaged sites. Absent on insecure origins.
 */
export async function requestPersistentStorage(): Promise<boolean> {
  const storage = (navigator as Partial<Navigator>).storage;
  if (storage === undefined) return false;
  try {
    return await storage.persist();
  } catch {
    return false;
  }
}
