import type { Me } from '../../domain/auth';

/** Placeholder until this console screen is built (issue 5). */
export function ReviewsPage(_props: { me: Me }) {
  return <h1>ReviewsPage</h1>;
}
