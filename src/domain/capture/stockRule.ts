import type { RemoteReadType } from './handoverFields';
import { error, warning, type DraftIssue } from './draftIssues';
import { normalizeStockCode } from '../stock/stock';

/*
 * The stock rule at the door (issue 16 §3), beside the position rule and built the same way: what the device holds
 * of the technician's stock judges the installed meter and its seals offline; a doubt is a warning, and the record
 * goes on only with the technician's reason (then the supervisor gets a review item). Field evidence is never
 * refused outright (design §6).
 */

/** A meter in the technician's hands, as the device keeps it (from the stock pull). */
export interface HeldMeter {
  code: string;
  model: string | null;
  phases: 1 | 3 | null;
  manufactureYear: number | null;
  verifiedOn: string | null;
  verificationNo: string | null;
  remoteRead: RemoteReadType | null;
}

/**
 * The technician's stock on the device: meters by serial, seals by code, and seals already used on this device
 * (clamped on another order or reported broken / lost); `voidedSeals`, those of them reported broken or lost, so the
 * warning says which.
 */
export interface HeldStock {
  meters: ReadonlyMap<string, HeldMeter>;
  seals: ReadonlySet<string>;
  usedSeals: ReadonlySet<string>;
  voidedSeals?: ReadonlySet<string>;
}

/**
 * Verification (kiểm định) validity of an electricity meter by phases, in years: 5 for single-phase, 2 for
 * three-phase (ĐLVN chu kỳ kiểm định công tơ điện xoay chiều). A meter installed after its verification has run out
 * needs a reason.
 */
export const VERIFICATION_VALIDITY_YEARS: Readonly<Record<1 | 3, number>> = { 1: 5, 3: 2 };

/** The last day a verification made on `verifiedOn` (ISO date) is valid for a meter of `phases`. */
export function verificationValidUntil(verifiedOn: string, phases: 1 | 3): string {
  const [y, m, d] = verifiedOn.split('-').map(Number);
  const until = new Date(Date.UTC((y ?? 0) + VERIFICATION_VALIDITY_YEARS[phases], (m ?? 1) - 1, (d ?? 1) - 1));
  return until.toISOString().slice(0, 10);
}

/** Where the installed meter's serial, its seal codes and the technician's stock reason sit in the draft. */
export interface StockFields {
  serial: string;
  seal: (index: number) => string;
  note: string;
}

/**
 * Judges the installed meter and its seals against the technician's stock: a serial not held, of the wrong phases,
 * or past its verification; a seal not held or already used on this device. Each is a warning on its field; with
 * any of them, the reason (`note`) is required. `stock` undefined (the device has no stock yet) judges nothing.
 */
export function checkStock(
  installed: { serial: string; sealCodes: readonly string[] },
  workOrder: { phases: 1 | 3 },
  stock: HeldStock | undefined,
  today: string,
  note: string,
  fields: StockFields,
): DraftIssue[] {
  if (stock === undefined) return [];
  const found: DraftIssue[] = [];
  const serial = normalizeStockCode(installed.serial);
  if (serial !== '') {
    const meter = stock.meters.get(serial);
    if (meter === undefined) found.push(warning(fields.serial, 'stock_serial_not_held', { serial }));
    else {
      if (meter.phases !== null && meter.phases !== workOrder.phases) {
        found.push(warning(fields.serial, 'stock_phases_mismatch', { meterPhases: meter.phases, orderPhases: workOrder.phases }));
      }
      const phases = meter.phases ?? workOrder.phases;
      if (meter.verifiedOn !== null && verificationValidUntil(meter.verifiedOn, phases) < today) {
        found.push(warning(fields.serial, 'stock_verification_expired', { until: verificationValidUntil(meter.verifiedOn, phases) }));
      }
    }
  }
  installed.sealCodes.forEach((raw, i) => {
    const code = normalizeStockCode(raw);
    if (code === '') return;
    if (stock.voidedSeals?.has(code) === true) found.push(warning(fields.seal(i), 'stock_seal_voided', { code }));
    else if (stock.usedSeals.has(code)) found.push(warning(fields.seal(i), 'stock_seal_used', { code }));
    else if (!stock.seals.has(code)) found.push(warning(fields.seal(i), 'stock_seal_not_held', { code }));
  });
  if (found.length > 0 && note.trim() === '') found.push(error(fields.note, 'stock_note_required'));
  return found;
}

/** What the stock record fills in for the installed meter, so it is no longer typed at the door. */
export function fillFromStock(meter: HeldMeter): {
  model?: string;
  manufactureYear?: string;
  verificationDate?: string;
  remoteRead?: RemoteReadType;
} {
  return {
    ...(meter.model === null ? {} : { model: meter.model }),
    ...(meter.manufactureYear === null ? {} : { manufactureYear: String(meter.manufactureYear) }),
    ...(meter.verifiedOn === null ? {} : { verificationDate: meter.verifiedOn }),
    ...(meter.remoteRead === null ? {} : { remoteRead: meter.remoteRead }),
  };
}
