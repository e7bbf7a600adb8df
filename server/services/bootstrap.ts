import { randomUUID } from 'node:crypto';
import type { Store } from '../store/store';
import type { Clock } from './clock';
import { hashPassword } from './passwords';

/**
 * How a production start gets its first account: when the database has no users at all, create `admin`
 * with the given password. Returns whether it did. Never touches an existing user.
 */
export async function ensureAdmin(store: Store, password: string, clock: Clock): Promise<boolean> {
  if ((await store.users.count()) > 0) return false;
  const passwordHash = await hashPassword(password);
  await store.users.insertMissing([
    {
      id: randomUUID(),
      username: 'admin',
      displayName: 'Administrator',
      role: 'admin',
      teamId: null,
      passwordHash,
      active: true,
      createdAt: clock.now().toISOString(),
    },
  ]);
  return true;
}
