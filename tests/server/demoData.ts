import { generateDemo } from '../../server/demo/generate';
import type { NewWorkOrder } from '../../server/store/records';
import { TEST_NOW, TEST_TODAY } from './harness';

/** The work orders the harness seeded (the generator is deterministic, so their ids are known in advance). */
export function seededWorkOrders(size = 2000): NewWorkOrder[] {
  return [...generateDemo({ seed: 42, size, today: TEST_TODAY, now: TEST_NOW }).workOrders()];
}

export function unassignedIn(province: string, count: number, size = 2000): NewWorkOrder[] {
  return seededWorkOrders(size)
    .filter((wo) => wo.status === 'unassigned' && wo.province === province)
    .slice(0, count);
}
