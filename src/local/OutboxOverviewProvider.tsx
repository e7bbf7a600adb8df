import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, type ReactNode } from 'react';
import { useLocalDatabase } from './DeviceProvider';
import { OutboxOverviewContext, readOutboxOverview } from './outboxHooks';

/**
 * The send state of the technician's screens, from ONE live query: the header's counts and the end-of-day view
 * read this value, so they always show the same moment of the outbox.
 */
export function OutboxOverviewProvider({ children }: { children: ReactNode }) {
  const db = useLocalDatabase();
  const overview = useLiveQuery(() => readOutboxOverview(db), [db]);
  const value = useMemo(() => ({ overview }), [overview]);
  return <OutboxOverviewContext.Provider value={value}>{children}</OutboxOverviewContext.Provider>;
}
