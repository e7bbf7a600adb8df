import { randomUUID } from 'node:crypto';
import type { FieldError } from '../../src/domain/protocol/errors';
import { ok } from '../../src/domain/protocol/result';
import { RemoteReadType, SealKind } from '../../src/domain/capture/handoverFields';
import {
  expandRange,
  MAX_MOVE_ITEMS,
  normalizeStockCode,
  parseHolder,
  RANGE_FAULT_MESSAGES,
  STOCK_CODE_PATTERN,
  technicianHolder,
  warehouseHolder,
  type StockItem,
  type StockItemPage,
  type StockItemsQuery,
  StockKind,
  type StockMoveRequest,
  type StockMoveResponse,
  type StockSummary,
  type StockSummaryQuery,
} from '../../src/domain/stock/stock';
import type { StockItemNow } from '../store/stock';
import type { Store } from '../store/store';
import type { AuthContext } from './authService';
import type { Clock } from './clock';
import { failure, type Result } from './result';

/*
 * Issue and return of stock between a team's warehouse and its technicians, the stock lists and the summary
 * (issue 16 §2). Every request is checked whole before anything is written: a code that is not where it should
 * be names its field, and nothing moves.
 */

/** Field errors listed in one refusal; the detail counts them all. */
const ERRORS_LISTED = 100;

type MoveKind = 'issue' | 'return';

interface Wanted {
  kind: StockKind;
  code: string;
  path: string;
}

function readCodes(request: StockMoveRequest, errors: FieldError[]): Wanted[] {
  const wanted: Wanted[] = [];
  const state = { overflow: false };
  const seen = new Map<string, string>();
  const add = (kind: StockKind, code: string, path: string) => {
    const key = `${kind} ${code}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.push({ path, code: 'duplicate_code', message: `${code} is already named at ${first}.`, params: { value: code, first } });
      return;
    }
    seen.set(key, path);
    wanted.push({ kind, code, path });
  };
  const lists: [StockKind, string[] | undefined, 'meters' | 'seals'][] = [
    ['meter', request.meters, 'meters'],
    ['seal', request.seals, 'seals'],
  ];
  for (const [kind, list, field] of lists) {
    (list ?? []).forEach((raw, i) => {
      const code = normalizeStockCode(raw);
      if (!STOCK_CODE_PATTERN.test(code)) {
        errors.push({
          path: `${field}.${i}`,
          code: 'invalid_code',
          message: `"${raw}" ${RANGE_FAULT_MESSAGES.invalid_code}.`,
          params: { value: raw },
        });
      } else add(kind, code, `${field}.${i}`);
    });
  }
  // Removed meters by serial or bag label: a label need not look like a code, so only blanks are refused here.
  (request.removed ?? []).forEach((raw, i) => {
    const code = normalizeStockCode(raw);
    if (code === '') {
      errors.push({
        path: `removed.${i}`,
        code: 'invalid_code',
        message: 'A removed meter is named by its serial or bag label.',
        params: { value: raw },
      });
    } else add('removed', code, `removed.${i}`);
  });
  const ranges: [StockKind, StockMoveRequest['meterRanges'], 'meterRanges' | 'sealRanges'][] = [
    ['meter', request.meterRanges, 'meterRanges'],
    ['seal', request.sealRanges, 'sealRanges'],
  ];
  for (const [kind, list, field] of ranges) {
    (list ?? []).forEach((range, i) => {
      const expanded = expandRange(range.from, range.to);
      if ('fault' in expanded) {
        errors.push({
          path: `${field}.${i}`,
          code: expanded.fault,
          message: `${range.from}–${range.to} ${RANGE_FAULT_MESSAGES[expanded.fault]}.`,
          params: { from: range.from, to: range.to, ...(expanded.count === undefined ? {} : { count: expanded.count }) },
        });
        return;
      }
      if (wanted.length + expanded.codes.length > MAX_MOVE_ITEMS) {
        state.overflow = true;
        return;
      }
      for (const code of expanded.codes) add(kind, code, `${field}.${i}`);
    });
  }
  if (state.overflow || wanted.length > MAX_MOVE_ITEMS) {
    errors.push({
      path: '(root)',
      code: 'too_many_items',
      message: `One request moves at most ${MAX_MOVE_ITEMS} items: split it.`,
      params: { max: MAX_MOVE_ITEMS },
    });
  }
  return wanted;
}

function refuse(errors: FieldError[], what: string) {
  const listed = errors.slice(0, ERRORS_LISTED);
  const more = errors.length > listed.length ? `; the first ${listed.length} are listed` : '';
  return failure('VALIDATION_FAILED', `${errors.length} item(s) cannot be ${what}${more}; nothing was moved.`, { errors: listed });
}

/** An item as the API and the pull send it. */
export function toStockItem(row: StockItemNow): StockItem {
  const holder = parseHolder(row.holder);
  const remote = RemoteReadType.safeParse(row.remote_read);
  const seal = SealKind.safeParse(row.seal_kind);
  const kind = StockKind.safeParse(row.kind);
  const removed = row.kind === 'removed';
  return {
    id: row.id,
    kind: kind.success ? kind.data : 'meter',
    code: row.code,
    teamId: row.team_id,
    model: row.model,
    phases: row.phases === 1 || row.phases === 3 ? row.phases : null,
    manufactureYear: row.manufacture_year,
    verifiedOn: row.verified_on,
    verificationNo: row.verification_no,
    remoteRead: remote.success ? remote.data : null,
    sealKind: seal.success ? seal.data : null,
    lot: row.lot,
    holder:
      holder === null
        ? { kind: 'other', id: null, name: null }
        : { kind: holder.kind, id: holder.id, name: holder.kind === 'technician' ? (row.holder_name ?? null) : null },
    since: row.since,
    pliersNumber: row.pliers_number,
    // A removed meter's bag label and work order: those of its latest movement, its `remove` while a technician has it.
    ...(removed ? { label: row.label, workOrderId: row.movement_work_order_id } : {}),
  };
}

const encodeCursor = (key: { kind: string; code: string }) => Buffer.from(JSON.stringify([key.kind, key.code])).toString('base64url');
function decodeCursor(cursor: string): { kind: string; code: string } | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { kind: value[0], code: value[1] };
    }
  } catch {
    // falls through
  }
  return null;
}

export function createStockService(store: Store, clock: Clock) {
  /** The team a manager's request is about: a supervisor's own; an admin's `teamId` (null: every team). */
  function managedTeam(auth: AuthContext, teamId: string | undefined): Result<string | null> {
    if (auth.user.role === 'admin') return ok(teamId ?? null);
    if (auth.user.teamId === null) return failure('FORBIDDEN', 'A supervisor without a team has no stock.');
    if (teamId !== undefined && teamId !== auth.user.teamId) return failure('FORBIDDEN', "Supervisors see only their own team's stock.");
    return ok(auth.user.teamId);
  }

  /** `POST /stock/issue` (warehouse → technician) and `POST /stock/return` (technician → warehouse). */
  async function move(auth: AuthContext, request: StockMoveRequest, kind: MoveKind): Promise<Result<StockMoveResponse>> {
    const technician = await store.users.findById(request.technicianId);
    if (technician === undefined || technician.role !== 'technician' || technician.teamId === null) {
      return failure('VALIDATION_FAILED', 'Stock moves to and from a technician of a team.', {
        errors: [{ path: 'technicianId', code: 'not_technician', message: 'No technician of a team has this id.' }],
      });
    }
    if (auth.user.role !== 'admin' && technician.teamId !== auth.user.teamId) {
      // As an assignment to another team's technician: not allowed, whatever the items.
      return failure('FORBIDDEN', 'This technician belongs to another team.', {
        errors: [{ path: 'technicianId', code: 'other_team', message: `${technician.displayName} belongs to another team.` }],
      });
    }
    const teamId = technician.teamId;
    const errors: FieldError[] = [];
    if (kind === 'return' && request.pliersNumber !== undefined) {
      errors.push({ path: 'pliersNumber', code: 'not_expected', message: 'A pliers number goes with an issue of seals, not a return.' });
    }
    if (kind === 'issue' && request.removed !== undefined) {
      errors.push({ path: 'removed', code: 'not_expected', message: 'Removed meters come back from a technician: they are returned, never issued.' });
    }
    const wanted = readCodes(request, errors);
    if (errors.length > 0) return refuse(errors, kind === 'issue' ? 'issued' : 'returned');
    if (wanted.length === 0) {
      return failure('VALIDATION_FAILED', 'Name at least one meter or seal.', {
        errors: [{ path: '(root)', code: 'empty', message: 'Add meters, meterRanges, seals, sealRanges or removed.' }],
      });
    }
    const warehouse = warehouseHolder(teamId);
    const hand = technicianHolder(technician.id);
    const [from, to] = kind === 'issue' ? [warehouse, hand] : [hand, warehouse];
    const at = clock.now().toISOString();
    const batchId = randomUUID();

    return store.transaction(async (tx) => {
      await tx.stock.lock([teamId]);
      const found = new Map<string, StockItemNow>();
      for (const k of ['meter', 'seal'] as const) {
        const codes = wanted.filter((w) => w.kind === k).map((w) => w.code);
        if (codes.length === 0) continue;
        for (const item of await tx.stock.findByCodes(k, codes)) found.set(`${k} ${item.code}`, item);
      }
      // Removed meters the technician holds, by serial or by bag label (returns only; issue refused them above).
      const removedCodes = wanted.filter((w) => w.kind === 'removed').map((w) => w.code);
      const inHand = await tx.stock.removedHeldByCodeOrLabel(hand, removedCodes);
      // A removed meter belongs to its work order's team, which may not be the technician's now: that team is locked
      // too, then the meters are read again. Taken after the technician's team, so this rare cross-team case is the
      // one place two stock lock statements could cross; PostgreSQL would end such a deadlock by failing one side
      // (503, retried), never by writing half of it.
      const otherTeams = [...new Set(inHand.map((i) => i.team_id))].filter((t) => t !== teamId);
      if (otherTeams.length > 0) {
        await tx.stock.lock(otherTeams);
        inHand.splice(0, inHand.length, ...(await tx.stock.removedHeldByCodeOrLabel(hand, removedCodes)));
      }
      const movements = [];
      const taken = new Map<string, string>();
      for (const w of wanted) {
        if (w.kind === 'removed') {
          const item = inHand.find((i) => i.code === w.code) ?? inHand.find((i) => i.label === w.code);
          const first = item === undefined ? undefined : taken.get(item.id);
          if (item === undefined) {
            errors.push({
              path: w.path,
              code: 'not_held',
              message: `No removed meter ${w.code} (serial or bag label) is with ${technician.displayName}: never removed by them, or returned already.`,
              params: { value: w.code },
            });
          } else if (first !== undefined) {
            errors.push({
              path: w.path,
              code: 'duplicate_code',
              message: `${w.code} is the meter already named at ${first}.`,
              params: { value: w.code, first },
            });
          } else {
            taken.set(item.id, w.path);
            movements.push({
              item_id: item.id,
              seq: item.seq + 1,
              team_id: item.team_id,
              kind,
              from_holder: from,
              to_holder: to,
              batch_id: batchId,
              actor_id: auth.user.id,
              at,
              pliers_number: null,
              mutation_id: null,
            });
          }
          continue;
        }
        const item = found.get(`${w.kind} ${w.code}`);
        if (item === undefined || item.team_id !== teamId) {
          errors.push({
            path: w.path,
            code: 'not_in_stock',
            message: `${w.code} is not in the team's stock: import the delivery that brought it first.`,
            params: { value: w.code },
          });
        } else if (item.holder !== from) {
          errors.push(
            kind === 'issue'
              ? { path: w.path, code: 'not_in_warehouse', message: `${w.code} is not in the warehouse now.`, params: { value: w.code } }
              : {
                  path: w.path,
                  code: 'not_held',
                  message: `${w.code} is not with ${technician.displayName}: it was never issued to them or has moved on.`,
                  params: { value: w.code },
                },
          );
        } else {
          movements.push({
            item_id: item.id,
            seq: item.seq + 1,
            team_id: teamId,
            kind,
            from_holder: from,
            to_holder: to,
            batch_id: batchId,
            actor_id: auth.user.id,
            at,
            pliers_number: kind === 'issue' && w.kind === 'seal' ? (request.pliersNumber ?? null) : null,
            mutation_id: null,
          });
        }
      }
      if (errors.length > 0) return refuse(errors, kind === 'issue' ? 'issued' : 'returned');
      await tx.stock.appendMovements(movements);
      // The technician's device keeps what they hold (the pull, `stock=1`): an issue upserts, a return revokes.
      await tx.changes.append(
        movements.map((m) => ({
          recipientUserId: technician.id,
          entity: 'stockItem' as const,
          entityId: m.item_id,
          op: kind === 'issue' ? ('upsert' as const) : ('revoke' as const),
          entityVersion: m.seq,
        })),
        at,
      );
      const meters = wanted.filter((w) => w.kind === 'meter').length;
      const seals = wanted.filter((w) => w.kind === 'seal').length;
      const removed = wanted.length - meters - seals;
      await tx.audit.append([
        {
          actorId: auth.user.id,
          action: `stock.${kind}`,
          entity: 'user',
          entityId: technician.id,
          before: null,
          after: {
            batchId,
            meters,
            seals,
            ...(removed === 0 ? {} : { removed }),
            ...(request.pliersNumber === undefined ? {} : { pliersNumber: request.pliersNumber }),
          },
          at,
        },
      ]);
      return ok({ batchId, kind, meters, seals, removed });
    });
  }

  /** `GET /stock/items`: a technician's own items; a supervisor's team's (all, the warehouse's, or one technician's). */
  async function items(auth: AuthContext, query: StockItemsQuery): Promise<Result<StockItemPage>> {
    let teamId: string | null;
    let holder: string | undefined;
    if (auth.user.role === 'technician') {
      if (query.teamId !== undefined || (query.holder !== undefined && query.holder !== auth.user.id)) {
        return failure('FORBIDDEN', 'A technician sees only their own stock.');
      }
      teamId = auth.user.teamId;
      holder = technicianHolder(auth.user.id);
    } else {
      const team = managedTeam(auth, query.teamId);
      if (!team.ok) return team;
      teamId = team.value;
      if (query.holder === 'warehouse') {
        if (teamId === null) {
          return failure('VALIDATION_FAILED', 'Name the team whose warehouse to list.', {
            errors: [{ path: 'teamId', code: 'required', message: 'Add ?teamId= with the id of a team.' }],
          });
        }
        holder = warehouseHolder(teamId);
      } else if (query.holder !== undefined) holder = technicianHolder(query.holder);
    }
    let after: { kind: string; code: string } | undefined;
    if (query.cursor !== undefined) {
      const decoded = decodeCursor(query.cursor);
      if (decoded === null) {
        return failure('VALIDATION_FAILED', 'The cursor is not one this server gave out.', {
          errors: [{ path: 'cursor', code: 'invalid_cursor', message: 'Start again without a cursor.' }],
        });
      }
      after = decoded;
    }
    const rows = await store.stock.list({
      teamId,
      ...(holder === undefined ? {} : { holder }),
      ...(query.kind === undefined ? {} : { kind: query.kind }),
      ...(query.q === undefined ? {} : { prefix: normalizeStockCode(query.q) }),
      ...(after === undefined ? {} : { after }),
      limit: query.limit + 1,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return ok({ items: page.map(toStockItem), nextCursor: rows.length > query.limit && last !== undefined ? encodeCursor(last) : null });
  }

  /** `GET /stock/summary`: what the warehouse and each technician of the team hold now. */
  async function summary(auth: AuthContext, query: StockSummaryQuery): Promise<Result<StockSummary>> {
    const team = managedTeam(auth, query.teamId);
    if (!team.ok) return team;
    const teamId = team.value;
    if (teamId === null) {
      return failure('VALIDATION_FAILED', 'Name the team.', {
        errors: [{ path: 'teamId', code: 'required', message: 'Add ?teamId= with the id of a team.' }],
      });
    }
    if ((await store.teams.findById(teamId)) === undefined) {
      return failure('VALIDATION_FAILED', 'No such team.', { errors: [{ path: 'teamId', code: 'not_found', message: 'Unknown team.' }] });
    }
    return ok(
      await store.snapshot(async (tx) => {
        const holdings = await tx.stock.holdings(teamId);
        const technicians = await tx.users.listActiveTechnicians(teamId);
        const counts = new Map<string, { meters: number; seals: number; removed: number }>();
        for (const h of holdings) {
          const c = counts.get(h.holder) ?? { meters: 0, seals: 0, removed: 0 };
          if (h.kind === 'seal') c.seals += h.items;
          else if (h.kind === 'removed') c.removed += h.items;
          else c.meters += h.items;
          counts.set(h.holder, c);
        }
        const named = new Map(technicians.map((t) => [t.id, t.displayName]));
        // A technician who left the team may still hold items: listed too, by id until a name is found.
        for (const h of holdings) {
          const parsed = parseHolder(h.holder);
          if (parsed?.kind === 'technician' && !named.has(parsed.id)) {
            named.set(parsed.id, (await tx.users.findById(parsed.id))?.displayName ?? parsed.id);
          }
        }
        return {
          teamId,
          warehouse: counts.get(warehouseHolder(teamId)) ?? { meters: 0, seals: 0, removed: 0 },
          technicians: [...named].map(([technicianId, name]) => ({
            technicianId,
            name,
            ...(counts.get(technicianHolder(technicianId)) ?? { meters: 0, seals: 0, removed: 0 }),
          })),
        };
      }),
    );
  }

  return {
    issue: (auth: AuthContext, request: StockMoveRequest) => move(auth, request, 'issue'),
    return: (auth: AuthContext, request: StockMoveRequest) => move(auth, request, 'return'),
    items,
    summary,
  };
}

export type StockService = ReturnType<typeof createStockService>;
