import { randomUUID } from 'node:crypto';
import { verificationValidUntil } from '../../../src/domain/capture/stockRule';
import type { SwapCompleteArgs } from '../../../src/domain/protocol/mutations';
import { installedHolder, normalizeStockCode, parseHolder, technicianHolder, type MovementKind } from '../../../src/domain/stock/stock';
import { isoDayInVietnam } from '../../../src/domain/time/time';
import type { NewChange, StoredWorkOrder } from '../../store/records';
import type { NewStockMovement, StockItemNow } from '../../store/stock';
import type { TxRepos } from '../../store/store';
import type { SwapConflict } from './swapRules';
import type { MutationContext } from './types';

/*
 * What a swap does to stock (issue 16 §3, design §6 "Stock at the door"): the record that counts for a work order
 * (its primary completion, or that record amended) installs its new meter and seals at `installed:<workOrder>` and
 * puts the removed meter in the technician's hands with its bag label. It is judged against the state before it
 * moves anything: an item the technician did not hold (or that does not fit the order) is a `STOCK_NOT_ISSUED` review
 * item, never a refusal (field evidence). A later record of the same order (a resubmission after a return, an
 * amend) is compared with what the order holds: what it no longer installs goes back where it came from
 * (`uninstall`), what it adds is installed, and the removed meter is never removed twice for one order.
 */

/** An item the record installs, as the technician wrote it. */
interface Named {
  kind: 'meter' | 'seal';
  code: string;
}

/** Where an item was when this record came, in English (the review item's detail). */
async function whereItWas(tx: TxRepos, holder: string, technicianId: string): Promise<string | null> {
  const parsed = parseHolder(holder);
  if (parsed === null) return 'not where the stock can say';
  switch (parsed.kind) {
    case 'technician': {
      if (parsed.id === technicianId) return null;
      const other = await tx.users.findById(parsed.id);
      return `with another technician (${other?.displayName ?? parsed.id})`;
    }
    case 'warehouse':
      return 'still in the warehouse: never issued to the technician';
    case 'installed': {
      const [wo] = await tx.workOrders.findByIds([parsed.id]);
      return `already installed at work order ${wo?.code ?? parsed.id}`;
    }
    case 'voided':
      return 'voided (written off) already';
  }
}

/**
 * The review item's detail, or null when everything the record installs was the technician's and fits the order.
 * Where an item was is judged before this order's records took it: one at this order's `installed:` holder (an
 * earlier record of the order installed it) came from its install movement's `from_holder`.
 */
async function judge(
  ctx: MutationContext,
  wo: StoredWorkOrder,
  args: SwapCompleteArgs,
  named: readonly Named[],
  found: ReadonlyMap<string, StockItemNow>,
): Promise<string | null> {
  const { tx, user } = ctx;
  const site = installedHolder(wo.id);
  // A technician who never received stock, installing items the stock does not know: the team does not work from
  // stock (yet), and a review item for every swap would say nothing.
  if (found.size === 0 && !(await everIssued(tx, user.id))) return null;
  const faults: string[] = [];
  const day = isoDayInVietnam(new Date(args.completedAt));
  for (const n of named) {
    const item = found.get(`${n.kind} ${n.code}`);
    const what = `${n.kind} ${n.code}`;
    if (item === undefined) {
      faults.push(`${what}: not in any team's stock`);
      continue;
    }
    const before = item.holder === site ? (item.from_holder ?? site) : item.holder;
    const where = await whereItWas(tx, before, user.id);
    if (where !== null) faults.push(`${what}: ${where}`);
    if (n.kind !== 'meter') continue;
    const phases = item.phases === 1 || item.phases === 3 ? item.phases : null;
    if (phases !== null && phases !== wo.phases) faults.push(`${what}: a ${phases}-phase meter on a ${wo.phases}-phase order`);
    if (item.verified_on !== null) {
      const until = verificationValidUntil(item.verified_on, phases ?? wo.phases);
      if (until < day) faults.push(`${what}: its verification ran out on ${until}, before the swap on ${day}`);
    }
  }
  if (faults.length === 0) return null;
  const note = args.installed.stockNote;
  const reason = note === undefined ? 'No reason given.' : `Technician's reason: "${note}".`;
  return `Not from the technician's stock: ${faults.join('; ')}. ${reason}`;
}

/** Upserts for the technician an item reaches, revokes for the one it leaves (the pull's `stockItem`). */
export function stockFeed(movements: readonly NewStockMovement[]): NewChange[] {
  const changes: NewChange[] = [];
  for (const m of movements) {
    const from = m.from_holder === null ? null : parseHolder(m.from_holder);
    const to = parseHolder(m.to_holder);
    if (from?.kind === 'technician' && !(to?.kind === 'technician' && to.id === from.id)) {
      changes.push({ recipientUserId: from.id, entity: 'stockItem', entityId: m.item_id, op: 'revoke', entityVersion: m.seq });
    }
    if (to?.kind === 'technician') {
      changes.push({ recipientUserId: to.id, entity: 'stockItem', entityId: m.item_id, op: 'upsert', entityVersion: m.seq });
    }
  }
  return changes;
}

/** Whether a technician was ever issued stock, asked once per push (nothing is issued inside a push). */
const issuedIn = new WeakMap<TxRepos, Map<string, boolean>>();
async function everIssued(tx: TxRepos, technicianId: string): Promise<boolean> {
  const known = issuedIn.get(tx) ?? new Map<string, boolean>();
  issuedIn.set(tx, known);
  let issued = known.get(technicianId);
  if (issued === undefined) {
    issued = await tx.stock.everIssuedTo(technicianHolder(technicianId));
    known.set(technicianId, issued);
  }
  return issued;
}

/**
 * Moves the stock a work order's record says it used, in the push's transaction (see the module's comment), and
 * answers the `STOCK_NOT_ISSUED` conflict when there is one. Call it only for the record that counts (a duplicate
 * completion moves nothing), after the work order's row, the installed serial and the photos are locked.
 *
 * Statements: one read (stock.readForSwap) and, for a swap the stock knows nothing of, one more to create the removed
 * meter with its first movement (stock.insertIfAbsent); a lock and an append only when existing items move.
 *
 * Locks (PostgreSQL): stockRepo.lock on the teams of the existing items it moves, the keys POST /stock/issue and
 * /stock/return take, all in one statement in sorted order. The order everywhere is: work order row, installed
 * serial, photos, stock, change feed (at commit); issue, return and the delivery import take only stock then the
 * feed, so none of them waits on a swap while holding what the swap waits for. The items are read before the lock:
 * an item's team never changes, and a move committed in between took the item's next `seq`, so this append collides
 * on the movements' key and the push runs the swap again under a savepoint, reading anew (pushService). A removed
 * meter seen for the first time needs no lock: nobody can move it before this commits, and a second swap creating it
 * at once meets the items' unique key (kind, code) and takes the existing item's path.
 */
export async function moveSwapStock(ctx: MutationContext, wo: StoredWorkOrder, args: SwapCompleteArgs): Promise<SwapConflict | null> {
  const { tx, user } = ctx;
  const hand = technicianHolder(user.id);
  const site = installedHolder(wo.id);
  const named: Named[] = [];
  const seen = new Set<string>();
  const name = (kind: 'meter' | 'seal', raw: string) => {
    const code = normalizeStockCode(raw);
    if (code === '' || seen.has(`${kind} ${code}`)) return;
    seen.add(`${kind} ${code}`);
    named.push({ kind, code });
  };
  name('meter', args.installed.serial);
  for (const seal of args.installed.seals) name('seal', seal.code);
  const removedCode = normalizeStockCode(args.removed.serial) || null;
  const bag = args.removed.bagLabel === undefined ? null : normalizeStockCode(args.removed.bagLabel) || null;
  // The removed meter belongs to the order's team (the technician's, for an order of no team).
  const removedTeam = wo.teamId ?? user.teamId;

  const rows = await tx.stock.readForSwap([...named, ...(removedCode === null ? [] : [{ kind: 'removed', code: removedCode }])], site, wo.id);
  const byKey = new Map(rows.map((r) => [`${r.kind} ${r.code}`, r]));
  const found = new Map([...byKey].filter(([key]) => seen.has(key)));
  const detail = await judge(ctx, wo, args, named, found);

  const at = ctx.now.toISOString();
  const batchId = randomUUID();
  const move = (item: StockItemNow, kind: MovementKind, to: string, extra: Partial<NewStockMovement> = {}): NewStockMovement => ({
    item_id: item.id,
    seq: item.seq + 1,
    team_id: item.team_id,
    kind,
    from_holder: item.holder,
    to_holder: to,
    batch_id: batchId,
    actor_id: user.id,
    at,
    pliers_number: null,
    mutation_id: ctx.mutationId,
    work_order_id: wo.id,
    ...extra,
  });
  const movements: NewStockMovement[] = [];
  const created: NewStockMovement[] = [];
  for (const item of found.values()) {
    if (item.holder !== site) movements.push(move(item, 'install', site, { note: args.installed.stockNote ?? null }));
  }
  // What an earlier record of this order installed and this one does not: back where its install took it from.
  for (const item of rows) {
    if (item.holder === site && item.kind !== 'removed' && !found.has(`${item.kind} ${item.code}`)) {
      movements.push(move(item, 'uninstall', item.from_holder ?? hand));
    }
  }

  let removed = removedCode === null ? undefined : byKey.get(`removed ${removedCode}`);
  if (removedCode !== null && removed === undefined && removedTeam !== null) {
    const item = { id: randomUUID(), team_id: removedTeam, kind: 'removed', code: removedCode, ...NO_DELIVERY_FIELDS };
    const first: NewStockMovement = { ...move({ ...item, ...FIRST_MOVE }, 'remove', hand, { label: bag }), from_holder: null };
    if (await tx.stock.insertIfAbsent(item, first, at)) created.push(first);
    // Created by another swap since the read (the same old meter at two doors at once): it goes on from there.
    else removed = (await tx.stock.readForSwap([{ kind: 'removed', code: removedCode }], site, wo.id)).find((r) => r.kind === 'removed');
  }
  if (removed !== undefined) {
    if (removed.removed_here !== 1) movements.push(move(removed, 'remove', hand, { label: bag }));
    // Removed for this order already (a resubmission, an amend): only a new bag label, while the technician has it.
    else if (removed.holder === hand && bag !== null && bag !== removed.label) movements.push(move(removed, 'remove', hand, { label: bag }));
  }

  if (movements.length > 0) {
    await tx.stock.lock([...new Set(movements.map((m) => m.team_id))]);
    await tx.stock.appendMovements(movements);
  }
  await tx.changes.append(stockFeed([...created, ...movements]), at);
  return detail === null ? null : { code: 'STOCK_NOT_ISSUED', detail };
}

/** A removed meter's item: nothing of a delivery is known of it. */
const NO_DELIVERY_FIELDS = {
  model: null,
  phases: null,
  manufacture_year: null,
  verified_on: null,
  verification_no: null,
  remote_read: null,
  seal_kind: null,
  lot: null,
};

/** What `move` needs of an item not written yet: its first movement is seq 1. */
const FIRST_MOVE = {
  seq: 0,
  holder: '',
  since: '',
  pliers_number: null,
  holder_name: null,
  movement_kind: '',
  from_holder: null,
  movement_work_order_id: null,
  label: null,
  created_at: '',
};
