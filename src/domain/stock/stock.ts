import * as z from 'zod/mini';
import { WIRE_TEXT } from '../protocol/wireText';
import { ImportQuery } from '../workOrder/imports';
import { Phases } from '../workOrder/workOrder';
import { RemoteReadType, SealKind } from '../capture/handoverFields';

/*
 * Meters and seals in the technician's hands (issue 16). Every item of stock (a new meter by its serial, a seal by
 * its code) is one row; where it is is the latest of its movements (delivery into a team's warehouse, issue to a
 * technician, return to the warehouse, …), each an append-only audited row. Nothing here counts by editing a
 * number: a holder's stock is the items whose latest movement went to it, which is Σ movements in − Σ out.
 */

/**
 * `meter` and `seal`: new stock from the warehouse. `removed`: a removed (old) meter in custody from the door back to
 * the warehouse (the evidence if the customer disputes the final index), its code the normalised serial.
 */
export const STOCK_KINDS = ['meter', 'seal', 'removed'] as const;
export const StockKind = z.enum(STOCK_KINDS);
export type StockKind = z.infer<typeof StockKind>;

/**
 * delivery (into `warehouse:<team>`), issue (warehouse → technician), return (technician → warehouse, new stock or a
 * removed meter), install (technician → `installed:<workOrder>`, by a swap), remove (a removed meter → technician,
 * by a swap, with its bag label), void (a broken or lost seal → `voided:<team>`, by stock.void), uninstall (an item a
 * corrected record no longer installs goes back where its install took it from: design §6).
 */
export const MOVEMENT_KINDS = ['delivery', 'issue', 'return', 'install', 'remove', 'void', 'uninstall'] as const;
export const MovementKind = z.enum(MOVEMENT_KINDS);
export type MovementKind = z.infer<typeof MovementKind>;

/** A code range (`from`–`to`, both included) expands to at most this many items: a larger one is refused, not cut. */
export const MAX_RANGE_ITEMS = 5000;
/** Items one issue or return moves (lists and ranges together). */
export const MAX_MOVE_ITEMS = 10_000;
/** Ranges or listed codes per kind in one issue or return. */
export const MAX_MOVE_ENTRIES = 10_000;
/** Items one delivery file may bring (meters and seals together). */
export const MAX_DELIVERY_ITEMS = 200_000;
/** A seal code or meter serial, normalised: letters, digits, "-" and "/". */
export const STOCK_CODE_PATTERN = /^[A-Z0-9/-]{3,40}$/;
export const PLIERS_NUMBER_MAX = 20;
export const MODEL_MAX = 60;
export const LOT_MAX = 40;
export const VERIFICATION_NO_MAX = 40;

/** Codes are compared and stored without spaces, upper-case, never as numbers (leading zeros matter). */
export function normalizeStockCode(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

export type RangeFault = 'invalid_code' | 'range_mismatch' | 'reversed_range' | 'range_too_large';

/** Why a range cannot be read, in English (the console says it in Vietnamese from the code). */
export const RANGE_FAULT_MESSAGES: Record<RangeFault, string> = {
  invalid_code: 'is not a code: 3–40 characters of A–Z, 0–9, "-" or "/"',
  range_mismatch: 'has ends that differ in more than their trailing number (same prefix, same number of digits)',
  reversed_range: 'ends before it starts: put the smaller code first',
  range_too_large: `holds more than ${MAX_RANGE_ITEMS} items: split it`,
};

const TAIL = /^(.*?)(\d+)$/;

/**
 * Expands `from`–`to` into its codes: the same prefix, a trailing number of the same width (leading zeros kept),
 * `from` ≤ `to`, at most `max` items. A single code is the range of itself.
 */
export function expandRange(
  fromRaw: string,
  toRaw: string,
  max: number = MAX_RANGE_ITEMS,
): { codes: string[] } | { fault: RangeFault; count?: number } {
  const from = normalizeStockCode(fromRaw);
  const to = normalizeStockCode(toRaw);
  if (!STOCK_CODE_PATTERN.test(from) || !STOCK_CODE_PATTERN.test(to)) return { fault: 'invalid_code' };
  if (from === to) return { codes: [from] };
  const a = TAIL.exec(from);
  const b = TAIL.exec(to);
  if (a === null || b === null || a[1] !== b[1] || a[2]?.length !== b[2]?.length) return { fault: 'range_mismatch' };
  const prefix = a[1] ?? '';
  const digits = a[2] ?? '';
  const start = BigInt(digits);
  const end = BigInt(b[2] ?? '');
  if (end < start) return { fault: 'reversed_range' };
  const size = end - start + 1n;
  if (size > BigInt(max)) return { fault: 'range_too_large', count: size > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(size) };
  const codes: string[] = [];
  for (let n = start; n <= end; n += 1n) codes.push(prefix + n.toString().padStart(digits.length, '0'));
  return { codes };
}

/** Where an item is: a team's warehouse, a technician, installed at a work order's customer, or voided (team's). */
export const HOLDER_KINDS = ['warehouse', 'technician', 'installed', 'voided'] as const;
export const HolderKind = z.enum(HOLDER_KINDS);
export type HolderKind = z.infer<typeof HolderKind>;

export const warehouseHolder = (teamId: string) => `warehouse:${teamId}`;
export const technicianHolder = (userId: string) => `technician:${userId}`;
export const installedHolder = (workOrderId: string) => `installed:${workOrderId}`;
export const voidedHolder = (teamId: string) => `voided:${teamId}`;

/** A removed meter's bag or label number (scanned at the door), normalised like a code. */
export const BAG_LABEL_MAX = 40;
/** Why a seal (or a new meter) is written off: broken while clamping, damaged, lost. */
export const VOID_REASONS = ['broken', 'damaged', 'lost'] as const;
export const VoidReason = z.enum(VOID_REASONS);
export type VoidReason = z.infer<typeof VoidReason>;
/** Days a removed meter may stay with the technician before reconciliation flags it (issue 16 §4). */
export const DEFAULT_RETURN_DAYS = 3;

/** `warehouse:<id>` → {kind, id}; null for a holder this version does not know. */
export function parseHolder(holder: string): { kind: HolderKind; id: string } | null {
  const colon = holder.indexOf(':');
  const kind = holder.slice(0, colon);
  if (colon < 0 || !(HOLDER_KINDS as readonly string[]).includes(kind)) return null;
  return { kind: kind as HolderKind, id: holder.slice(colon + 1) };
}

// ---------- wire schemas ----------

const codeText = z.string().check(...WIRE_TEXT, z.maxLength(60));
export const CodeRange = z.strictObject({ from: codeText, to: codeText });
export type CodeRange = z.infer<typeof CodeRange>;

/** `POST /stock/issue` and `POST /stock/return`: what moves between the team's warehouse and one technician. */
export const StockMoveRequest = z.strictObject({
  technicianId: z.uuid(),
  /** Meter serials, each listed (scanned or pasted). */
  meters: z.optional(z.array(codeText).check(z.maxLength(MAX_MOVE_ENTRIES))),
  /** Meter serial ranges. */
  meterRanges: z.optional(z.array(CodeRange).check(z.maxLength(MAX_MOVE_ENTRIES))),
  /** Seal codes, each listed. */
  seals: z.optional(z.array(codeText).check(z.maxLength(MAX_MOVE_ENTRIES))),
  /** Seal code ranges. */
  sealRanges: z.optional(z.array(CodeRange).check(z.maxLength(MAX_MOVE_ENTRIES))),
  /** Removed (old) meters the technician brings back, by serial or bag label (returns only; added with issue 16 §4). */
  removed: z.optional(z.array(codeText).check(z.maxLength(MAX_MOVE_ENTRIES))),
  /** The technician's pliers number (số kìm niêm chì) as sealer, when seals are issued. */
  pliersNumber: z.optional(z.string().check(...WIRE_TEXT, z.trim(), z.minLength(1), z.maxLength(PLIERS_NUMBER_MAX))),
});
export type StockMoveRequest = z.infer<typeof StockMoveRequest>;

const count = z.number().check(z.int(), z.nonnegative());

export const StockMoveResponse = z.object({
  /** One id for the request's movements (the audit log names it). */
  batchId: z.uuid(),
  kind: MovementKind,
  meters: count,
  seals: count,
  /** Removed meters returned (added with issue 16 §4, so optional for readers). */
  removed: z.optional(count),
});
export type StockMoveResponse = z.infer<typeof StockMoveResponse>;

/** Query of `POST /stock/import`: an admin names the team. */
export const StockImportQuery = z.extend(ImportQuery, { teamId: z.optional(z.uuid()) });
export type StockImportQuery = z.infer<typeof StockImportQuery>;

export const StockImportResponse = z.object({
  dryRun: z.boolean(),
  rows: count,
  meters: count,
  seals: count,
});
export type StockImportResponse = z.infer<typeof StockImportResponse>;

export const StockHolder = z.object({
  kind: z.enum(['warehouse', 'technician', 'installed', 'voided', 'other']),
  /** The team (warehouse, voided), user (technician) or work order (installed); null for `other`. */
  id: z.nullable(z.string()),
  /** The technician's display name (null for the warehouse). */
  name: z.nullable(z.string()),
});
export type StockHolder = z.infer<typeof StockHolder>;

export const StockItem = z.object({
  id: z.uuid(),
  kind: StockKind,
  code: z.string(),
  teamId: z.uuid(),
  model: z.nullable(z.string()),
  phases: z.nullable(Phases),
  manufactureYear: z.nullable(z.number().check(z.int())),
  verifiedOn: z.nullable(z.string()),
  verificationNo: z.nullable(z.string()),
  remoteRead: z.nullable(RemoteReadType),
  sealKind: z.nullable(SealKind),
  lot: z.nullable(z.string()),
  holder: StockHolder,
  /** When it reached its holder. */
  since: z.string(),
  /** The pliers number it was issued with (seals). */
  pliersNumber: z.nullable(z.string()),
  /** A removed meter's bag label, from its `remove` movement (added with `stock=2`). */
  label: z.optional(z.nullable(z.string())),
  /** A removed meter's work order, from its `remove` movement (added with `stock=2`). */
  workOrderId: z.optional(z.nullable(z.string())),
});
export type StockItem = z.infer<typeof StockItem>;

export const STOCK_PAGE_MAX = 500;

export const StockItemsQuery = z.object({
  /** Only this technician's items (`warehouse`: the team's warehouse). Technicians always see only their own. */
  holder: z.optional(z.union([z.literal('warehouse'), z.uuid()])),
  kind: z.optional(StockKind),
  /** An admin names the team. */
  teamId: z.optional(z.uuid()),
  /** Items whose code starts with this (normalised). */
  q: z.optional(z.string().check(...WIRE_TEXT, z.maxLength(60))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(STOCK_PAGE_MAX)), 100),
  cursor: z.optional(z.string().check(...WIRE_TEXT, z.minLength(1), z.maxLength(300))),
});
export type StockItemsQuery = z.infer<typeof StockItemsQuery>;

export const StockItemPage = z.object({ items: z.array(StockItem), nextCursor: z.nullable(z.string()) });
export type StockItemPage = z.infer<typeof StockItemPage>;

/** New meters, seals, and removed meters (to bring back; added with issue 16 §4, so optional for readers). */
const KindCounts = z.object({ meters: count, seals: count, removed: z.optional(count) });

export const StockSummaryQuery = z.object({ teamId: z.optional(z.uuid()) });
export type StockSummaryQuery = z.infer<typeof StockSummaryQuery>;

/** `GET /stock/summary`: what the team's warehouse and each technician hold now. */
export const StockSummary = z.object({
  teamId: z.uuid(),
  warehouse: KindCounts,
  technicians: z.array(z.extend(KindCounts, { technicianId: z.uuid(), name: z.string() })),
});
export type StockSummary = z.infer<typeof StockSummary>;

/** A range written on one line: `FROM – TO`, `FROM—TO`, `FROM..TO` or `FROM - TO` (a hyphen with spaces: codes hold hyphens). */
const RANGE_LINE = /^(.+?)\s*(?:–|—|\.\.|\s-\s)\s*(.+)$/;

/**
 * What the console's issue and return boxes hold: one code or one range per line (commas and semicolons split a
 * line too, as a scanner may type them), as the request's `codes` and `ranges`. Codes are sent as typed; the
 * server normalises them and names the ones at fault.
 */
export function parseCodeLines(text: string): { codes: string[]; ranges: CodeRange[] } {
  const codes: string[] = [];
  const ranges: CodeRange[] = [];
  for (const part of text.split(/[\n\r,;]+/)) {
    const line = part.trim();
    if (line === '') continue;
    const range = RANGE_LINE.exec(line);
    if (range !== null) ranges.push({ from: (range[1] ?? '').trim(), to: (range[2] ?? '').trim() });
    else codes.push(line);
  }
  return { codes, ranges };
}

/** Sorted codes grouped into runs of consecutive numbers (same prefix and width): how seals are counted by hand. */
export function compactCodes(codes: readonly string[]): { from: string; to: string; count: number }[] {
  const runs: { from: string; to: string; count: number; prefix: string; width: number; last: bigint }[] = [];
  for (const code of [...codes].sort()) {
    const tail = TAIL.exec(code);
    const prefix = tail?.[1] ?? code;
    const digits = tail?.[2] ?? '';
    const n = digits === '' ? null : BigInt(digits);
    const run = runs.at(-1);
    if (run !== undefined && n !== null && run.prefix === prefix && run.width === digits.length && run.last + 1n === n) {
      run.to = code;
      run.count += 1;
      run.last = n;
    } else runs.push({ from: code, to: code, count: 1, prefix, width: digits.length, last: n ?? -2n });
  }
  return runs.map(({ from, to, count }) => ({ from, to, count }));
}
