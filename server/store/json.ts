/** JSON columns are text on both databases (see ./schema.ts). */
export const toJson = (value: unknown): string => JSON.stringify(value);

export function fromJson(text: string): unknown {
  return JSON.parse(text) as unknown;
}

/** A JSON column holding an array of strings (completion flags). */
export function stringsFromJson(text: string): string[] {
  const value = fromJson(text);
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
