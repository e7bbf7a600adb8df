import { error, type DraftIssue } from './draftIssues';
import { normalizeMeterSerial, normalizePhone } from './identifiers';
import { SwapCompleteArgs } from './mutations';
import { isBelowLastBilled } from './readings';
import { err, ok, type Result } from './result';
import type { SwapDraft } from './swapDraft';
import {
  checkReadings,
  swapFix,
  validateCashless,
  validateHandover,
  validateInstalled,
  validateLocation,
  validateRemoved,
  type SwapContext,
} from './swapValidation';

function optionalText(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The whole draft as `swap.complete` args, or every error still to fix. The args are parsed with the
 * shared schema, so what the device queues is exactly what the server accepts.
 */
export function swapDraftToArgs(draft: SwapDraft, ctx: SwapContext, completedAt: string): Result<SwapCompleteArgs, DraftIssue[]> {
  const issues = [
    ...validateRemoved(draft, ctx),
    ...validateInstalled(draft, ctx),
    ...validateLocation(draft, ctx),
    ...validateHandover(draft),
    ...validateCashless(draft),
  ].filter((issue) => issue.level === 'error');
  const removedReadings = checkReadings('removed.readings', draft.removed.readings).readings;
  const installedReadings = checkReadings('installed.readings', draft.installed.readings).readings;
  const gps = swapFix(draft);
  const signaturePhotoId = draft.handover.signature.photoId;
  if (signaturePhotoId === undefined && !issues.some((i) => i.field === 'handover.signature')) {
    issues.push(error('handover.signature', 'signature_required'));
  }
  if (issues.length > 0 || removedReadings === null || installedReadings === null || gps === undefined || signaturePhotoId === undefined) {
    return err(issues);
  }
  const { removed, installed, handover, cashless } = draft;
  const serialMatches = normalizeMeterSerial(removed.serial) === normalizeMeterSerial(ctx.workOrder.oldMeterSerial);
  const below = ctx.workOrder.lastBilledReading !== null && isBelowLastBilled(removedReadings.total, ctx.workOrder.lastBilledReading);
  const enrolled = cashless.enrolledMethod === '' ? undefined : cashless.enrolledMethod;
  const showsProvider = (enrolled ?? cashless.currentMethod) === 'e_wallet';
  const candidate = {
    completionId: draft.completionId,
    workOrderId: draft.workOrderId,
    baseVersion: draft.baseVersion,
    removed: {
      serial: removed.serial,
      serialMatches,
      serialMismatchNote: serialMatches ? undefined : optionalText(removed.serialMismatchNote),
      readings: removedReadings,
      belowLastBilledReason: below && removed.belowLastBilledReason !== '' ? removed.belowLastBilledReason : undefined,
      sealCondition: removed.sealCondition,
      photoIds: [...removed.photos.meter, ...removed.photos.seals],
    },
    installed: {
      serial: installed.serial,
      model: optionalText(installed.model),
      readings: installedReadings,
      seals: installed.seals.map((seal) => ({ code: seal.code.trim(), beads: Number(seal.beads.trim()) })),
      photoIds: [...installed.photos.meter, ...installed.photos.seals, ...installed.photos.installation],
    },
    gps,
    gpsNote: optionalText(draft.location.note),
    handover: {
      signerName: handover.signerName.trim(),
      signerRole: handover.signerRole,
      signerPhone: optionalText(handover.signerPhone) === undefined ? undefined : (normalizePhone(handover.signerPhone) ?? undefined),
      signaturePhotoId,
      technicianSignaturePhotoId: handover.technicianSignature.photoId,
      cashless: {
        currentMethod: cashless.currentMethod,
        enrolledMethod: enrolled,
        provider: showsProvider ? optionalText(cashless.provider) : undefined,
        consent: cashless.consent,
      },
    },
    notes: optionalText(draft.notes),
    completedAt,
  };
  const parsed = SwapCompleteArgs.safeParse(withoutUndefined(candidate));
  if (!parsed.success) {
    return err(parsed.error.issues.map((issue) => error(issue.path.map(String).join('.'), 'invalid', { message: issue.message })));
  }
  return ok(parsed.data);
}

/** Drops `undefined` members (recursively) so optional fields are absent rather than present-and-undefined in the stored JSON. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => withoutUndefined(v)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = withoutUndefined(v);
  return out as T;
}
