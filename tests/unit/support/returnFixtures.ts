import type { SwapCompleteArgs } from '../../../src/domain/protocol/mutations';
import type { ReviewChangeData } from '../../../src/domain/protocol/sync';
import type { Change } from '../../../src/domain/protocol/sync';
import type { CompletionView } from '../../../src/domain/workOrder/workOrderDetail';
import { photoId } from './captureFixtures';
import { testUuid } from './fixtures';

/** A returned review as the pull feed brings it to the technician. */
export function returnedReview(overrides: Partial<ReviewChangeData> & Pick<ReviewChangeData, 'workOrderId'>): ReviewChangeData {
  return {
    id: testUuid(),
    completionId: null,
    code: 'COMPLETION',
    status: 'returned',
    note: 'Chỉ số tháo sai, chụp lại ảnh công tơ tháo.\nKiểm tra cả mã chì.',
    resolvedAt: '2026-11-24T08:00:00.000Z',
    ...overrides,
  };
}

export function reviewChange(data: ReviewChangeData, version = 1): Change {
  return { entity: 'review', op: 'upsert', id: data.id, version, data };
}

/** Sent args that pass the shared schema for a work order (serial 00123456, last billed 1234.5). */
export function sentArgs(workOrderId: string, overrides: Partial<SwapCompleteArgs> = {}): SwapCompleteArgs {
  return {
    completionId: testUuid(),
    workOrderId,
    baseVersion: 1,
    removed: {
      serial: '00123456',
      serialMatches: true,
      readings: { total: 1300.5 },
      sealCondition: 'intact',
      photoIds: [photoId('a1'), photoId('a2')],
    },
    installed: {
      serial: 'PS-2026/0001',
      model: 'ME-40',
      readings: { total: 0.8 },
      seals: [{ code: 'NP-123', beads: 2 }],
      photoIds: [photoId('b1'), photoId('b2'), photoId('b3')],
    },
    gps: { lat: 19.8001, lng: 105.8, accuracyM: 8, at: '2026-11-24T03:10:00.000Z' },
    handover: {
      signerName: 'Nguyễn Văn Đức',
      signerRole: 'customer',
      signerPhone: '0912345678',
      signaturePhotoId: photoId('c1'),
      cashless: { currentMethod: 'cash', consent: false },
    },
    completedAt: '2026-11-24T03:20:00.000Z',
    ...overrides,
  };
}

/** The server's copy of a completion. */
export function completionView(args: SwapCompleteArgs, overrides: Partial<CompletionView> = {}): CompletionView {
  return {
    ...args,
    id: args.completionId,
    technicianId: testUuid(),
    primary: true,
    mediaStatus: 'complete',
    receivedAt: '2026-11-24T03:21:00.000Z',
    flags: [],
    ...overrides,
  };
}

export function completionChange(data: CompletionView, version = 1): Change {
  return { entity: 'completion', op: 'upsert', id: data.id, version, data };
}
