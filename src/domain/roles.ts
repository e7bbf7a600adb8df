/** Who a user is (design §4). Schema-free, so the first screen can check a stored user without loading zod. */
export const ROLES = ['technician', 'supervisor', 'admin'] as const;
