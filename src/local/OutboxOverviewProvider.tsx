import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useLocalDatabase } from './DeviceProvider';
import { OUTBOX_OVERVIEW_TABLES, OutboxOverviewContext, readOutboxOverview, type OutboxOverview } from './outboxHooks';
import { watchThrottled } from './throttledWatch';

/**
 * The send state of the technician's screens, from ONE live read: the header's counts and the end-of-day view
 * read this value, so they always show the same moment of the outbox. The read covers every outbox row, so it is
 * throttled (./throttledWatch.ts): a drain acknowledging hundreds of photos re-reads it a few times a second, not
 * once per photo.
 */
export function OutboxOverviewProvider({ children }: { children: ReactNode }) {
  const db = useLocalDatabase();
  const [overview, setOverview] = useState<{ db: typeof db; value: OutboxOverview } | undefined>(undefined);
  useEffect(
    () =>
      watchThrottled({
        db,
        tables: OUTBOX_OVERVIEW_TABLES,
        read: () => readOutboxOverview(db),
        onValue: (value) => setOverview({ db, value }),
        onError: (error) => console.error('reading the outbox failed', error),
      }),
    [db],
  );
  // Another user's database (sign-out, sign-in) shows nothing until its own first read.
  const current = overview?.db === db ? overview.value : undefined;
  const value = useMemo(() => ({ overview: current }), [current]);
  return <OutboxOverviewContext.Provider value={value}>{children}</OutboxOverviewContext.Provider>;
}
