import { describe, expect, it } from 'vitest';
import type { DraftIssue } from '../../src/domain/capture/draftIssues';
import { failureDraftToArgs, validateFailure } from '../../src/domain/capture/failureValidation';
import { checkPosition, positionFlags } from '../../src/domain/capture/positionRule';
import type { SwapDraft } from '../../src/domain/capture/swapDraft';
import { validateLocation } from '../../src/domain/capture/swapValidation';
import type { GpsFix } from '../../src/domain/map/geo';
import { completeDraft, fixNear, SITE, swapContext } from './support/captureFixtures';

/** ≈ 651 m north of the site: the failed visit of the walk-through that went through without a word. */
const FAR = fixNear({ lat: SITE.lat + 0.005855 });
/** ≈ 189 m: inside the 200 m rule. */
const NEAR_EDGE = fixNear({ lat: SITE.lat + 0.0017 });
const IMPRECISE = fixNear({ accuracyM: 51 });

/** Issues without the field prefix (`location.` / `failure.`), so the two paths can be compared. */
const judged = (issues: readonly DraftIssue[], prefix: string) =>
  issues
    .filter((i) => i.field.startsWith(`${prefix}.`) && i.code.startsWith('gps_'))
    .map((i) => ({ ...i, field: i.field.slice(prefix.length + 1).replace(/^gpsNote$/, 'note') }));

function swapAt(fix: GpsFix, note = ''): SwapDraft {
  const draft = completeDraft();
  return { ...draft, location: { fix, note } };
}

/** A failed visit that needs nothing but a reason (KV11, weather), so only the position rule speaks. */
function failureAt(fix: GpsFix | undefined, gpsNote = ''): SwapDraft {
  const draft = completeDraft();
  return { ...draft, started: false, startGps: undefined, failure: { ...draft.failure, active: true, reason: 'KV11', fix, gpsNote } };
}

describe('the position rule (checkPosition), one for the swap and the failed visit', () => {
  it('warns beyond 200 m and above 50 m accuracy, and asks for a reason only then', () => {
    const fields = { fix: 'x.fix', note: 'x.note' };
    expect(checkPosition(NEAR_EDGE, SITE, '', fields)).toEqual([]);
    expect(checkPosition(fixNear({ accuracyM: 50 }), SITE, '', fields)).toEqual([]);
    expect(checkPosition(FAR, SITE, '', fields)).toEqual([
      { field: 'x.fix', code: 'gps_far', level: 'warning', params: { distance: 651 } },
      { field: 'x.note', code: 'gps_note_required', level: 'error' },
    ]);
    expect(checkPosition(IMPRECISE, SITE, '', fields).map((i) => i.code)).toEqual(['gps_low_accuracy', 'gps_note_required']);
    expect(checkPosition(FAR, SITE, '  Nhà ở cuối ngõ, dữ liệu sai vị trí ', fields)).toEqual([
      { field: 'x.fix', code: 'gps_far', level: 'warning', params: { distance: 651 } },
    ]);
    expect(checkPosition(undefined, SITE, '', fields)).toEqual([]);
  });

  it('judges a failed visit 651 m from the site exactly as it judges a swap there: same codes, same numbers', () => {
    for (const fix of [FAR, IMPRECISE, NEAR_EDGE]) {
      const swap = judged(validateLocation(swapAt(fix), swapContext()), 'location');
      const failed = judged(validateFailure(failureAt(fix), SITE), 'failure');
      expect(failed, `${fix.lat} ±${fix.accuracyM}`).toEqual(swap);
    }
    expect(judged(validateFailure(failureAt(FAR), SITE), 'failure').map((i) => i.code)).toEqual(['gps_far', 'gps_note_required']);
  });

  it('keeps a far failed visit from being recorded without a reason, and sends the reason as gpsNote', () => {
    const at = '2026-11-24T05:00:00.000Z';
    const refused = failureDraftToArgs(failureAt(FAR), SITE, at);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.map((i) => `${i.field}:${i.code}`)).toEqual(['failure.gpsNote:gps_note_required']);

    const kept = failureDraftToArgs(failureAt(FAR, '  Cổng khoá, đứng ở đầu ngõ '), SITE, at);
    if (!kept.ok) throw new Error(JSON.stringify(kept.error));
    expect(kept.value).toMatchObject({ reason: 'KV11', gps: FAR, gpsNote: 'Cổng khoá, đứng ở đầu ngõ' });

    const near = failureDraftToArgs(failureAt(NEAR_EDGE, ''), SITE, at);
    if (!near.ok) throw new Error(JSON.stringify(near.error));
    expect(near.value).not.toHaveProperty('gpsNote');
  });

  it('records a failed visit without a position when its reason needs none (weather), as before', () => {
    expect(validateFailure(failureAt(undefined), SITE)).toEqual([]);
  });

  it('gives the server the same judgement as flags', () => {
    expect(positionFlags(FAR, SITE)).toEqual(['gps_far_from_site']);
    expect(positionFlags(IMPRECISE, SITE)).toEqual(['gps_low_accuracy']);
    expect(positionFlags(NEAR_EDGE, SITE)).toEqual([]);
    expect(positionFlags(undefined, SITE)).toEqual([]);
  });
});
