import * as z from 'zod/mini';
import { REMOTE_READ_TYPES, type RemoteReadType } from '../capture/handoverFields';
import { MeterSerial } from '../capture/identifiers';
import { MAX_READING } from '../capture/readings';
import { WireText } from '../protocol/wireText';

/*
 * Commissioning confirmed by the head-end system (issue 17). A swap's primary completion waits (`awaiting`, "chờ xác
 * nhận đo xa") until the HES/MDMS reports the new meter's first reading; that reading either agrees with what the
 * technician recorded (`confirmed`) or not (`mismatch`, a review item). No reading within the deadline (48 h by
 * default) makes it `overdue`, and a follow-up work order "kiểm tra đo xa" is opened. Pure rules: device and server.
 */

export const COMMISSIONING_STATES = ['awaiting', 'confirmed', 'mismatch', 'overdue'] as const;
export const CommissioningState = z.enum(COMMISSIONING_STATES);
export type CommissioningState = z.infer<typeof CommissioningState>;

/** Why a first reading disagrees with the record (the review item's detail and the console's sentence). */
export const MISMATCH_REASONS = ['below_initial', 'implausible_consumption'] as const;
export type MismatchReason = (typeof MISMATCH_REASONS)[number];

/** The review item's code for a first reading that disagrees. */
export const COMMISSIONING_MISMATCH_CODE = 'COMMISSIONING_MISMATCH';

/** The follow-up work order's reason (lý do) when a meter stays silent past the deadline. */
export const FOLLOW_UP_REASON = 'kiểm tra đo xa';

export const DEFAULT_COMMISSIONING_DEADLINE_HOURS = 48;

/** The communication types the HES reports: those the handover record names (đo xa). */
export const CommType = z.enum(REMOTE_READ_TYPES);
export type CommType = RemoteReadType;

/**
 * A communication type as head-end exports spell it: `RF`, `RF-Mesh`, `PLC`, `GPRS`, `4G`, `GPRS/4G`, `NB-IoT`…
 * (case and separators ignored). Null for anything else.
 */
export function parseCommType(raw: string): CommType | null {
  const key = raw.toLowerCase().replace(/[\s_/-]+/g, '');
  if (key === 'rf' || key === 'rfmesh' || key === 'mesh') return 'rf_mesh';
  if (key === 'plc') return 'plc';
  if (key === 'gprs' || key === '4g' || key === '3g' || key === 'gprs4g' || key === 'gprs3g' || key === 'lte') return 'gprs_4g';
  if (key === 'nbiot' || key === 'nb') return 'nb_iot';
  return null;
}

const Reading = z.number().check(z.nonnegative(), z.lte(MAX_READING));

/** One register read of one meter at one time, as the head-end reports it (JSON body, CSV row or 61968-9 reading). */
export const MeterReadingInput = z.strictObject({
  serial: MeterSerial,
  /** When the meter was read (the HES's timeStamp), with its offset. */
  readAt: z.iso.datetime({ offset: true }),
  total: Reading,
  normal: z.optional(Reading),
  peak: z.optional(Reading),
  offPeak: z.optional(Reading),
  commType: z.optional(CommType),
});
export type MeterReadingInput = z.infer<typeof MeterReadingInput>;

/** The most readings one message or file may carry (a day of a large head-end's first reads, with room). */
export const HES_MAX_READINGS = 200_000;
/** The most bytes one message or file may be (a 100,000-reading 61968-9 message is about 40 MB). */
export const HES_MAX_BYTES = 64 * 1024 * 1024;
/** A reading stamped later than now plus this is from the future: a head-end clock gone wrong. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** A first reading may be stamped this much before the technician's capture time (the two clocks differ). */
export const INSTALL_CLOCK_TOLERANCE_MS = 15 * 60_000;

/** The JSON form of `POST /hes/meter-readings`: the same data as the 61968-9 message. */
export const HesReadingsMessage = z.strictObject({
  /** The head-end's message id (61968-100 `Header/MessageID`): a replay of the same id answers the first result. */
  messageId: z.optional(WireText.check(z.minLength(1), z.maxLength(200))),
  readings: z.array(MeterReadingInput).check(z.minLength(1), z.maxLength(HES_MAX_READINGS)),
});
export type HesReadingsMessage = z.infer<typeof HesReadingsMessage>;

/** What one message or file did. */
export const HesIngestResult = z.object({
  dryRun: z.boolean(),
  /** True when this message id was seen before: the first answer, nothing applied again. */
  replayed: z.boolean(),
  readings: z.number(),
  /** Readings already stored (same serial and time): a replay of earlier data. */
  duplicates: z.number(),
  confirmed: z.number(),
  mismatched: z.number(),
  /** Readings of a meter whose first reading was already judged (kept, change nothing). */
  later: z.number(),
  /** Readings for a serial installed nowhere: kept and listed ("đo xa thấy công tơ chưa có biên bản"). */
  unmatched: z.number(),
});
export type HesIngestResult = z.infer<typeof HesIngestResult>;

/** The state as the device and the console show it with a completion. */
export const CommissioningView = z.object({
  state: CommissioningState,
  firstReadAt: z.nullable(z.string()),
  firstReadTotal: z.nullable(z.number()),
  reason: z.nullable(z.enum(MISMATCH_REASONS)),
  commType: z.nullable(CommType),
});
export type CommissioningView = z.infer<typeof CommissioningView>;

/*
 * The plausibility rule (docs/domain.md "Commissioning"). The first reading must be at or above the installed
 * meter's initial index (a register never runs backwards; a lower value is another meter or a typing error), and
 * the energy since the install must be possible for the supply: at most the meter's maximum current at nominal
 * voltage on every phase for the hours elapsed (at least one hour, plus one display digit of rounding). Vietnamese
 * household meters are 230 V, Imax up to 100 A (e.g. 10(100) A single-phase, 3×…(100) A three-phase): 23 kW per
 * phase. Anything above is not this meter's consumption: the serial was swapped with another customer's meter, or
 * the initial index was typed wrong. Generous on purpose: a false mismatch costs a supervisor's look, a missed one
 * only what billing finds anyway.
 */
export const NOMINAL_VOLTAGE = 230;
export const MAX_CURRENT_A = 100;
export const READING_ROUNDING_KWH = 1;

/** The most kWh a meter of `phases` can register in `elapsedMs` (at least an hour's worth). */
export function maxPlausibleKwh(phases: number, elapsedMs: number): number {
  const hours = Math.max(1, elapsedMs / 3_600_000);
  const kw = (Math.max(1, phases) * NOMINAL_VOLTAGE * MAX_CURRENT_A) / 1000;
  return kw * hours + READING_ROUNDING_KWH;
}

export interface InstalledMeter {
  /** The initial index the technician recorded (installed.readings.total). */
  initialIndex: number;
  /** When the technician captured the swap (ISO). */
  installedAt: string;
  phases: number;
}

export type FirstReadingVerdict = { state: 'confirmed' } | { state: 'mismatch'; reason: MismatchReason; maxKwh?: number };

/** Judges the meter's first reading after the install against what the technician recorded. */
export function judgeFirstReading(meter: InstalledMeter, reading: { total: number; readAt: string }): FirstReadingVerdict {
  if (reading.total < meter.initialIndex) return { state: 'mismatch', reason: 'below_initial' };
  const elapsed = Date.parse(reading.readAt) - Date.parse(meter.installedAt);
  const maxKwh = maxPlausibleKwh(meter.phases, elapsed);
  if (reading.total - meter.initialIndex > maxKwh) return { state: 'mismatch', reason: 'implausible_consumption', maxKwh };
  return { state: 'confirmed' };
}

/** Whether a reading may be the meter's reading after this install (not one taken before it: the meter's old life). */
export function readAfterInstall(installedAt: string, readAt: string): boolean {
  return Date.parse(readAt) >= Date.parse(installedAt) - INSTALL_CLOCK_TOLERANCE_MS;
}

/** When an awaiting completion becomes overdue. */
export function commissioningDeadline(installedAt: string, hours: number): string {
  return new Date(Date.parse(installedAt) + hours * 3_600_000).toISOString();
}

/** Median of a list of numbers (null when empty): the report's time from install to first read. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? null) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
