import type { ReactNode } from 'react';

/** What an empty list says instead of showing nothing. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <p className="kit-empty">{children}</p>;
}
