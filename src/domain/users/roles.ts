/**
 * Who a user is (design §4). A plain list, not a schema, so the first screen checks a stored user without loading
 * zod; ./auth.ts builds the `Role` schema from it and re-exports it.
 */
export const ROLES = ['technician', 'supervisor', 'admin'] as const;
