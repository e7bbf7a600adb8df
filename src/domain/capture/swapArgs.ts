import { error, type DraftIssue } from './draftIssues';
import { remoteReadFromModel, type RemoteReadType } from './handoverFields';
import { normalizeMeterSerial, normalizePhone } from './identifiers';
import { SwapCompleteArgs } from '../protocol/mutations';
import { isBelowLastBilled, parseDecimal } from './readings';
import { err, ok, type Result } from '../protocol/result';
import { normalizeStockCode } from '../stock/stock';
import type { SwapDraft, TransformerDraft } from './swapDraft';
import {
  checkReadings,
  splitSealCodes,
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

/** The remote-read type recorded: the one chosen, else the one the model implies, else none. */
export function effectiveRemoteRead(installed: Pick<SwapDraft['installed'], 'remoteRead' | 'model'>): RemoteReadType | undefined {
  if (installed.remoteRead !== '') return installed.remoteRead;
  return remoteReadFromModel(installed.model) ?? undefined;
}

function optionalNumber(text: string): number | undefined {
  return text.trim() === '' ? undefined : (parseDecimal(text) ?? undefined);
}

function transformerArgs(rows: readonly TransformerDraft[]) {
  if (rows.length === 0) return undefined;
  return rows.map((row) => ({
    kind: row.kind,
    serial: row.serial.trim(),
    ratio: row.ratio.replace(/\s/g, ''),
    accuracyClass: optionalText(row.accuracyClass),
  }));
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
      sealCodes: splitSealCodes(removed.sealCodes).length === 0 ? undefined : splitSealCodes(removed.sealCodes),
      bagLabel: normalizeStockCode(removed.bagLabel) === '' ? undefined : normalizeStockCode(removed.bagLabel),
      photoIds: [...removed.photos.meter, ...removed.photos.seals],
    },
    installed: {
      serial: installed.serial,
      model: optionalText(installed.model),
      readings: installedReadings,
      seals: installed.seals.map((seal) => ({
        code: seal.code.trim(),
        beads: Number(seal.beads.trim()),
        kind: seal.kind === '' ? undefined : seal.kind,
      })),
      photoIds: [...installed.photos.meter, ...installed.photos.seals, ...installed.photos.installation],
      position: installed.position === '' ? undefined : installed.position,
      poleBoxNo: optionalText(installed.poleBoxNo),
      manufactureYear: optionalNumber(installed.manufactureYear),
      verificationDate: optionalText(installed.verificationDate),
      remoteRead: effectiveRemoteRead(installed),
      transformers: transformerArgs(installed.transformers),
      multiplier: optionalNumber(installed.multiplier),
      stockNote: optionalText(installed.stockNote),
    },
    gps,
    gpsNote: optionalText(draft.location.note),
    handover: {
      signerName: handover.signerName.trim(),
      signerRole: handover.signerRole,
      signerPhone: optionalText(handover.signerPhone) === undefined ? undefined : (normalizePhone(handover.signerPhone) ?? undefined),
      signaturePhotoId,
      technicianSignaturePhotoId: handover.technicianSignature.photoId,
      sealerName: optionalText(handover.sealerName),
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
