import { assessFix, GPS_THRESHOLDS, type GpsFix, type GpsThresholds } from '../map/geo';
import { checkLength, error, warning, type DraftIssue } from './draftIssues';

/** Free-text limit of the reason (ShortText of the mutation schemas). */
export const POSITION_NOTE_MAX = 500;

/** Where a record keeps its fix and the technician's reason for a doubtful one, as draft field paths. */
export interface PositionFields {
  fix: string;
  note: string;
}

/**
 * The position rule of every record made on site, the swap's location step and the failed visit alike
 * (domain.md "GPS"): a fix less precise than 50 m or farther than 200 m from the work order's site is
 * shown as a warning, and the record goes on only with the technician's reason for keeping it. One rule, one
 * wording (`capture.issues.gps_*`), so a failed visit 651 m from the site is asked the same question as a swap.
 * Without a fix there is nothing to judge here: whether a fix is required is each record's own rule.
 */
export function checkPosition(
  fix: GpsFix | undefined,
  site: { lat: number; lng: number },
  note: string,
  fields: PositionFields,
  thresholds: GpsThresholds = GPS_THRESHOLDS,
): DraftIssue[] {
  const issues = checkLength(fields.note, note, POSITION_NOTE_MAX);
  if (fix === undefined) return issues;
  const { distanceM, warnings } = assessFix(fix, site, thresholds);
  const found: DraftIssue[] = [];
  if (warnings.includes('low_accuracy')) found.push(warning(fields.fix, 'gps_low_accuracy', { accuracy: Math.round(fix.accuracyM) }));
  if (warnings.includes('far_from_site')) found.push(warning(fields.fix, 'gps_far', { distance: Math.round(distanceM) }));
  if (warnings.length > 0 && note.trim() === '') found.push(error(fields.note, 'gps_note_required'));
  return [...found, ...issues];
}

/**
 * The same judgement as flags kept with a record the server received (`gps_low_accuracy`, `gps_far_from_site`):
 * warnings for the supervisor, never a reason to refuse field evidence (design §6).
 */
export function positionFlags(fix: GpsFix | undefined, site: { lat: number; lng: number }, thresholds: GpsThresholds = GPS_THRESHOLDS): string[] {
  return fix === undefined ? [] : assessFix(fix, site, thresholds).warnings.map((w) => `gps_${w}`);
}
