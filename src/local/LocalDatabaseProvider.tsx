import { createContext, useContext, type ReactNode } from 'react';
import type { UserDatabase } from './database';

const LocalDatabaseContext = createContext<UserDatabase | null>(null);

/** Gives the signed-in user's database to the hooks below it. */
export function LocalDatabaseProvider({ db, children }: { db: UserDatabase; children: ReactNode }) {
  return <LocalDatabaseContext.Provider value={db}>{children}</LocalDatabaseContext.Provider>;
}

export function useLocalDatabase(): UserDatabase {
  const db = useContext(LocalDatabaseContext);
  if (db === null) throw new Error('useLocalDatabase outside <LocalDatabaseProvider>');
  return db;
}
