import * as z from 'zod/mini';
import { CompletionAmendArgs, SwapCompleteArgs } from '../domain/protocol/mutations';
import type { Readings } from '../domain/capture/readings';
import { handoverFieldsDraft, SwapDraft, type ReadingsDraft } from '../domain/capture/swapDraft';
import { E_WALLET_PROVIDERS } from '../domain/capture/visit';
import type { CompletionView } from '../domain/workOrder/workOrderDetail';

/**
 * A correction being prepared after the supervisor returned a record: the capture draft the technician
 * edits, the record as the server holds it (what the patch is computed against), the review it answers and
 * "Đã sửa gì". Stored in `drafts` (kind `amend`, one per work order) and parsed on every read, like swap drafts.
 */
export const AmendDraft = z.object({
  draft: SwapDraft,
  original: SwapCompleteArgs,
  /** The returned review being answered; null when the device has not received it. */
  reviewId: z.nullable(z.uuid()),
  /** Where the prefill came from: this device's own record, or the server's copy (another device, retention). */
  source: z.enum(['device', 'server']),
  reason: z._default(z.string().check(z.maxLength(2000)), ''),
});
export type AmendDraft = z.infer<typeof AmendDraft>;

export { AMEND_DRAFT_KIND, amendDraftId } from './returns';

export type AmendPatch = CompletionAmendArgs['patch'];
/** The sections a patch may replace, in the order they are sent. */
export const PATCH_SECTIONS = ['removed', 'installed', 'gps', 'gpsNote', 'handover', 'notes'] as const;
export type PatchSection = (typeof PATCH_SECTIONS)[number];

/** Structural equality of JSON values, insensitive to key order (args are rebuilt, not copied). */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)].filter((k) => ra[k] !== undefined || rb[k] !== undefined));
  return [...keys].every((k) => sameJson(ra[k], rb[k]));
}

/**
 * The minimal patch from `original` to `amended`: only the sections that changed, each whole (the server
 * replaces a present section). A cleared optional text (GPS note, notes) is sent as '' so the server clears it.
 */
export function amendPatch(original: SwapCompleteArgs, amended: SwapCompleteArgs): AmendPatch {
  const patch: AmendPatch = {};
  if (!sameJson(original.removed, amended.removed)) patch.removed = amended.removed;
  if (!sameJson(original.installed, amended.installed)) patch.installed = amended.installed;
  if (!sameJson(original.gps, amended.gps)) patch.gps = amended.gps;
  if ((original.gpsNote ?? '') !== (amended.gpsNote ?? '')) patch.gpsNote = amended.gpsNote ?? '';
  if (!sameJson(original.handover, amended.handover)) patch.handover = amended.handover;
  if ((original.notes ?? '') !== (amended.notes ?? '')) patch.notes = amended.notes ?? '';
  return patch;
}

/** The sections a patch carries, in the fixed order. */
export function patchSections(patch: AmendPatch): PatchSection[] {
  return PATCH_SECTIONS.filter((s) => patch[s] !== undefined);
}

/** The server's completion as the args the device sent (what the server added on receipt left out); null when it does not parse. */
export function argsOfCompletion(completion: CompletionView & { version?: number }): SwapCompleteArgs | null {
  const { id: _id, technicianId: _t, primary: _p, mediaStatus: _m, receivedAt: _r, flags: _f, version: _v, ...args } = completion;
  const parsed = SwapCompleteArgs.safeParse(args);
  return parsed.success ? parsed.data : null;
}

function readingsDraft(readings: Readings): ReadingsDraft {
  const text = (n: number | undefined) => (n === undefined ? '' : String(n));
  const multiRate = readings.normal !== undefined || readings.peak !== undefined || readings.offPeak !== undefined;
  return { total: text(readings.total), multiRate, normal: text(readings.normal), peak: text(readings.peak), offPeak: text(readings.offPeak) };
}

/**
 * Splits a sent photo list back into the draft's groups. The args only keep the concatenation (in group
 * order), so any split rebuilds the same list; the first photo goes to the first group and one to each next
 * group while photos last, so every required group is filled when the original had enough photos.
 */
function splitPhotos(ids: readonly string[], groups: number): string[][] {
  const out: string[][] = Array.from({ length: groups }, () => []);
  ids.forEach((id, i) => {
    out[Math.min(i, groups - 1)]?.push(id);
  });
  return out;
}

/**
 * A capture draft holding exactly what `args` say, for amending a record this device has no draft of (made on
 * another device, or before records kept their draft). Signatures keep their images (no strokes to redraw).
 */
export function swapDraftFromArgs(args: SwapCompleteArgs, input: { visitId: string; startedAt: string }): SwapDraft {
  const { removed, installed, handover } = args;
  const [removedMeter = [], removedSeals = []] = splitPhotos(removed.photoIds, 2);
  const [installedMeter = [], installedSeals = [], installation = []] = splitPhotos(installed.photoIds, 3);
  const { cashless } = handover;
  // The handover-record fields (position, pole, year, remote read, TI/TU, seal codes, sealer) come back too:
  // a section sent without them would erase them on the server.
  const recordFields = handoverFieldsDraft(args);
  return SwapDraft.parse({
    workOrderId: args.workOrderId,
    completionId: args.completionId,
    baseVersion: args.baseVersion,
    startedAt: input.startedAt,
    removed: {
      serial: removed.serial,
      serialMismatchNote: removed.serialMismatchNote ?? '',
      readings: readingsDraft(removed.readings),
      belowLastBilledReason: removed.belowLastBilledReason ?? '',
      sealCondition: removed.sealCondition,
      photos: { meter: removedMeter, seals: removedSeals },
      ...recordFields.removed,
    },
    installed: {
      serial: installed.serial,
      model: installed.model ?? '',
      readings: readingsDraft(installed.readings),
      // Spread: seal fields the draft shares with the args by name come back too.
      seals: installed.seals.map((seal) => ({ ...seal, beads: String(seal.beads) })),
      photos: { meter: installedMeter, seals: installedSeals, installation },
      ...recordFields.installed,
    },
    location: { fix: args.gps, note: args.gpsNote ?? '' },
    handover: {
      signerName: handover.signerName,
      signerRole: handover.signerRole,
      signerPhone: handover.signerPhone ?? '',
      signature: { photoId: handover.signaturePhotoId },
      // The technician confirmed when the record was made; the confirmation stands until they change something there.
      technicianConfirmed: true,
      technicianSignature: handover.technicianSignaturePhotoId === undefined ? {} : { photoId: handover.technicianSignaturePhotoId },
      ...recordFields.handover,
    },
    cashless: {
      currentMethod: cashless.currentMethod,
      enrolledMethod: cashless.enrolledMethod ?? '',
      provider: cashless.provider ?? '',
      providerOther: cashless.provider !== undefined && !(E_WALLET_PROVIDERS as readonly string[]).includes(cashless.provider),
      consent: cashless.consent,
    },
    notes: args.notes ?? '',
    failure: { visitId: input.visitId },
  });
}

/** A completed draft reopened for amending: from the first step, with the failed-visit form closed. */
export function reopenedDraft(draft: SwapDraft): SwapDraft {
  return { ...draft, step: 'removed', failure: { ...draft.failure, active: false } };
}
