import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionAmendArgs } from '../../src/domain/protocol/mutations';
import { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import type { NewWorkOrder } from '../../server/store/records';
import { backends, startTestServer, type TestServer } from './harness';
import type { HttpClient } from './httpClient';
import { changesOf, completeOne, openItems, pullAll, resolveOk } from './reviewFixtures';
import { Device, FreshWorkOrders, jpeg, upload, type Swap } from './syncFixtures';

/** completion.amend (design §5: corrections are new mutations): a returned record corrected and resubmitted. */
describe.each(backends)('completion.amend (%s)', (backend) => {
  let server: TestServer;
  let tech1: HttpClient;
  let tech2: HttpClient;
  let supervisor1: HttpClient;
  let fresh: FreshWorkOrders;
  let tech1Id: string;

  beforeAll(async () => {
    server = await startTestServer(backend);
    tech1 = await server.login('tech1');
    tech2 = await server.login('tech2');
    supervisor1 = await server.login('supervisor1');
    fresh = new FreshWorkOrders(server, supervisor1);
    tech1Id = await server.userId('tech1');
  });
  afterAll(async () => {
    await server.close();
  });

  const stored = async (id: string) => (await server.store.workOrders.findByIds([id]))[0];

  /** A work order completed by tech1 (removed serial mistyped) and returned by the supervisor. */
  const returned = async (): Promise<{ wo: NewWorkOrder; swap: Swap; device: Device }> => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const device = new Device(tech1);
    const { swap, item } = await completeOne(server, device, wo, supervisor1, { removedSerial: 'GO-NHAM-01' });
    await resolveOk(supervisor1, item.id, { decision: 'return', note: 'Số công tơ tháo không khớp, kiểm tra lại' });
    return { wo, swap, device };
  };

  const amendArgs = (wo: NewWorkOrder, swap: Swap, patch: CompletionAmendArgs['patch']): CompletionAmendArgs => ({
    completionId: swap.args.completionId,
    workOrderId: wo.id,
    patch,
    reason: 'Đã sửa số công tơ theo phiếu',
    at: server.clock.now().toISOString(),
  });
  const fixedSerial = (wo: NewWorkOrder, swap: Swap): CompletionAmendArgs['patch'] => ({
    removed: { ...swap.args.removed, serial: wo.oldMeterSerial, serialMatches: true },
  });

  it("applies the technician's correction: completed again, a new open COMPLETION item, the previous payload kept", async () => {
    const { wo, swap, device } = await returned();
    const { cursor } = await pullAll(device);
    const version = (await stored(wo.id))?.version ?? 0;

    const result = await device.send('completion.amend', amendArgs(wo, swap, fixedSerial(wo, swap)));
    expect(result).toMatchObject({ status: 'applied' });
    expect(await stored(wo.id)).toMatchObject({ status: 'completed', version: version + 1, assigneeId: tech1Id });

    const completion = await server.store.completions.findById(swap.args.completionId);
    const payload = SwapCompleteArgs.parse(completion?.payload);
    expect(payload.removed.serial).toBe(wo.oldMeterSerial);
    expect(payload.installed).toEqual(swap.args.installed);
    expect(payload.handover).toEqual(swap.args.handover);
    expect(completion).toMatchObject({ primary: true, flags: [], mediaStatus: 'complete' });

    const open = await openItems(supervisor1, wo.id);
    expect(open.map((i) => i.code)).toEqual(['COMPLETION']);
    expect(open[0]?.detail).toContain('Đã sửa số công tơ theo phiếu');
    expect(open[0]?.completion?.removed.serial).toBe(wo.oldMeterSerial);

    const [audit] = await server.store.audit.listForEntity('completion', swap.args.completionId);
    expect(audit).toMatchObject({ actorId: tech1Id, action: 'completion.amend' });
    expect(SwapCompleteArgs.parse((audit?.before as { payload: unknown }).payload)).toEqual(swap.args);
    expect(SwapCompleteArgs.parse((audit?.after as { payload: unknown }).payload)).toEqual(payload);

    const { changes } = await pullAll(device, cursor);
    expect(changesOf(changes, 'workOrder', wo.id).at(-1)).toMatchObject({ op: 'upsert', version: version + 1, data: { status: 'completed' } });

    // The supervisor approves the corrected record: the loop closes.
    const [item] = open;
    if (!item) throw new Error('no item');
    expect((await resolveOk(supervisor1, item.id, { decision: 'approve' })).workOrderStatus).toBe('approved');
  });

  it('answers a retry of the same amend as duplicate, with no second effect', async () => {
    const { wo, swap, device } = await returned();
    const envelope = device.mutation('completion.amend', amendArgs(wo, swap, fixedSerial(wo, swap)));
    expect((await device.pushOk([envelope])).results[0]).toMatchObject({ status: 'applied' });
    const version = (await stored(wo.id))?.version;
    const again = await device.pushOk([envelope]);
    expect(again.results[0]).toMatchObject({ status: 'duplicate', original: { status: 'applied' } });
    expect((await stored(wo.id))?.version).toBe(version);
    expect(await openItems(supervisor1, wo.id)).toHaveLength(1);
    expect(await server.store.audit.listForEntity('completion', swap.args.completionId)).toHaveLength(1);
  });

  it('rejects NOT_AMENDABLE, keeping the payload: another technician, a work order not returned, a second amend, an unknown completion', async () => {
    const { wo, swap, device } = await returned();
    const other = new Device(tech2);
    const byOther = other.mutation('completion.amend', amendArgs(wo, swap, fixedSerial(wo, swap)));
    expect((await other.pushOk([byOther])).results[0]).toMatchObject({ status: 'rejected', error: { code: 'NOT_AMENDABLE' } });
    expect(await server.store.mutationLog.listRejectedForClient(other.clientId)).toEqual([
      expect.objectContaining({ mutationId: byOther.mutationId, payload: byOther }),
    ]);
    expect(await stored(wo.id)).toMatchObject({ status: 'returned' });

    expect((await device.send('completion.amend', amendArgs(wo, swap, fixedSerial(wo, swap)))).status).toBe('applied');
    // Completed again, waiting for review: nothing to correct until the supervisor returns it.
    const second = await device.send('completion.amend', amendArgs(wo, swap, { notes: 'Thêm ghi chú' }));
    expect(second).toMatchObject({ status: 'rejected', error: { code: 'NOT_AMENDABLE' } });

    const unknown = await device.send('completion.amend', { ...amendArgs(wo, swap, { notes: 'x' }), completionId: randomUUID() });
    expect(unknown).toMatchObject({ status: 'rejected', error: { code: 'NOT_AMENDABLE' } });
    const noOrder = await device.send('completion.amend', { ...amendArgs(wo, swap, { notes: 'x' }), workOrderId: randomUUID() });
    expect(noOrder).toMatchObject({ status: 'rejected', error: { code: 'UNKNOWN_WORK_ORDER' } });
    const empty = await device.send('completion.amend', amendArgs(wo, swap, {}));
    expect(empty).toMatchObject({ status: 'rejected', error: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses to amend a completion that was never returned', async () => {
    const [wo] = await fresh.assignedTo('tech1');
    if (!wo) throw new Error('no order');
    const device = new Device(tech1);
    const { swap } = await completeOne(server, device, wo, supervisor1);
    const result = await device.send('completion.amend', amendArgs(wo, swap, { notes: 'Sửa trước khi duyệt' }));
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'NOT_AMENDABLE' } });
    expect(SwapCompleteArgs.parse((await server.store.completions.findById(swap.args.completionId))?.payload).notes).toBeUndefined();
  });

  it('re-derives photos: a new photo keeps it awaiting photos until it arrives; a dropped one no longer counts', async () => {
    const { wo, swap, device } = await returned();
    const retaken = jpeg();
    const patch = { removed: { ...swap.args.removed, serial: wo.oldMeterSerial, serialMatches: true, photoIds: [retaken.id] } };
    expect((await device.send('completion.amend', amendArgs(wo, swap, patch))).status).toBe('applied');
    expect((await server.store.completions.findById(swap.args.completionId))?.mediaStatus).toBe('partial');
    expect((await openItems(supervisor1, wo.id))[0]?.completion?.removed.photoIds).toEqual([retaken.id]);

    expect((await upload(tech1, retaken)).status).toBe(201);
    expect((await server.store.completions.findById(swap.args.completionId))?.mediaStatus).toBe('complete');
    // The replaced photo is no longer the completion's: nobody reaches it through this work order any more.
    const [oldPhoto] = swap.args.removed.photoIds;
    expect(await server.store.photos.referencingWorkOrderIds(oldPhoto ?? '')).toEqual([]);
  });

  it('files the conflicts the corrected data still has', async () => {
    const { wo, swap, device } = await returned();
    const patch = { notes: 'Khách hàng xác nhận' };
    const result = await device.send('completion.amend', amendArgs(wo, swap, patch));
    expect(result).toMatchObject({ status: 'applied_with_conflict', conflict: { code: 'METER_SERIAL_MISMATCH' } });
    expect((await openItems(supervisor1, wo.id)).map((i) => i.code).sort()).toEqual(['COMPLETION', 'METER_SERIAL_MISMATCH']);
    expect((await server.store.completions.findById(swap.args.completionId))?.flags).toEqual(['METER_SERIAL_MISMATCH']);
  });
});
