import { expect } from 'vitest';
import { ResolveReviewResponse, ReviewQueue, type ReviewQueueItem } from '../../src/domain/console/reviews';
import { PullResponse, type Change } from '../../src/domain/protocol/sync';
import type { NewWorkOrder } from '../../server/store/records';
import type { TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { Device, swapFor, upload, type Swap, type SwapOverrides } from './syncFixtures';

/** Every change of the device's feed after `cursor` (from the beginning without one). */
export async function pullAll(device: Device, cursor?: string): Promise<{ changes: Change[]; cursor: string }> {
  const changes: Change[] = [];
  let next = cursor;
  for (;;) {
    const query = new URLSearchParams({ clientId: device.clientId, ...(next === undefined ? {} : { cursor: next }) });
    const res = await device.http.get(`/api/v1/sync/pull?${query}`);
    expect(res.status, res.text).toBe(200);
    const page = PullResponse.parse(res.json());
    changes.push(...page.changes);
    next = page.cursor;
    if (!page.hasMore) return { changes, cursor: page.cursor };
  }
}

export async function queueOf(client: HttpClient, query: Record<string, string>): Promise<ReviewQueue> {
  const res = await client.get(`/api/v1/reviews?${new URLSearchParams(query)}`);
  expect(res.status, res.text).toBe(200);
  return ReviewQueue.parse(res.json());
}

/** The open items of one work order, oldest first. */
export async function openItems(client: HttpClient, workOrderId: string): Promise<ReviewQueueItem[]> {
  return (await queueOf(client, { status: 'open', workOrderId })).items;
}

export async function resolveOk(
  client: HttpClient,
  reviewId: string,
  body: { decision: 'approve' | 'return'; note?: string },
): Promise<ResolveReviewResponse> {
  const res = await client.post(`/api/v1/reviews/${reviewId}/resolve`, body);
  expect(res.status, res.text).toBe(200);
  return ResolveReviewResponse.parse(res.json());
}

/** A completion of `wo` pushed by the device, its photos uploaded; answers the swap and its open COMPLETION item. */
export async function completeOne(
  server: TestServer,
  device: Device,
  wo: NewWorkOrder,
  supervisor: HttpClient,
  overrides: SwapOverrides & { uploadPhotos?: boolean } = {},
): Promise<{ swap: Swap; item: ReviewQueueItem }> {
  const swap = swapFor(wo, overrides);
  const result = await device.send('swap.complete', swap.args);
  expect(['applied', 'applied_with_conflict']).toContain(result.status);
  if (overrides.uploadPhotos !== false) {
    for (const photo of swap.photos) expect((await upload(device.http, photo)).status).toBe(201);
  }
  const item = (await openItems(supervisor, wo.id)).find((i) => i.code === 'COMPLETION');
  if (!item) throw new Error(`no COMPLETION item for ${wo.code} on ${server.store.dialect}`);
  return { swap, item };
}

export const changesOf = (changes: readonly Change[], entity: Change['entity'], id: string) =>
  changes.filter((c) => c.entity === entity && c.id === id);
