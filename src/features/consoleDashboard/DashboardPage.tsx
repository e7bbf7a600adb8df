import type { Me } from '../../domain/auth';

/** Placeholder until this console screen is built (issue 5). */
export function DashboardPage(_props: { me: Me }) {
  return <h1>DashboardPage</h1>;
}
