import type { ExpressionBuilder, Kysely } from 'kysely';
import type { SqlDialect } from './dialect';
import type { Database } from './schema';

/** One bucket to count a sign-in attempt in, with the window a new count starts. */
export interface AttemptBucket {
  key: string;
  windowMs: number;
}

/** A bucket's state right after an attempt was counted in it (the attempt itself included in `pending`). */
export interface BucketState {
  key: string;
  failures: number;
  pending: number;
  /** Identifies the window the attempt was counted in: settling it later touches only that window. */
  windowEndsMs: number;
}

export interface LoginDeviceRecord {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * Counters of sign-in attempts shared by every server process, and the devices that have signed in before.
 * No method needs a transaction: PostgreSQL's INSERT … ON CONFLICT DO UPDATE locks the row and re-reads the committed
 * counts for a concurrent upsert of the same key, and SQLite runs one writer at a time. Only `reserve` locks several
 * rows in one statement (in key order); settling a reservation updates one row per statement, so a statement that
 * holds a row lock never waits for another (several rows in one UPDATE are locked in the order the scan meets them:
 * 100 sign-ins at once from one address deadlocked against each other's reserve, a 503 on PostgreSQL).
 */
export function loginLimitsRepo(db: Kysely<Database>, dialect: SqlDialect) {
  /** One bucket in the window it was counted in (a window that has since ended is not touched). */
  const inWindow = (bucket: { key: string; windowEndsMs: number }) => (eb: ExpressionBuilder<Database, 'login_attempts'>) =>
    eb.and([eb('key', '=', bucket.key), eb('window_ends_ms', '=', bucket.windowEndsMs)]);
  /** The buckets in key order, one at a time (see above: never two row locks held by one settling statement). */
  const eachInKeyOrder = async <T extends { key: string }>(buckets: readonly T[], settle: (bucket: T) => Promise<unknown>) => {
    for (const bucket of [...buckets].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) await settle(bucket);
  };

  /** One pending attempt of each bucket settled: taken back, and counted as `failures` more failures. */
  const settle = (buckets: readonly { key: string; windowEndsMs: number }[], failures: 0 | 1) =>
    eachInKeyOrder(buckets, (bucket) =>
      db
        .updateTable('login_attempts')
        .set((eb) => ({
          failures: eb('failures', '+', failures),
          pending: eb
            .case()
            .when('pending', '>', 0)
            .then(eb('pending', '-', 1))
            .else(0)
            .end(),
        }))
        .where(inWindow(bucket))
        .execute(),
    );

  return {
    /**
     * Counts one pending attempt in each bucket and answers each bucket's counts including it. A bucket whose window
     * has ended starts a new one. Keys are written in sorted order, so two attempts sharing buckets lock them in the
     * same order on PostgreSQL and cannot deadlock.
     */
    async reserve(buckets: readonly AttemptBucket[], nowMs: number): Promise<BucketState[]> {
      if (buckets.length === 0) return [];
      const sorted = [...buckets].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      const rows = await db
        .insertInto('login_attempts')
        .values(sorted.map((b) => ({ key: b.key, failures: 0, pending: 1, window_ends_ms: nowMs + b.windowMs })))
        .onConflict((oc) =>
          oc.column('key').doUpdateSet((eb) => {
            const ended = eb('login_attempts.window_ends_ms', '<=', nowMs);
            return {
              failures: eb.case().when(ended).then(0).else(eb.ref('login_attempts.failures')).end(),
              pending: eb
                .case()
                .when(ended)
                .then(1)
                .else(eb('login_attempts.pending', '+', 1))
                .end(),
              window_ends_ms: eb.case().when(ended).then(eb.ref('excluded.window_ends_ms')).else(eb.ref('login_attempts.window_ends_ms')).end(),
            };
          }),
        )
        .returning(['key', 'failures', 'pending', 'window_ends_ms'])
        .execute();
      return rows.map((r) => ({ key: r.key, failures: r.failures, pending: r.pending, windowEndsMs: r.window_ends_ms }));
    },

    /** Takes back attempts that were counted but never checked (or checked and right): one pending each, no failure. */
    release: (buckets: readonly { key: string; windowEndsMs: number }[]): Promise<void> => settle(buckets, 0),

    /** Turns one pending attempt in each bucket into a failure. */
    fail: (buckets: readonly { key: string; windowEndsMs: number }[]): Promise<void> => settle(buckets, 1),

    /** Forgets a bucket altogether (a successful sign-in forgives that username's or device's earlier failures). */
    async clear(keys: readonly string[]): Promise<void> {
      await eachInKeyOrder(
        keys.map((key) => ({ key })),
        ({ key }) => db.deleteFrom('login_attempts').where('key', '=', key).execute(),
      );
    },

    /**
     * Deletes buckets whose window has ended (they would start afresh anyway) and devices that have expired. On
     * PostgreSQL it skips the rows another statement holds: a DELETE of many rows locks them in scan order and, waiting
     * for one, could deadlock with a burst's `reserve` holding another (a 503 in the middle of a burst, right after a
     * long quiet spell ended every window). A row skipped now is swept the next time.
     */
    async sweep(nowMs: number): Promise<void> {
      const expired = new Date(nowMs).toISOString();
      if (dialect === 'postgres') {
        await db
          .deleteFrom('login_attempts')
          .where('key', 'in', db.selectFrom('login_attempts').select('key').where('window_ends_ms', '<=', nowMs).forUpdate().skipLocked())
          .execute();
        await db
          .deleteFrom('login_devices')
          .where('id', 'in', db.selectFrom('login_devices').select('id').where('expires_at', '<=', expired).forUpdate().skipLocked())
          .execute();
        return;
      }
      await db.deleteFrom('login_attempts').where('window_ends_ms', '<=', nowMs).execute();
      await db.deleteFrom('login_devices').where('expires_at', '<=', expired).execute();
    },

    async findDevice(id: string): Promise<LoginDeviceRecord | undefined> {
      const row = await db.selectFrom('login_devices').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { id: row.id, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at };
    },

    /**
     * Records a device for its user, or extends its expiry when it is known; then keeps only the user's `keep` newest
     * devices, so a client that drops cookies (a script, a private window) cannot grow the table without limit.
     */
    async saveDevice(device: LoginDeviceRecord, keep: number): Promise<void> {
      await db
        .insertInto('login_devices')
        .values({ id: device.id, user_id: device.userId, created_at: device.createdAt, expires_at: device.expiresAt })
        .onConflict((oc) => oc.column('id').doUpdateSet({ expires_at: device.expiresAt }).where('login_devices.user_id', '=', device.userId))
        .execute();
      const newest = db
        .selectFrom('login_devices')
        .select('id')
        .where('user_id', '=', device.userId)
        .orderBy('expires_at', 'desc')
        .orderBy('id')
        .limit(keep);
      await db.deleteFrom('login_devices').where('user_id', '=', device.userId).where('id', 'not in', newest).execute();
    },

    /** Forgets every device of a user (signed out everywhere, deactivated, password reset). */
    async deleteDevicesForUser(userId: string): Promise<void> {
      await db.deleteFrom('login_devices').where('user_id', '=', userId).execute();
    },
  };
}

export type LoginLimitsRepo = ReturnType<typeof loginLimitsRepo>;
