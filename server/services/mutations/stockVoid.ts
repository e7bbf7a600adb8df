import { STOCK_VOID_NOT_HELD } from '../../../src/domain/protocol/conflicts';
import { StockVoidArgs } from '../../../src/domain/protocol/mutations';
import { normalizeStockCode, technicianHolder, voidedHolder } from '../../../src/domain/stock/stock';
import type { StockVoidsTable } from '../../store/schema';
import type { StockItemNow } from '../../store/stock';
import { stockFeed } from './swapStock';
import { applied, rejected, type MutationHandler, type MutationOutcome } from './types';
import { mayDeliver } from './workOrderAccess';

const notHeld = (kind: string): MutationOutcome => {
  const conflict = {
    code: STOCK_VOID_NOT_HELD,
    detail: `This ${kind} was not in your stock: the void is kept, and your supervisor sees it in the reconciliation.`,
  };
  return { status: 'applied_with_conflict', conflict, conflicts: [conflict] };
};

/**
 * `stock.void` (issue 16 §4): a seal (or new meter) written off at the door, broken, damaged or lost, with its photos.
 * Idempotent on `voidId`: the same technician again is `applied`, another's id `ID_ALREADY_USED`. The void is always
 * kept (field evidence, one `stock_voids` row, `held` 1 or 0); when the technician holds the item it leaves their
 * stock by a `void` movement to `voided:<team>`. A code they do not hold moves nothing and is answered
 * `STOCK_VOID_NOT_HELD` without a review item: the supervisor's reconciliation shows it. A work order the technician
 * may not deliver is left out of the void (the rest of it still counts). Its photos are seen by the technician, their
 * team's supervisors and the admins (stock.voidPhotoTeamIds, photoService.find).
 *
 * Locks: stockRepo.lock on the item's team and on `void:<voidId>` in one statement (the order of design §6: stock,
 * then the change feed at commit; no work order row is locked).
 */
export const stockVoid: MutationHandler<StockVoidArgs> = {
  args: StockVoidArgs,
  async apply(ctx, args) {
    const { tx, user } = ctx;
    const code = normalizeStockCode(args.code);
    const hand = technicianHolder(user.id);
    const [before] = await tx.stock.findByCodes(args.kind, [code]);
    await tx.stock.lock([`void:${args.voidId}`, ...(before === undefined ? [] : [before.team_id])]);
    const existing = await tx.stock.findVoid(args.voidId);
    if (existing !== undefined) {
      if (existing.technician_id !== user.id) return rejected('ID_ALREADY_USED', `Void ${args.voidId} already exists for another technician.`);
      return existing.held === 1 ? applied : notHeld(existing.kind);
    }
    const [item]: (StockItemNow | undefined)[] = await tx.stock.findByCodes(args.kind, [code]);
    const held = item?.holder === hand ? item : undefined;
    const teamId = held?.team_id ?? user.teamId;
    if (teamId === null) return rejected('VALIDATION_FAILED', 'A technician of no team has no stock to void.');
    let workOrderId: string | null = null;
    if (args.workOrderId !== undefined) {
      const wo = await tx.workOrders.findById(args.workOrderId);
      if (wo !== undefined && (await mayDeliver(tx, wo, user.id))) workOrderId = wo.id;
    }
    const at = ctx.now.toISOString();
    const row: StockVoidsTable = {
      id: args.voidId,
      team_id: teamId,
      technician_id: user.id,
      kind: args.kind,
      code,
      reason: args.reason,
      note: args.note ?? null,
      work_order_id: workOrderId,
      photo_ids: JSON.stringify([...new Set(args.photoIds)]),
      held: held === undefined ? 0 : 1,
      at: new Date(args.at).toISOString(),
      received_at: at,
      mutation_id: ctx.mutationId,
    };
    await tx.stock.insertVoid(row);
    if (held === undefined) return notHeld(args.kind);
    const movement = {
      item_id: held.id,
      seq: held.seq + 1,
      team_id: held.team_id,
      kind: 'void',
      from_holder: hand,
      to_holder: voidedHolder(held.team_id),
      batch_id: args.voidId,
      actor_id: user.id,
      at,
      pliers_number: null,
      mutation_id: ctx.mutationId,
      work_order_id: workOrderId,
      note: args.note ?? null,
    };
    await tx.stock.appendMovements([movement]);
    await tx.changes.append(stockFeed([movement]), at);
    return applied;
  },
};
