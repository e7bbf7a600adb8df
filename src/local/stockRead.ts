import type { HeldStock } from '../domain/capture/stockRule';
import { normalizeMeterSerial } from '../domain/capture/identifiers';
import { recordSendState, type RecordSendState } from '../domain/protocol/outboxRules';
import { normalizeStockCode } from '../domain/stock/stock';
import type { RecordRow, StockRow, StockVoidRow, UserDatabase } from './database';
import { outboxTable } from './outboxStore';
import { photosTable, readPhotoFailures } from './photoQueueStore';
import { STOCK_VOID_DRAFT_KIND } from './stockVoidDraft';

/*
 * What the device knows of the technician's stock (issue 16), read in one transaction: no React here, so commands
 * (src/local/capture.ts) read it too; the screens' live versions are in ./stockHooks.ts.
 */

type SwapRecord = Extract<RecordRow, { kind: 'swap' }>;

/** What this device already did with stock items: meters installed, seals clamped, items voided. */
interface DeviceUse {
  installed: Set<string>;
  sealsUsed: Set<string>;
  voidedMeters: Set<string>;
  voidedSeals: Set<string>;
}

function deviceUse(records: readonly RecordRow[], voids: readonly StockVoidRow[], exceptWorkOrderId: string | null): DeviceUse {
  const use: DeviceUse = { installed: new Set(), sealsUsed: new Set(), voidedMeters: new Set(), voidedSeals: new Set() };
  for (const record of records) {
    if (record.kind !== 'swap' || record.workOrderId === exceptWorkOrderId) continue;
    use.installed.add(normalizeStockCode(record.args.installed.serial));
    for (const seal of record.args.installed.seals) use.sealsUsed.add(normalizeStockCode(seal.code));
  }
  for (const v of voids) (v.args.kind === 'seal' ? use.voidedSeals : use.voidedMeters).add(normalizeStockCode(v.args.code));
  return use;
}

/**
 * The technician's stock as the device holds it (issue 16): meters by serial, seals by code (pulled), less what this
 * device already used on other work orders or voided, which the server may not know yet: a meter installed elsewhere
 * or voided is no longer held, and a seal clamped elsewhere or voided counts as used (it can't be clamped again).
 * Undefined while loading, or when the device has no stock at all (nothing issued yet, or a server without stock):
 * the stock rule then judges nothing.
 */
export async function readHeldStock(db: UserDatabase, exceptWorkOrderId: string): Promise<HeldStock | undefined> {
  return db.transaction('r', [db.stock, db.records, db.stockVoids], async () => {
    const rows = await db.stock.toArray();
    if (!rows.some((r) => r.kind !== 'removed')) return undefined;
    const use = deviceUse(await db.records.toArray(), await db.stockVoids.toArray(), exceptWorkOrderId);
    const meters = new Map(
      rows.filter((r) => r.kind === 'meter' && !use.installed.has(r.code) && !use.voidedMeters.has(r.code)).map((r) => [r.code, r]),
    );
    const seals = new Set(rows.filter((r) => r.kind === 'seal').map((r) => r.code));
    const usedSeals = new Set([...use.sealsUsed, ...use.voidedSeals]);
    return { meters, seals, usedSeals, voidedSeals: use.voidedSeals };
  });
}

/** A removed meter the technician must bring back to the warehouse. */
export interface ToReturn {
  serial: string;
  /** Số túi / nhãn niêm phong; null when none was given. */
  label: string | null;
  workOrderId: string | null;
  /** The work order's code when the device has it. */
  workOrderCode: string | null;
  /** Since when the technician holds it (ISO-8601). */
  since: string;
  /** From the server's stock (pulled), or only from this device's record (the server has not acknowledged it yet). */
  source: 'server' | 'device';
}

/** A meter installed or a seal clamped today on this device. */
export interface InstalledToday {
  serial: string;
  seals: string[];
  workOrderCode: string;
  at: string;
}

/** The "Vật tư" screen's day (issue 16 §4), from the pull and this device's own records, offline. */
export interface StockDay {
  /** As last pulled: meters and seals issued to the technician and not yet moved on the server. */
  issued: { meters: StockRow[]; seals: StockRow[] };
  /** Issued items less what this device installed, clamped or voided. */
  onHand: { meters: StockRow[]; seals: StockRow[] };
  installedToday: InstalledToday[];
  sealsUsedToday: string[];
  /** Voids recorded today, and older ones the server has not acknowledged yet, with their send state; newest first. */
  voids: (StockVoidRow & { state: RecordSendState })[];
  /** Items with a void form open (draft), by `kind:code`. */
  voidDrafts: Set<string>;
  toReturn: ToReturn[];
}

export async function readStockDay(db: UserDatabase, today: string): Promise<StockDay> {
  const outbox = outboxTable(db);
  const photos = photosTable(db);
  return db.transaction('r', [db.stock, db.records, db.stockVoids, db.drafts, db.workOrders, db.meta, outbox, photos], async () => {
    const [rows, records, voids, drafts] = await Promise.all([
      db.stock.toArray(),
      db.records.toArray(),
      db.stockVoids.toArray(),
      db.drafts.toArray(),
    ]);
    rows.sort((a, b) => a.code.localeCompare(b.code));
    const use = deviceUse(records, voids, null);
    const meters = rows.filter((r) => r.kind === 'meter');
    const seals = rows.filter((r) => r.kind === 'seal');
    const swaps = records.filter((r): r is SwapRecord => r.kind === 'swap').sort((a, b) => a.createdAt - b.createdAt);
    const todays = swaps.filter((r) => r.day === today);
    const ackedSeqs = new Set(await outbox.where('status').equals('acked').primaryKeys());
    // A void is "đã gửi" only when the server has it and every photo of it (as on the outbox view); the push's
    // in-flight moment is not known here, so it shows as not sent until then.
    const uploaded = new Set(await photos.where('status').equals('uploaded').primaryKeys());
    const failures = await readPhotoFailures(db);
    const voidRows = await outbox.bulkGet(voids.map((v) => v.seq));
    const stateOf = (v: StockVoidRow, i: number): RecordSendState =>
      recordSendState({
        status: voidRows[i]?.status ?? 'acked',
        inFlight: false,
        photos: {
          total: v.args.photoIds.length,
          uploaded: v.args.photoIds.filter((id) => uploaded.has(id)).length,
          failed: v.args.photoIds.filter((id) => failures[id] !== undefined).length,
        },
      });

    const pulledRemoved = rows.filter((r) => r.kind === 'removed');
    const pulledSerials = new Set(pulledRemoved.map((r) => r.code));
    const workOrderIds = [
      ...new Set([...pulledRemoved.flatMap((r) => (r.workOrderId == null ? [] : [r.workOrderId])), ...swaps.map((r) => r.workOrderId)]),
    ];
    const orders = await db.workOrders.bulkGet(workOrderIds);
    const codes = new Map(orders.flatMap((o) => (o === undefined ? [] : [[o.id, o.code] as const])));
    for (const r of swaps) codes.set(r.workOrderId, codes.get(r.workOrderId) ?? r.workOrder.code);
    const toReturn: ToReturn[] = [
      ...pulledRemoved.map((r): ToReturn => ({
        serial: r.code,
        label: r.label ?? null,
        workOrderId: r.workOrderId ?? null,
        workOrderCode: r.workOrderId == null ? null : (codes.get(r.workOrderId) ?? null),
        since: r.since,
        source: 'server',
      })),
      // A swap the server has not acknowledged: its removed meter is in the technician's hands all the same.
      ...swaps
        .filter((r) => !ackedSeqs.has(r.seq) && !pulledSerials.has(normalizeStockCode(normalizeMeterSerial(r.args.removed.serial))))
        .map((r): ToReturn => ({
          serial: normalizeMeterSerial(r.args.removed.serial),
          label: r.args.removed.bagLabel ?? null,
          workOrderId: r.workOrderId,
          workOrderCode: r.workOrder.code,
          since: r.args.completedAt,
          source: 'device',
        })),
    ].sort((a, b) => a.since.localeCompare(b.since));

    return {
      issued: { meters, seals },
      onHand: {
        meters: meters.filter((m) => !use.installed.has(m.code) && !use.voidedMeters.has(m.code)),
        seals: seals.filter((s) => !use.sealsUsed.has(s.code) && !use.voidedSeals.has(s.code)),
      },
      installedToday: todays.map((r) => ({
        serial: normalizeMeterSerial(r.args.installed.serial),
        seals: r.args.installed.seals.map((s) => normalizeStockCode(s.code)),
        workOrderCode: r.workOrder.code,
        at: r.args.completedAt,
      })),
      sealsUsedToday: [...new Set(todays.flatMap((r) => r.args.installed.seals.map((s) => normalizeStockCode(s.code))))],
      voids: voids
        .map((v, i) => ({ ...v, state: stateOf(v, i) }))
        .filter((v) => v.day === today || v.state !== 'sent')
        .sort((a, b) => b.createdAt - a.createdAt),
      voidDrafts: new Set(drafts.flatMap((d) => (d.kind === STOCK_VOID_DRAFT_KIND ? [d.id.slice(d.id.indexOf(':') + 1)] : []))),
      toReturn,
    };
  });
}
