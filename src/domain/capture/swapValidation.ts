import { GPS_THRESHOLDS, type GpsFix, type GpsThresholds } from '../map/geo';
import { checkPosition } from './positionRule';
import { checkLength, error, hasErrors, warning, type DraftIssue } from './draftIssues';
import {
  ACCURACY_CLASS_PATTERN,
  IsoDay,
  MANUFACTURE_YEAR_MIN,
  MAX_REMOVED_SEAL_CODES,
  POLE_BOX_MAX,
  SEAL_CODE_MAX,
  SEALER_NAME_MAX,
  TRANSFORMER_RATIO_PATTERN,
  TRANSFORMER_SERIAL_MAX,
  VERIFICATION_MAX_AGE_YEARS,
} from './handoverFields';
import { isValidMeterSerial, normalizeMeterSerial, normalizePhone } from './identifiers';
import { checkRegisters, isBelowLastBilled, isInitialReadingHigh, MAX_READING, parseDecimal, type Readings } from './readings';
import type { ReadingsDraft, SwapDraft, SwapStep, TransformerDraft } from './swapDraft';
import { isoDayInVietnam } from '../time/time';
import type { WorkOrder } from '../workOrder/workOrder';
import { BAG_LABEL_MAX, normalizeStockCode } from '../stock/stock';
import { checkStock, type HeldStock } from './stockRule';

/** Free-text limits of the mutation schema (ShortText). */
const NOTE_MAX = 500;
const SIGNER_NAME_MAX = 120;
const MODEL_MAX = 60;
const SEAL_BEADS_MAX = 20;
const PROVIDER_MAX = 60;

/** What validation needs to know besides the draft. */
export interface SwapContext {
  workOrder: Pick<WorkOrder, 'oldMeterSerial' | 'lastBilledReading' | 'lat' | 'lng' | 'phases'>;
  /** Installed serials this device already recorded today on other work orders (normalised). */
  installedSerialsUsedToday: readonly string[];
  /**
   * The technician's stock as the device holds it (issue 16 §3): the stock rule judges the installed meter and its
   * seals against it. Absent (no stock on the device, or a correction of a record already made) judges nothing.
   */
  stock?: HeldStock | undefined;
  thresholds?: GpsThresholds;
  /** Today in Vietnam (yyyy-MM-dd) for date checks; the device clock's day when absent. */
  today?: string;
}

type ReadingsCheck = { readings: Readings | null; issues: DraftIssue[] };

const REGISTERS = ['normal', 'peak', 'offPeak'] as const;

function parseReading(field: string, text: string, required: boolean): { value: number | null; issues: DraftIssue[] } {
  if (text.trim() === '') return { value: null, issues: required ? [error(field, 'required')] : [] };
  const value = parseDecimal(text);
  if (value === null) return { value: null, issues: [error(field, 'reading_format')] };
  if (value > MAX_READING) return { value: null, issues: [error(field, 'reading_too_large', { max: MAX_READING })] };
  return { value, issues: [] };
}

/** Total and (multi-rate) registers: "," or "." decimals; registers add up to the total within one digit. */
export function checkReadings(prefix: string, draft: ReadingsDraft): ReadingsCheck {
  const total = parseReading(`${prefix}.total`, draft.total, true);
  const issues = [...total.issues];
  const readings: Readings | null = total.value === null ? null : { total: total.value };
  if (!draft.multiRate) return { readings, issues };
  for (const register of REGISTERS) {
    const parsed = parseReading(`${prefix}.${register}`, draft[register], true);
    issues.push(...parsed.issues);
    if (readings !== null && parsed.value !== null) readings[register] = parsed.value;
  }
  if (readings === null || hasErrors(issues)) return { readings: null, issues };
  const registers = checkRegisters(readings);
  if (registers === 'sum_mismatch') {
    const sum = (readings.normal ?? 0) + (readings.peak ?? 0) + (readings.offPeak ?? 0);
    return { readings: null, issues: [error(`${prefix}.total`, 'registers_sum', { sum: Math.round(sum * 10) / 10 })] };
  }
  if (registers === 'incomplete') return { readings: null, issues: [error(`${prefix}.total`, 'registers_incomplete')] };
  return { readings, issues };
}

function checkSerial(field: string, serial: string): DraftIssue[] {
  if (serial.trim() === '') return [error(field, 'required')];
  return isValidMeterSerial(serial) ? [] : [error(field, 'serial_format')];
}

function requirePhotos(field: string, ids: readonly string[]): DraftIssue[] {
  return ids.length === 0 ? [error(field, 'photo_required')] : [];
}

/** The removed meter's seal codes as typed: separated by commas, semicolons or spaces. */
export function splitSealCodes(text: string): string[] {
  return text.split(/[\s,;]+/).filter((code) => code !== '');
}

function checkRemovedSealCodes(text: string): DraftIssue[] {
  const codes = splitSealCodes(text);
  if (codes.length > MAX_REMOVED_SEAL_CODES) return [error('removed.sealCodes', 'seal_codes_count', { max: MAX_REMOVED_SEAL_CODES })];
  return codes.some((code) => code.length > SEAL_CODE_MAX) ? [error('removed.sealCodes', 'too_long', { max: SEAL_CODE_MAX })] : [];
}

/** năm sản xuất: a four-digit year from MANUFACTURE_YEAR_MIN to this year. */
function checkManufactureYear(text: string, today: string): DraftIssue[] {
  const year = text.trim();
  if (year === '') return [];
  const max = Number(today.slice(0, 4));
  const value = Number(year);
  return /^\d{4}$/.test(year) && value >= MANUFACTURE_YEAR_MIN && value <= max
    ? []
    : [error('installed.manufactureYear', 'manufacture_year', { min: MANUFACTURE_YEAR_MIN, max })];
}

/** ngày kiểm định: a real day; in the future or older than VERIFICATION_MAX_AGE_YEARS only warns (the label may be misread). */
function checkVerificationDate(text: string, today: string): DraftIssue[] {
  const day = text.trim();
  if (day === '') return [];
  if (!IsoDay.safeParse(day).success) return [error('installed.verificationDate', 'date_format')];
  if (day > today) return [warning('installed.verificationDate', 'verification_future')];
  const oldest = `${Number(today.slice(0, 4)) - VERIFICATION_MAX_AGE_YEARS}${today.slice(4)}`;
  return day < oldest ? [warning('installed.verificationDate', 'verification_old', { years: VERIFICATION_MAX_AGE_YEARS })] : [];
}

function checkTransformer(row: TransformerDraft, index: number): DraftIssue[] {
  const field = `installed.transformers.${index}`;
  const issues: DraftIssue[] = [];
  if (row.serial.trim() === '') issues.push(error(`${field}.serial`, 'required'));
  issues.push(...checkLength(`${field}.serial`, row.serial, TRANSFORMER_SERIAL_MAX));
  const ratio = row.ratio.replace(/\s/g, '');
  if (ratio === '') issues.push(error(`${field}.ratio`, 'required'));
  else if (!TRANSFORMER_RATIO_PATTERN.test(ratio)) issues.push(error(`${field}.ratio`, 'ratio_format'));
  const accuracy = row.accuracyClass.trim();
  if (accuracy !== '' && !ACCURACY_CLASS_PATTERN.test(accuracy)) issues.push(error(`${field}.accuracyClass`, 'accuracy_class_format'));
  return issues;
}

/** hệ số nhân: a positive number ("," or "." decimals). */
function checkMultiplier(text: string): DraftIssue[] {
  if (text.trim() === '') return [];
  const value = parseDecimal(text);
  return value === null || value <= 0 ? [error('installed.multiplier', 'multiplier_format')] : [];
}

/** The removed meter's bag / label number: optional, one code (spaces dropped, upper case) of at most BAG_LABEL_MAX characters. */
function checkBagLabel(text: string): DraftIssue[] {
  return normalizeStockCode(text).length > BAG_LABEL_MAX ? [error('removed.bagLabel', 'too_long', { max: BAG_LABEL_MAX })] : [];
}

/** Where the stock rule puts its warnings and its reason on the installed-meter step. */
export const STOCK_FIELDS = {
  serial: 'installed.serial',
  seal: (index: number) => `installed.seals.${index}.code`,
  note: 'installed.stockNote',
} as const;

/** Step 1, the removed meter (công tơ tháo). */
export function validateRemoved(draft: SwapDraft, ctx: SwapContext): DraftIssue[] {
  const r = draft.removed;
  const issues = checkSerial('removed.serial', r.serial);
  if (issues.length === 0 && normalizeMeterSerial(r.serial) !== normalizeMeterSerial(ctx.workOrder.oldMeterSerial)) {
    issues.push(warning('removed.serial', 'serial_mismatch', { expected: ctx.workOrder.oldMeterSerial }));
    if (r.serialMismatchNote.trim() === '') issues.push(error('removed.serialMismatchNote', 'serial_mismatch_note'));
  }
  issues.push(...checkLength('removed.serialMismatchNote', r.serialMismatchNote, NOTE_MAX));
  const { readings, issues: readingIssues } = checkReadings('removed.readings', r.readings);
  issues.push(...readingIssues);
  const lastBilled = ctx.workOrder.lastBilledReading;
  if (readings !== null && lastBilled !== null && isBelowLastBilled(readings.total, lastBilled)) {
    issues.push(warning('removed.readings.total', 'below_last_billed', { lastBilled }));
    if (r.belowLastBilledReason === '') issues.push(error('removed.belowLastBilledReason', 'below_last_billed_reason'));
  }
  if (r.sealCondition === '') issues.push(error('removed.sealCondition', 'seal_condition_required'));
  issues.push(...checkRemovedSealCodes(r.sealCodes));
  issues.push(...checkBagLabel(r.bagLabel));
  issues.push(...requirePhotos('removed.photos.meter', r.photos.meter), ...requirePhotos('removed.photos.seals', r.photos.seals));
  return issues;
}

/** Step 2, the installed meter (công tơ treo). */
export function validateInstalled(draft: SwapDraft, ctx: SwapContext): DraftIssue[] {
  const i = draft.installed;
  const issues = checkSerial('installed.serial', i.serial);
  if (issues.length === 0) {
    const serial = normalizeMeterSerial(i.serial);
    if (ctx.installedSerialsUsedToday.includes(serial)) issues.push(warning('installed.serial', 'serial_used_today'));
    if (serial === normalizeMeterSerial(draft.removed.serial)) issues.push(warning('installed.serial', 'serial_same_as_removed'));
  }
  issues.push(...checkLength('installed.model', i.model, MODEL_MAX));
  const { readings, issues: readingIssues } = checkReadings('installed.readings', i.readings);
  issues.push(...readingIssues);
  if (readings !== null && isInitialReadingHigh(readings.total)) {
    issues.push(warning('installed.readings.total', 'initial_high', { value: readings.total }));
  }
  if (i.seals.length === 0) issues.push(error('installed.seals', 'seals_required'));
  i.seals.forEach((seal, index) => {
    if (seal.code.trim() === '') issues.push(error(`installed.seals.${index}.code`, 'required'));
    issues.push(...checkLength(`installed.seals.${index}.code`, seal.code, SEAL_CODE_MAX));
    const beads = Number(seal.beads.trim());
    if (seal.beads.trim() === '') issues.push(error(`installed.seals.${index}.beads`, 'required'));
    else if (!/^\d+$/.test(seal.beads.trim()) || beads < 1 || beads > SEAL_BEADS_MAX) {
      issues.push(error(`installed.seals.${index}.beads`, 'seal_beads', { max: SEAL_BEADS_MAX }));
    }
  });
  const today = ctx.today ?? isoDayInVietnam(new Date());
  // Serial not held, wrong phases, verification expired, seal not held or used: warnings, and the reason is required.
  issues.push(
    ...checkStock({ serial: i.serial, sealCodes: i.seals.map((seal) => seal.code) }, ctx.workOrder, ctx.stock, today, i.stockNote, STOCK_FIELDS),
    ...checkLength('installed.stockNote', i.stockNote, NOTE_MAX),
  );
  issues.push(
    ...checkLength('installed.poleBoxNo', i.poleBoxNo, POLE_BOX_MAX),
    ...checkManufactureYear(i.manufactureYear, today),
    ...checkVerificationDate(i.verificationDate, today),
    ...i.transformers.flatMap(checkTransformer),
    ...checkMultiplier(i.multiplier),
  );
  issues.push(
    ...requirePhotos('installed.photos.meter', i.photos.meter),
    ...requirePhotos('installed.photos.seals', i.photos.seals),
    ...requirePhotos('installed.photos.installation', i.photos.installation),
  );
  return issues;
}

/** The fix a swap is recorded with: the one taken on the location step, else the check-in fix. */
export function swapFix(draft: SwapDraft): GpsFix | undefined {
  return draft.location.fix ?? draft.startGps;
}

/** Step 3, location: a fix is needed; a poor or far fix needs a reason to continue (checkPosition, shared with the failed visit). */
export function validateLocation(draft: SwapDraft, ctx: SwapContext): DraftIssue[] {
  const fix = swapFix(draft);
  if (fix === undefined) return [error('location.fix', 'gps_missing')];
  return checkPosition(fix, ctx.workOrder, draft.location.note, { fix: 'location.fix', note: 'location.note' }, ctx.thresholds ?? GPS_THRESHOLDS);
}

/** Step 4, handover: signer, signature, the technician's confirmation. */
export function validateHandover(draft: SwapDraft): DraftIssue[] {
  const h = draft.handover;
  const issues: DraftIssue[] = [];
  if (h.signerName.trim() === '') issues.push(error('handover.signerName', 'required'));
  issues.push(...checkLength('handover.signerName', h.signerName, SIGNER_NAME_MAX));
  issues.push(...checkLength('handover.sealerName', h.sealerName, SEALER_NAME_MAX));
  if (h.signerPhone.trim() !== '' && normalizePhone(h.signerPhone) === null) issues.push(error('handover.signerPhone', 'phone_format'));
  // Strokes count as signed on screen; leaving the step saves them as an image (required for the args below).
  if (h.signature.photoId === undefined && h.signature.strokes.length === 0) issues.push(error('handover.signature', 'signature_required'));
  if (!h.technicianConfirmed) issues.push(error('handover.technicianConfirmed', 'technician_confirm'));
  return issues;
}

/** Step 5, cashless payment: always offered, never blocking (warnings only, apart from length limits). */
export function validateCashless(draft: SwapDraft): DraftIssue[] {
  const c = draft.cashless;
  const issues = checkLength('cashless.provider', c.provider, PROVIDER_MAX);
  if (c.enrolledMethod === 'e_wallet' && c.provider.trim() === '') issues.push(warning('cashless.provider', 'provider_missing'));
  if (c.enrolledMethod !== '' && c.enrolledMethod !== c.currentMethod && !c.consent) issues.push(warning('cashless.consent', 'consent_missing'));
  issues.push(...checkLength('notes', draft.notes, NOTE_MAX));
  return issues;
}

/** The issues of one step. */
export function validateStep(step: SwapStep, draft: SwapDraft, ctx: SwapContext): DraftIssue[] {
  switch (step) {
    case 'removed':
      return validateRemoved(draft, ctx);
    case 'installed':
      return validateInstalled(draft, ctx);
    case 'location':
      return validateLocation(draft, ctx);
    case 'handover':
      return validateHandover(draft);
    case 'cashless':
      return validateCashless(draft);
  }
}

/** The step a field belongs to (its first path segment), so a summary can send the technician there. */
export function stepOfField(field: string): SwapStep {
  const head = field.split('.')[0];
  if (head === 'installed' || head === 'location' || head === 'handover' || head === 'cashless') return head;
  return head === 'notes' ? 'cashless' : 'removed';
}
