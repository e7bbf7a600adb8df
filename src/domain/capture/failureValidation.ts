import { checkLength, error, type DraftIssue } from './draftIssues';
import type { GpsFix } from '../map/geo';
import { checkPosition } from './positionRule';
import { VisitFailArgs } from '../protocol/mutations';
import { err, ok, type Result } from '../protocol/result';
import type { SwapDraft } from './swapDraft';
import { withoutUndefined } from './swapArgs';
import { missingFailureEvidence, type FailureReason } from './visit';

const NOTE_MAX = 500;

/** Reasons whose evidence includes the position (domain.md: KV01 absent, KV05 address not found). */
const GPS_EVIDENCE: readonly FailureReason[] = ['KV01', 'KV05'];

/** The failed visit's fix: the one taken on the form, else the check-in fix. */
export function failureFix(draft: SwapDraft): GpsFix | undefined {
  return draft.failure.fix ?? draft.startGps;
}

/**
 * What is missing before "Không thực hiện được" can be recorded: the evidence rules of FAILURE_REASONS, and the
 * position rule the swap follows (checkPosition: a fix far from `site` or imprecise needs a reason).
 */
export function validateFailure(draft: SwapDraft, site: { lat: number; lng: number }): DraftIssue[] {
  const f = draft.failure;
  if (f.reason === '') return [error('failure.reason', 'required')];
  const issues: DraftIssue[] = [];
  const missing = missingFailureEvidence(f.reason, { note: f.note, photoCount: f.photos.length });
  if (missing.includes('photo')) issues.push(error('failure.photos', 'failure_evidence_photo'));
  if (missing.includes('note')) issues.push(error('failure.note', 'failure_evidence_note'));
  issues.push(...checkLength('failure.note', f.note, NOTE_MAX));
  if (f.reason === 'KV01' && f.called === '') issues.push(error('failure.called', 'failure_called'));
  const fix = failureFix(draft);
  if (GPS_EVIDENCE.includes(f.reason) && fix === undefined) issues.push(error('failure.fix', 'failure_gps'));
  issues.push(...checkPosition(fix, site, f.gpsNote, { fix: 'failure.fix', note: 'failure.gpsNote' }));
  return issues;
}

/** The failed-visit form as `visit.fail` args, or the errors still to fix. */
export function failureDraftToArgs(draft: SwapDraft, site: { lat: number; lng: number }, at: string): Result<VisitFailArgs, DraftIssue[]> {
  const issues = validateFailure(draft, site).filter((issue) => issue.level === 'error');
  const reason = draft.failure.reason;
  if (issues.length > 0 || reason === '') return err(issues);
  const gpsNote = draft.failure.gpsNote.trim();
  const candidate = withoutUndefined({
    visitId: draft.failure.visitId,
    workOrderId: draft.workOrderId,
    reason,
    note: draft.failure.note.trim(),
    photoIds: draft.failure.photos,
    gps: failureFix(draft),
    called: reason === 'KV01' ? draft.failure.called === 'yes' : undefined,
    gpsNote: gpsNote === '' ? undefined : gpsNote,
    at,
  });
  const parsed = VisitFailArgs.safeParse(candidate);
  if (!parsed.success) {
    return err(parsed.error.issues.map((issue) => error(issue.path.map(String).join('.'), 'invalid', { message: issue.message })));
  }
  return ok(parsed.data);
}
