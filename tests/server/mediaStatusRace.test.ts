import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, startTestServer, type TestServer } from './harness';
import { Device, detailOf, FreshWorkOrders, swapFor, upload } from './syncFixtures';

/**
 * Two photos of one completion uploaded at the same time (the client's queue sends 2 at a time): each upload's
 * markMediaCompleteFor runs before the other's photo row is committed, so neither sees all photos present.
 */
for (const backend of backends) {
  describe(`media status under concurrent uploads (${backend})`, () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(backend);
    });
    afterAll(() => server.close());

    it('marks a completion complete when its last two photos arrive at the same time', async () => {
      const supervisor = await server.login('supervisor1');
      const tech = await server.login('tech1');
      const fresh = new FreshWorkOrders(server, supervisor);
      const device = new Device(tech);
      const orders = await fresh.assignedTo('tech1', 20);
      const swaps = orders.map((wo) => swapFor(wo));
      for (const swap of swaps) expect((await device.send('swap.complete', swap.args)).status).toBe('applied');
      for (const swap of swaps) {
        await Promise.all(swap.photos.map((p, i) => upload(tech, p, i === 2 ? 'image/png' : 'image/jpeg')));
      }
      const statuses = await Promise.all(orders.map(async (wo) => (await detailOf(supervisor, wo.id)).completions[0]?.mediaStatus));
      expect(statuses.filter((s) => s !== 'complete')).toEqual([]);
    });
  });
}
