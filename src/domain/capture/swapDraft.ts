import * as z from 'zod/mini';
import { GpsFix } from '../map/geo';
import type { SwapCompleteArgs } from '../protocol/mutations';
import { INSTALL_POSITIONS, REMOTE_READ_TYPES, SEAL_KINDS, TRANSFORMER_KINDS, type InstallPosition } from './handoverFields';
import { PhotoId } from './identifiers';
import { BELOW_LAST_BILLED_REASONS } from './readings';
import { CASHLESS_METHODS, FAILURE_REASON_CODES, SEAL_CONDITIONS } from './visit';

/**
 * A swap being captured on the device: exactly what the technician typed (strings, so "1234," or a
 * half-typed serial survives a reload), saved on every change. `swapValidation.ts` turns it into
 * `swap.complete` args or into the list of fields to fix. Stored in IndexedDB, so it is parsed (with
 * defaults) every time it is read: a draft written by an older version still opens.
 */

export const SWAP_STEPS = ['removed', 'installed', 'location', 'handover', 'cashless'] as const;
export const SwapStep = z.enum(SWAP_STEPS);
export type SwapStep = z.infer<typeof SwapStep>;

/** What a photo shows; burnt into the image's stamp and used to group thumbnails. */
export const PHOTO_KINDS = [
  'removed_meter',
  'removed_seals',
  'installed_meter',
  'installed_seals',
  'installation',
  'failure_evidence',
  'signature_customer',
  'signature_technician',
] as const;
export const PhotoKind = z.enum(PHOTO_KINDS);
export type PhotoKind = z.infer<typeof PhotoKind>;

/** Most photos of one kind in one record (the mutation allows 20 per meter, 10 per failed visit). */
export const MAX_PHOTOS_PER_KIND = 6;

const Text = z._default(z.string().check(z.maxLength(2000)), '');
const Photos = z._default(z.array(PhotoId), () => []);
/** A boolean the draft starts without. */
const Flag = z._default(z.boolean(), false);

export const ReadingsDraft = z.object({
  total: Text,
  /** Multi-rate meter: the three registers are asked for. */
  multiRate: Flag,
  normal: Text,
  peak: Text,
  offPeak: Text,
});
export type ReadingsDraft = z.infer<typeof ReadingsDraft>;

/** `kind` is optional so drafts and fixtures written before it stay valid as they are. */
export const SealDraft = z.object({ code: Text, beads: Text, kind: z.optional(z.enum(['', ...SEAL_KINDS])) });
export type SealDraft = z.infer<typeof SealDraft>;

/** signature_pad's point groups (pen options kept as they are), in CSS pixels of a pad `width` × `height`. */
/** A TI/TU row of 3-phase indirect metering. */
export const TransformerDraft = z.object({ kind: z._default(z.enum(TRANSFORMER_KINDS), 'ti'), serial: Text, ratio: Text, accuracyClass: Text });
export type TransformerDraft = z.infer<typeof TransformerDraft>;

export const SignatureStroke = z.looseObject({
  points: z.array(z.object({ x: z.number(), y: z.number(), pressure: z.number(), time: z.number() })),
});
export type SignatureStroke = z.infer<typeof SignatureStroke>;

export const SignatureDraft = z.object({
  strokes: z._default(z.array(SignatureStroke), () => []),
  width: z._default(z.number().check(z.nonnegative()), 0),
  height: z._default(z.number().check(z.nonnegative()), 0),
  /** The PNG saved when the signer confirmed; cleared as soon as the strokes change. */
  photoId: z.optional(PhotoId),
});
export type SignatureDraft = z.infer<typeof SignatureDraft>;

export const FailureDraft = z.object({
  /** The failed-visit form is open (it replaces the current step until cancelled or recorded). */
  active: Flag,
  visitId: z.uuid(),
  reason: z._default(z.enum(['', ...FAILURE_REASON_CODES]), ''),
  note: Text,
  /** KV01: whether the technician phoned the customer. */
  called: z._default(z.enum(['', 'yes', 'no']), ''),
  photos: Photos,
  fix: z.optional(GpsFix),
  /** Why the visit is recorded with a doubtful position (far from the site or imprecise), as for a swap. */
  gpsNote: Text,
});
export type FailureDraft = z.infer<typeof FailureDraft>;

export const SwapDraft = z.object({
  schema: z._default(z.literal(1), 1),
  workOrderId: z.uuid(),
  /** Fixed when the visit starts, so a retried completion can never become a second one. */
  completionId: z.uuid(),
  /** The work order version the device saw at the start (sent as `baseVersion`). */
  baseVersion: z.number().check(z.int(), z.nonnegative()),
  step: z._default(SwapStep, 'removed'),
  /**
   * Whether "Bắt đầu" recorded a `workOrder.start` for this draft. A failed visit recorded straight from the work
   * order opens a draft without one (nothing started on site); "Bắt đầu" later records it. Drafts written before
   * this field all came from "Bắt đầu".
   */
  started: z._default(z.boolean(), true),
  /** When the draft was opened: the start, or the failed-visit form opened from the work order. */
  startedAt: z.iso.datetime({ offset: true }),
  startGps: z.optional(GpsFix),
  removed: z.prefault(
    z.object({
      serial: Text,
      serialMismatchNote: Text,
      readings: z.prefault(ReadingsDraft, {}),
      belowLastBilledReason: z._default(z.enum(['', ...BELOW_LAST_BILLED_REASONS]), ''),
      sealCondition: z._default(z.enum(['', ...SEAL_CONDITIONS]), ''),
      /** The removed meter's seal codes, as typed (separated by commas or spaces). */
      sealCodes: Text,
      /** Số túi / nhãn niêm phong the removed meter goes back in (issue 16), as typed or scanned. */
      bagLabel: Text,
      photos: z.prefault(z.object({ meter: Photos, seals: Photos }), {}),
    }),
    {},
  ),
  installed: z.prefault(
    z.object({
      serial: Text,
      model: Text,
      readings: z.prefault(ReadingsDraft, {}),
      seals: z._default(z.array(SealDraft), () => [{ code: '', beads: '' }]),
      photos: z.prefault(z.object({ meter: Photos, seals: Photos, installation: Photos }), {}),
      position: z._default(z.enum(['', ...INSTALL_POSITIONS]), ''),
      poleBoxNo: Text,
      manufactureYear: Text,
      /** yyyy-MM-dd from the date input. */
      verificationDate: Text,
      /** Empty: the one the model implies (remoteReadFromModel), if any, else still to choose. */
      remoteRead: z._default(z.enum(['', ...REMOTE_READ_TYPES]), ''),
      transformers: z._default(z.array(TransformerDraft), () => []),
      multiplier: Text,
      /** Why a meter or seal the stock does not back is used anyway (stock rule, issue 16 §3). */
      stockNote: Text,
    }),
    {},
  ),
  location: z.prefault(z.object({ fix: z.optional(GpsFix), note: Text }), {}),
  handover: z.prefault(
    z.object({
      signerName: Text,
      signerRole: z._default(z.enum(['customer', 'representative']), 'customer'),
      signerPhone: Text,
      signature: z.prefault(SignatureDraft, {}),
      technicianConfirmed: Flag,
      technicianSignature: z.prefault(SignatureDraft, {}),
      /** nhân viên niêm phong, when not the installer. */
      sealerName: Text,
    }),
    {},
  ),
  cashless: z.prefault(
    z.object({
      /** Pre-set to cash, what most households still use: the step never blocks the swap. */
      currentMethod: z._default(z.enum(CASHLESS_METHODS), 'cash'),
      enrolledMethod: z._default(z.enum(['', ...CASHLESS_METHODS]), ''),
      provider: Text,
      /** The provider is typed in (not one of E_WALLET_PROVIDERS). */
      providerOther: Flag,
      consent: Flag,
    }),
    {},
  ),
  notes: Text,
  failure: FailureDraft,
});
export type SwapDraft = z.infer<typeof SwapDraft>;

export interface NewSwapDraftInput {
  workOrderId: string;
  baseVersion: number;
  completionId: string;
  visitId: string;
  startedAt: string;
  startGps?: z.infer<typeof GpsFix> | undefined;
  /** False for a failed visit opened from the work order, with no `workOrder.start` recorded (default true). */
  started?: boolean;
  /** The installation position the technician chose last time (remembered: most of a route looks alike). */
  position?: InstallPosition | undefined;
}

/** The draft a visit starts with: every field empty except the cashless method (cash), the signer role (customer) and the remembered installation position. */
export function newSwapDraft(input: NewSwapDraftInput): SwapDraft {
  return SwapDraft.parse({
    workOrderId: input.workOrderId,
    completionId: input.completionId,
    baseVersion: input.baseVersion,
    started: input.started ?? true,
    startedAt: input.startedAt,
    startGps: input.startGps,
    installed: { position: input.position ?? '' },
    failure: { visitId: input.visitId },
  });
}

/** Every photo a draft references (swap photos, signatures and failed-visit evidence), once each. */
export function draftPhotoIds(draft: SwapDraft): string[] {
  const ids = [
    ...draft.removed.photos.meter,
    ...draft.removed.photos.seals,
    ...draft.installed.photos.meter,
    ...draft.installed.photos.seals,
    ...draft.installed.photos.installation,
    ...draft.failure.photos,
  ];
  for (const signature of [draft.handover.signature, draft.handover.technicianSignature]) {
    if (signature.photoId !== undefined) ids.push(signature.photoId);
  }
  return [...new Set(ids)];
}

/** A copy of the draft that references none of `ids` (photos whose bytes could not be stored). */
export function withoutPhotoIds(draft: SwapDraft, ids: readonly string[]): SwapDraft {
  const keep = (list: string[]) => list.filter((id) => !ids.includes(id));
  const signature = (s: SignatureDraft): SignatureDraft => (s.photoId !== undefined && ids.includes(s.photoId) ? { ...s, photoId: undefined } : s);
  return {
    ...draft,
    removed: { ...draft.removed, photos: { meter: keep(draft.removed.photos.meter), seals: keep(draft.removed.photos.seals) } },
    installed: {
      ...draft.installed,
      photos: {
        meter: keep(draft.installed.photos.meter),
        seals: keep(draft.installed.photos.seals),
        installation: keep(draft.installed.photos.installation),
      },
    },
    handover: {
      ...draft.handover,
      signature: signature(draft.handover.signature),
      technicianSignature: signature(draft.handover.technicianSignature),
    },
    failure: { ...draft.failure, photos: keep(draft.failure.photos) },
  };
}

/** The photo list a kind of photo lives in; signatures are not lists (see SignatureDraft). */
export type ListPhotoKind = Exclude<PhotoKind, 'signature_customer' | 'signature_technician'>;

export function photosOfKind(draft: SwapDraft, kind: ListPhotoKind): string[] {
  switch (kind) {
    case 'removed_meter':
      return draft.removed.photos.meter;
    case 'removed_seals':
      return draft.removed.photos.seals;
    case 'installed_meter':
      return draft.installed.photos.meter;
    case 'installed_seals':
      return draft.installed.photos.seals;
    case 'installation':
      return draft.installed.photos.installation;
    case 'failure_evidence':
      return draft.failure.photos;
  }
}

/** A copy of the draft with the photo list of `kind` replaced. */
export function withPhotosOfKind(draft: SwapDraft, kind: ListPhotoKind, ids: string[]): SwapDraft {
  switch (kind) {
    case 'removed_meter':
      return { ...draft, removed: { ...draft.removed, photos: { ...draft.removed.photos, meter: ids } } };
    case 'removed_seals':
      return { ...draft, removed: { ...draft.removed, photos: { ...draft.removed.photos, seals: ids } } };
    case 'installed_meter':
      return { ...draft, installed: { ...draft.installed, photos: { ...draft.installed.photos, meter: ids } } };
    case 'installed_seals':
      return { ...draft, installed: { ...draft.installed, photos: { ...draft.installed.photos, seals: ids } } };
    case 'installation':
      return { ...draft, installed: { ...draft.installed, photos: { ...draft.installed.photos, installation: ids } } };
    case 'failure_evidence':
      return { ...draft, failure: { ...draft.failure, photos: ids } };
  }
}

/**
 * The handover-record fields of sent args as draft text (the inverse of what `swapDraftToArgs` sends for them),
 * for reopening a record made elsewhere: merge each part into the matching draft section. Absent fields stay empty.
 */
export function handoverFieldsDraft(args: Pick<SwapCompleteArgs, 'removed' | 'installed' | 'handover'>): {
  removed: Pick<SwapDraft['removed'], 'sealCodes' | 'bagLabel'>;
  installed: Pick<
    SwapDraft['installed'],
    'position' | 'poleBoxNo' | 'manufactureYear' | 'verificationDate' | 'remoteRead' | 'transformers' | 'multiplier' | 'stockNote'
  >;
  handover: Pick<SwapDraft['handover'], 'sealerName'>;
} {
  const { installed } = args;
  return {
    removed: { sealCodes: (args.removed.sealCodes ?? []).join(', '), bagLabel: args.removed.bagLabel ?? '' },
    installed: {
      position: installed.position ?? '',
      poleBoxNo: installed.poleBoxNo ?? '',
      manufactureYear: installed.manufactureYear === undefined ? '' : String(installed.manufactureYear),
      verificationDate: installed.verificationDate ?? '',
      remoteRead: installed.remoteRead ?? '',
      transformers: (installed.transformers ?? []).map((t) => ({
        kind: t.kind,
        serial: t.serial,
        ratio: t.ratio,
        accuracyClass: t.accuracyClass ?? '',
      })),
      multiplier: installed.multiplier === undefined ? '' : String(installed.multiplier),
      stockNote: installed.stockNote ?? '',
    },
    handover: { sealerName: args.handover.sealerName ?? '' },
  };
}
