import * as z from 'zod/mini';
import { MIN_SUPPORTED_PROTOCOL_VERSION, PROTOCOL_VERSION, PUSH_MAX_MUTATIONS } from './limits';
import { GpsFix } from '../map/geo';
import {
  InstallPosition,
  IsoDay,
  MAX_REMOVED_SEAL_CODES,
  MAX_TRANSFORMERS,
  POLE_BOX_MAX,
  RemoteReadType,
  SEAL_CODE_MAX,
  SEALER_NAME_MAX,
  SealKind,
  Transformer,
} from '../capture/handoverFields';
import { MeterSerial, normalizePhone, PhotoId } from '../capture/identifiers';
import { BelowLastBilledReason, Readings } from '../capture/readings';
import { FailureReasonSchema, PaymentMethod, SealCondition } from '../capture/visit';
import { WIRE_TEXT } from './wireText';
import { MANUAL_NOTICE_VIAS } from '../workOrder/notice';
import { BAG_LABEL_MAX, VoidReason } from '../stock/stock';

/*
 * The push protocol (design §5): its version and limits, every mutation a device may send with its args schema,
 * and the push request and answer that carry them.
 */

// The version and limits are plain numbers in ./limits.ts: the technician's first screen sends and counts with
// them without loading a schema.
export {
  isUnsupportedProtocolVersion,
  MIN_SUPPORTED_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  PULL_PROTOCOL_VERSION_IF_ABSENT,
  PUSH_MAX_BYTES,
  PUSH_MAX_MUTATIONS,
} from './limits';

const Instant = z.iso.datetime({ offset: true });
/** Any text the technician types: the wire-text rule (./wireText.ts), then trimmed, then `checks`. */
function text(...checks: z.core.$ZodCheck<string>[]) {
  return z.string().check(...WIRE_TEXT, z.trim(), ...checks);
}
const ShortText = text(z.maxLength(500));

/**
 * A mobile number in the one form the import stores (`0912345678`: what `+84 912 345 678` or an old 11-digit number
 * becomes, ./identifiers.ts), so the handover record and the CMIS export show it as the work order does and the
 * export's formula guard never sees a leading `+`. Anything else is kept as typed: the device refuses it already, and
 * an older device's record is evidence the server must not reject for a phone.
 */
function canonicalPhone(raw: string): string {
  return normalizePhone(raw) ?? raw;
}

export const WorkOrderStartArgs = z.strictObject({
  workOrderId: z.uuid(),
  at: Instant,
  gps: z.optional(GpsFix),
});
export type WorkOrderStartArgs = z.infer<typeof WorkOrderStartArgs>;

/** "Đã báo trực tiếp / qua loa": the technician told the household of the visit (issue 15 §3). Added in v1. */
export const WorkOrderNotifyArgs = z.strictObject({
  workOrderId: z.uuid(),
  via: z.enum(MANUAL_NOTICE_VIAS),
  /** The planned day the household was told of, as the device had it. */
  forDate: z.nullable(z.iso.date()),
  at: Instant,
});
export type WorkOrderNotifyArgs = z.infer<typeof WorkOrderNotifyArgs>;

export const Seal = z.strictObject({
  code: text(z.minLength(1), z.maxLength(SEAL_CODE_MAX)),
  beads: z.number().check(z.int(), z.gte(1), z.lte(20)),
  /** Where the seal sits (added in v1, optional). */
  kind: z.optional(SealKind),
});
export type Seal = z.infer<typeof Seal>;

export const Cashless = z.strictObject({
  currentMethod: PaymentMethod,
  enrolledMethod: z.optional(PaymentMethod),
  /** e.g. MoMo, ZaloPay for an e-wallet. */
  provider: z.optional(text(z.maxLength(60))),
  consent: z.boolean(),
});
export type Cashless = z.infer<typeof Cashless>;

export const SwapCompleteArgs = z.strictObject({
  completionId: z.uuid(),
  workOrderId: z.uuid(),
  /** The work order version the device saw; the server uses it to detect a reassignment or cancellation. */
  baseVersion: z.number().check(z.int(), z.nonnegative()),
  removed: z.strictObject({
    serial: MeterSerial,
    serialMatches: z.boolean(),
    /** Why the serial on site differs from the work order (required when serialMatches is false). */
    serialMismatchNote: z.optional(ShortText),
    readings: Readings,
    /** Why the final index is below the last billed one, when it is. */
    belowLastBilledReason: z.optional(BelowLastBilledReason),
    sealCondition: SealCondition,
    /** mã chì of the removed meter's seals (added in v1, optional). */
    sealCodes: z.optional(z.array(text(z.minLength(1), z.maxLength(SEAL_CODE_MAX))).check(z.maxLength(MAX_REMOVED_SEAL_CODES))),
    photoIds: z.array(PhotoId).check(z.maxLength(20)),
    /** The bag or label number the removed meter is sealed in, scanned (issue 16; added in v1, optional). */
    bagLabel: z.optional(text(z.minLength(1), z.maxLength(BAG_LABEL_MAX))),
  }),
  installed: z.strictObject({
    serial: MeterSerial,
    model: z.optional(text(z.maxLength(60))),
    readings: Readings,
    seals: z.array(Seal).check(z.minLength(1), z.maxLength(10)),
    photoIds: z.array(PhotoId).check(z.maxLength(20)),
    // Handover-record fields added in v1, all optional (old devices' payloads stay valid); range checks that
    // depend on the day (manufacture year, verification date) are the device's warnings, not the schema's.
    /** vị trí lắp đặt. */
    position: z.optional(InstallPosition),
    /** số cột / số hòm. */
    poleBoxNo: z.optional(text(z.minLength(1), z.maxLength(POLE_BOX_MAX))),
    /** năm sản xuất. */
    manufactureYear: z.optional(z.number().check(z.int(), z.gte(1990), z.lte(2100))),
    /** ngày kiểm định, yyyy-MM-dd. */
    verificationDate: z.optional(IsoDay),
    /** đo xa. */
    remoteRead: z.optional(RemoteReadType),
    /** 3-phase indirect metering: TI/TU rows and the multiplier (hệ số nhân). */
    transformers: z.optional(z.array(Transformer).check(z.maxLength(MAX_TRANSFORMERS))),
    multiplier: z.optional(z.number().check(z.positive(), z.lte(1_000_000))),
    /**
     * Why the technician installed a meter or clamped a seal their stock does not back (not held, wrong phases,
     * verification expired, seal used): the supervisor gets a review item (issue 16 §3; added in v1, optional).
     */
    stockNote: z.optional(ShortText),
  }),
  gps: GpsFix,
  /** Why the technician continued despite a GPS warning. */
  gpsNote: z.optional(ShortText),
  handover: z.strictObject({
    signerName: text(z.minLength(1), z.maxLength(120)),
    signerRole: z.enum(['customer', 'representative']),
    signerPhone: z.optional(text(z.maxLength(20), z.overwrite(canonicalPhone))),
    signaturePhotoId: PhotoId,
    technicianSignaturePhotoId: z.optional(PhotoId),
    /** nhân viên niêm phong, when someone other than the installer sealed (added in v1, optional). */
    sealerName: z.optional(text(z.minLength(1), z.maxLength(SEALER_NAME_MAX))),
    cashless: Cashless,
  }),
  notes: z.optional(ShortText),
  completedAt: Instant,
});
export type SwapCompleteArgs = z.infer<typeof SwapCompleteArgs>;

export const VisitFailArgs = z.strictObject({
  visitId: z.uuid(),
  workOrderId: z.uuid(),
  reason: FailureReasonSchema,
  note: ShortText,
  photoIds: z.array(PhotoId).check(z.maxLength(10)),
  gps: z.optional(GpsFix),
  /** KV01: whether the technician phoned the customer. */
  called: z.optional(z.boolean()),
  /** Why the position is doubtful (far from the site or imprecise): the same rule as the swap's `gpsNote` (added in v1, optional). */
  gpsNote: z.optional(ShortText),
  at: Instant,
});
export type VisitFailArgs = z.infer<typeof VisitFailArgs>;

/**
 * A correction of a sent completion after the supervisor returned it (design §5: corrections are new mutations,
 * never edits of a sent one). Each section of `patch` replaces that section of the completion whole; what is
 * absent stays as it was. Applying it moves the work order from `returned` back to `completed` and puts the
 * record in the review queue again.
 */
export const CompletionAmendArgs = z.strictObject({
  completionId: z.uuid(),
  workOrderId: z.uuid(),
  patch: z
    .strictObject({
      removed: z.optional(SwapCompleteArgs.shape.removed),
      installed: z.optional(SwapCompleteArgs.shape.installed),
      gps: z.optional(SwapCompleteArgs.shape.gps),
      gpsNote: SwapCompleteArgs.shape.gpsNote,
      handover: z.optional(SwapCompleteArgs.shape.handover),
      notes: SwapCompleteArgs.shape.notes,
    })
    .check(z.refine((patch) => Object.keys(patch).length > 0, { message: 'Nothing to amend.' })),
  /** What the technician changed and why (answers the supervisor's note). */
  reason: text(z.minLength(1), z.maxLength(500)),
  at: Instant,
});
export type CompletionAmendArgs = z.infer<typeof CompletionAmendArgs>;

/**
 * A seal (or new meter) written off by the technician: broken while clamping, damaged or lost, with at least one
 * photo (issue 16 §4). It leaves the technician's stock; one the stock does not back is flagged at reconciliation.
 * Idempotent on `voidId`.
 */
export const StockVoidArgs = z.strictObject({
  voidId: z.uuid(),
  kind: z.enum(['seal', 'meter']),
  code: text(z.minLength(1), z.maxLength(60)),
  reason: VoidReason,
  note: z.optional(ShortText),
  photoIds: z.array(PhotoId).check(z.minLength(1), z.maxLength(4)),
  /** The work order at whose door it happened, if any. */
  workOrderId: z.optional(z.uuid()),
  at: Instant,
});
export type StockVoidArgs = z.infer<typeof StockVoidArgs>;

/** Every mutation a device may send, by name, with its args schema. */
export const MUTATION_ARGS = {
  'workOrder.start': WorkOrderStartArgs,
  'workOrder.notify': WorkOrderNotifyArgs,
  'swap.complete': SwapCompleteArgs,
  'visit.fail': VisitFailArgs,
  'completion.amend': CompletionAmendArgs,
  'stock.void': StockVoidArgs,
} as const;
export type MutationName = keyof typeof MUTATION_ARGS;
export const MUTATION_NAMES = Object.keys(MUTATION_ARGS) as MutationName[];

/**
 * The push request's envelope of one mutation. The envelope is checked strictly; `args` stays unknown here because a mutation with bad args is not a bad
 * request: it consumes its seq and is kept as `rejected` (design §5).
 */
export const MutationEnvelope = z.strictObject({
  seq: z.number().check(z.int(), z.gte(1)),
  mutationId: z.uuid(),
  name: z.string().check(...WIRE_TEXT, z.minLength(1), z.maxLength(60)),
  args: z.unknown(),
  createdAt: z.optional(Instant),
});
export type MutationEnvelope = z.infer<typeof MutationEnvelope>;

/** A protocol version the server speaks; one outside the range is refused before this schema runs (CLIENT_OUTDATED). */
export const ProtocolVersion = z.number().check(z.int(), z.gte(MIN_SUPPORTED_PROTOCOL_VERSION), z.lte(PROTOCOL_VERSION));

export const PushRequest = z.strictObject({
  protocolVersion: ProtocolVersion,
  clientId: z.uuid(),
  mutations: z.array(MutationEnvelope).check(z.minLength(1), z.maxLength(PUSH_MAX_MUTATIONS)),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const MUTATION_STATUSES = ['applied', 'applied_with_conflict', 'duplicate', 'rejected'] as const;

export const MutationConflict = z.object({ code: z.string(), detail: z.optional(z.string()), reviewId: z.optional(z.string()) });
export type MutationConflict = z.infer<typeof MutationConflict>;

export const MutationError = z.object({
  code: z.string(),
  message: z.string(),
  errors: z.optional(z.array(z.object({ path: z.string(), code: z.string(), message: z.string() }))),
});
export type MutationError = z.infer<typeof MutationError>;

/** What the server decided when it first processed a mutation; a `duplicate` answer repeats it as `original`. */
export const MutationOriginal = z.object({
  status: z.enum(['applied', 'applied_with_conflict', 'rejected']),
  conflict: z.optional(MutationConflict),
  conflicts: z.optional(z.array(MutationConflict)),
  error: z.optional(MutationError),
});
export type MutationOriginal = z.infer<typeof MutationOriginal>;

export const MutationResult = z.object({
  seq: z.number().check(z.int()),
  mutationId: z.uuid(),
  status: z.enum(MUTATION_STATUSES),
  /** The most important conflict (see CONFLICT_CODES for the order). */
  conflict: z.optional(MutationConflict),
  /** Every conflict found, most important first (added in v1, optional). */
  conflicts: z.optional(z.array(MutationConflict)),
  error: z.optional(MutationError),
  /** On `duplicate`: the stored result of the first processing (added in v1, optional). */
  original: z.optional(MutationOriginal),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({
  lastSeq: z.number().check(z.int(), z.nonnegative()),
  results: z.array(MutationResult),
  serverTime: Instant,
});
export type PushResponse = z.infer<typeof PushResponse>;
