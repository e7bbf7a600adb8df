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

const describeKind = (kind: 'meter' | 'seal') => (kind === 'meter' ? 'meter' : 'seal');

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
 * `before`: where each item was before this order's records took it (an item at this order's `installed:` holder
 * came from its install movement's `from_holder`).
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
  if (found.size === 0 && !(await tx.stock.everIssuedTo(technicianHolder(user.id)))) return null;
  const faults: string[] = [];
  const day = isoDayInVietnam(new Date(args.completedAt));
  for (const n of named) {
    const item = found.get(`${n.kind} ${n.code}`);
    const what = `${describeKind(n.kind)} ${n.code}`;
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

/** Reads the items a record names, by kind and code. */
async function readNamed(tx: TxRepos, named: readonly Named[], removedCode: string | null): Promise<Map<string, StockItemNow>> {
  const found = new Map<string, StockItemNow>();
  for (const kind of ['meter', 'seal'] as const) {
    const codes = named.filter((n) => n.kind === kind).map((n) => n.code);
    if (codes.length > 0) for (const item of await tx.stock.findByCodes(kind, codes)) found.set(`${kind} ${item.code}`, item);
  }
  if (removedCode !== null) for (const item of await tx.stock.findByCodes('removed', [removedCode])) found.set(`removed ${item.code}`, item);
  return found;
}

/**
 * Moves the stock a work order's record says it used, in the push's transaction (see the module's comment), and
 * answers the `STOCK_NOT_ISSUED` conflict when there is one. Call it only for the record that counts (a duplicate
 * completion moves nothing), after the work order's row, the installed serial and the photos are locked.
 *
 * Locks (PostgreSQL): stockRepo.lock on the teams of the items it moves, the same keys POST /stock/issue and
 * /stock/return take, plus one key per removed meter it creates (`removed:<code>`), all in one statement in sorted
 * order. The order everywhere is: work order row, installed serial, photos, stock, change feed (at commit); issue,
 * return and the delivery import take only stock then the feed, so none of them waits on a swap while holding what
 * the swap waits for. An item's team never changes, so the teams read before locking are the ones to lock; the items
 * are read again under the locks, and a team only seen then (a delivery committed in between) is locked after.
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

  const lockFor = (items: Iterable<StockItemNow>, locked: ReadonlySet<string>) =>
    [...new Set([...items].map((i) => i.team_id))].filter((t) => !locked.has(t));
  const first = await readNamed(tx, named, removedCode);
  const atSiteFirst = await tx.stock.heldBy(site);
  const keys = lockFor([...first.values(), ...atSiteFirst], new Set());
  if (removedCode !== null && !first.has(`removed ${removedCode}`)) keys.push(`removed:${removedCode}`);
  await tx.stock.lock(keys);
  const found = await readNamed(tx, named, removedCode);
  const atSite = await tx.stock.heldBy(site);
  const late = lockFor([...found.values(), ...atSite], new Set(keys));
  if (late.length > 0) await tx.stock.lock(late);

  const detail = await judge(ctx, wo, args, named, new Map([...found].filter(([key]) => !key.startsWith('removed '))));

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
  const installing = new Set<string>();
  for (const n of named) {
    const item = found.get(`${n.kind} ${n.code}`);
    if (item === undefined) continue;
    installing.add(item.id);
    if (item.holder !== site) movements.push(move(item, 'install', site, { note: args.installed.stockNote ?? null }));
  }
  // What an earlier record of this order installed and this one does not: back where its install took it from.
  for (const item of atSite) {
    if (!installing.has(item.id)) movements.push(move(item, 'uninstall', item.from_holder ?? hand));
  }

  const removed = removedCode === null ? undefined : found.get(`removed ${removedCode}`);
  if (removedCode !== null && removed === undefined && removedTeam !== null) {
    const id = randomUUID();
    const item = { id, team_id: removedTeam, kind: 'removed', code: removedCode, ...NO_DELIVERY_FIELDS };
    const first: NewStockMovement = { ...move({ ...item, ...FIRST_MOVE }, 'remove', hand, { label: bag }), from_holder: null };
    await tx.stock.insertItems([item], [first], at);
    created.push(first);
  } else if (removed !== undefined) {
    if (!(await tx.stock.wasRemovedAt(removed.id, wo.id))) movements.push(move(removed, 'remove', hand, { label: bag }));
    // Removed for this order already (a resubmission, an amend): only a new bag label, while the technician has it.
    else if (removed.holder === hand && bag !== null && bag !== removed.label) movements.push(move(removed, 'remove', hand, { label: bag }));
  }

  await tx.stock.appendMovements(movements);
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
