import { useSession } from '../../../runtime/contexts';
import type { ApiClient } from '../../../sync';

/** The API client of the signed-in session: console screens are online and call it through src/sync/console. */
export function useConsoleApi(): ApiClient {
  return useSession().api;
}
