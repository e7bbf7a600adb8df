import { describe, expect, it } from 'vitest';
import { assessStorage, handoverRecordNumber, photoStampLines, STORAGE_MIN_FREE_BYTES } from '../../src/domain/capture/captureRules';
import { failureDraftToArgs, validateFailure } from '../../src/domain/capture/failureValidation';
import { localStatus } from '../../src/domain/workOrder/localProgress';
import { VisitFailArgs } from '../../src/domain/protocol/mutations';
import type { SwapDraft } from '../../src/domain/capture/swapDraft';
import { FAILURE_REASON_CODES } from '../../src/domain/capture/visit';
import { completeDraft, fixNear, photoId, SITE } from './support/captureFixtures';
import { makeWorkOrder } from './support/fixtures';

function failing(change: Partial<SwapDraft['failure']>, base: SwapDraft = completeDraft()): SwapDraft {
  return { ...base, startGps: undefined, failure: { ...base.failure, active: true, ...change } };
}

const fieldsOf = (draft: SwapDraft) => validateFailure(draft, SITE).map((i) => `${i.field}:${i.code}`);

describe('failed visit (không thực hiện được)', () => {
  it('needs a reason first', () => {
    expect(fieldsOf(failing({}))).toEqual(['failure.reason:required']);
  });

  it('KV01 customer absent: a photo of the premises, whether the customer was phoned, and GPS', () => {
    expect(fieldsOf(failing({ reason: 'KV01' }))).toEqual([
      'failure.photos:failure_evidence_photo',
      'failure.called:failure_called',
      'failure.fix:failure_gps',
    ]);
    expect(fieldsOf(failing({ reason: 'KV01', photos: [photoId('e1')], called: 'no', fix: fixNear() }))).toEqual([]);
  });

  it('takes the check-in fix as GPS evidence when the form has none', () => {
    const draft = { ...failing({ reason: 'KV05', note: 'Không có số nhà' }), startGps: fixNear() };
    expect(validateFailure(draft, SITE)).toEqual([]);
  });

  it('asks for exactly the evidence each reason requires', () => {
    const expected: Record<string, string[]> = {
      KV02: ['failure.note:failure_evidence_note'],
      KV03: ['failure.photos:failure_evidence_photo'],
      KV04: ['failure.photos:failure_evidence_photo', 'failure.note:failure_evidence_note'],
      KV05: ['failure.note:failure_evidence_note', 'failure.fix:failure_gps'],
      KV06: ['failure.photos:failure_evidence_photo'],
      KV07: ['failure.photos:failure_evidence_photo'],
      KV08: ['failure.note:failure_evidence_note'],
      KV09: ['failure.note:failure_evidence_note'],
      KV10: ['failure.photos:failure_evidence_photo'],
      KV11: [],
      KV99: ['failure.note:failure_evidence_note'],
    };
    for (const reason of FAILURE_REASON_CODES.filter((r) => r !== 'KV01')) {
      expect(fieldsOf(failing({ reason })), reason).toEqual(expected[reason]);
    }
  });

  it('turns the form into visit.fail args the shared schema accepts', () => {
    const draft = failing({ reason: 'KV01', photos: [photoId('e1')], called: 'yes', fix: fixNear(), note: '  Gọi không nghe máy ' });
    const result = failureDraftToArgs(draft, SITE, '2026-11-24T05:00:00.000Z');
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(VisitFailArgs.safeParse(result.value).success).toBe(true);
    expect(result.value).toEqual({
      visitId: draft.failure.visitId,
      workOrderId: draft.workOrderId,
      reason: 'KV01',
      note: 'Gọi không nghe máy',
      photoIds: [photoId('e1')],
      gps: fixNear(),
      called: true,
      at: '2026-11-24T05:00:00.000Z',
    });
    const weather = failureDraftToArgs(failing({ reason: 'KV11' }), SITE, '2026-11-24T05:00:00.000Z');
    if (!weather.ok) throw new Error('KV11 needs no evidence');
    expect(weather.value).not.toHaveProperty('called');
    expect(weather.value).not.toHaveProperty('gps');
  });
});

describe('storage guard', () => {
  it('refuses photos when less than the minimum is free, and says so when the browser cannot tell', () => {
    expect(assessStorage(null)).toEqual({ status: 'unknown' });
    expect(assessStorage({ usage: 0, quota: 0 })).toEqual({ status: 'unknown' });
    expect(assessStorage({ usage: 100, quota: 100 + STORAGE_MIN_FREE_BYTES })).toEqual({
      status: 'ok',
      usedBytes: 100,
      freeBytes: STORAGE_MIN_FREE_BYTES,
    });
    expect(assessStorage({ usage: 101, quota: 100 + STORAGE_MIN_FREE_BYTES }).status).toBe('low');
    expect(assessStorage({ usage: 900, quota: 100 }).status).toBe('low');
  });
});

describe('photo stamp and record number', () => {
  it('stamps customer code, kind, Vietnam date-time and GPS with accuracy', () => {
    const lines = photoStampLines({
      customerCode: 'PA07BT0012345',
      kindLabel: 'Công tơ tháo',
      at: new Date('2026-11-24T17:05:00Z'),
      gps: { lat: 19.807123, lng: 105.776, accuracyM: 7.6 },
      noGpsLabel: 'GPS: chưa có vị trí',
    });
    expect(lines).toEqual(['PA07BT0012345 · Công tơ tháo', '25/11/2026 00:05 · GPS 19.80712, 105.77600 ±8 m']);
    expect(
      photoStampLines({ customerCode: 'X', kindLabel: 'Y', at: new Date('2026-11-24T03:00:00Z'), gps: null, noGpsLabel: 'GPS: chưa có vị trí' })[1],
    ).toBe('24/11/2026 10:00 · GPS: chưa có vị trí');
  });

  it('numbers a handover record from the Vietnam day and the completion id', () => {
    expect(handoverRecordNumber('3f2b9c1a-0000-4000-8000-000000000001', '2026-11-24T18:30:00.000Z')).toBe('BB-20261125-3F2B9C1A');
  });
});

describe('status shown for a work order', () => {
  const none = { completed: false, started: false, lastFailedDay: null };
  it('shows what this device did before the server knows it', () => {
    const wo = makeWorkOrder({ status: 'assigned', plannedDate: '2026-11-24' });
    expect(localStatus(wo, undefined)).toBe('assigned');
    expect(localStatus(wo, { ...none, started: true })).toBe('in_progress');
    expect(localStatus(wo, { ...none, started: true, completed: true })).toBe('completed');
    expect(localStatus(wo, { ...none, lastFailedDay: '2026-11-24' })).toBe('failed_visit');
  });

  it('lets the server win once the work order is closed or rescheduled', () => {
    expect(localStatus(makeWorkOrder({ status: 'cancelled' }), { ...none, completed: true })).toBe('cancelled');
    expect(localStatus(makeWorkOrder({ status: 'assigned', plannedDate: '2026-11-26' }), { ...none, lastFailedDay: '2026-11-24' })).toBe('assigned');
  });
});
