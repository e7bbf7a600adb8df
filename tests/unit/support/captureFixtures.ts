import type { GpsFix } from '../../../src/domain/map/geo';
import { newSwapDraft, type SwapDraft } from '../../../src/domain/capture/swapDraft';
import type { SwapContext } from '../../../src/domain/capture/swapValidation';
import type { WorkOrder } from '../../../src/domain/workOrder/workOrder';
import { makeWorkOrder, testUuid } from './fixtures';

/** A photo id (lowercase hex SHA-256 shape) made from a short tag, e.g. photoId('a1'). */
export function photoId(tag: string): string {
  return tag
    .padEnd(64, '0')
    .replace(/[^0-9a-f]/g, 'f')
    .slice(0, 64);
}

export const SITE = { lat: 19.8, lng: 105.8 };

export function fixNear(overrides: Partial<GpsFix> = {}): GpsFix {
  return { lat: SITE.lat + 0.0001, lng: SITE.lng, accuracyM: 8, at: '2026-11-24T03:10:00.000Z', ...overrides };
}

export function swapContext(workOrder: WorkOrder = makeWorkOrder({ ...SITE }), used: string[] = []): SwapContext {
  return { workOrder, installedSerialsUsedToday: used };
}

/** A draft that passes every rule for `makeWorkOrder()` (serial 00123456, last billed 1234.5). */
export function completeDraft(workOrder: WorkOrder = makeWorkOrder({ ...SITE })): SwapDraft {
  const draft = newSwapDraft({
    workOrderId: workOrder.id,
    baseVersion: workOrder.version,
    completionId: testUuid(),
    visitId: testUuid(),
    startedAt: '2026-11-24T03:00:00.000Z',
  });
  return {
    ...draft,
    removed: {
      ...draft.removed,
      serial: workOrder.oldMeterSerial,
      readings: { ...draft.removed.readings, total: '1300,5' },
      sealCondition: 'intact',
      photos: { meter: [photoId('a1')], seals: [photoId('a2')] },
    },
    installed: {
      ...draft.installed,
      serial: 'ps-2026/0001',
      model: 'ME-40',
      readings: { ...draft.installed.readings, total: '0.8' },
      seals: [{ code: 'NP-123', beads: '2' }],
      photos: { meter: [photoId('b1')], seals: [photoId('b2')], installation: [photoId('b3')] },
    },
    location: { fix: fixNear(), note: '' },
    handover: {
      ...draft.handover,
      signerName: ' Nguyễn Văn Đức ',
      signerPhone: '0912 345 678',
      signature: { strokes: [{ points: [{ x: 1, y: 2, pressure: 0.5, time: 1 }] }], width: 300, height: 150, photoId: photoId('c1') },
      technicianConfirmed: true,
    },
  };
}
