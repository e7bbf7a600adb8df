import { describe, expect, it } from 'vitest';
import { PushRequest, SwapCompleteArgs, VisitFailArgs } from '../../src/domain';
import { CompletionAmendArgs } from '../../src/domain/protocol/mutations';

const photo = (n: number) => n.toString(16).padStart(64, '0');

const validSwap = {
  completionId: '6f1c2f0e-0000-4000-8000-000000000001',
  workOrderId: '6f1c2f0e-0000-4000-8000-000000000002',
  baseVersion: 3,
  removed: { serial: ' 0012 3456 ', serialMatches: true, readings: { total: 1234.5 }, sealCondition: 'intact', photoIds: [photo(1)] },
  installed: { serial: 'HC2026-0001', readings: { total: 0.2 }, seals: [{ code: 'TH-123456', beads: 2 }], photoIds: [photo(2), photo(3)] },
  gps: { lat: 19.8, lng: 105.78, accuracyM: 8, at: '2026-11-24T08:30:00+07:00' },
  handover: {
    signerName: 'Lê Thị Hoa',
    signerRole: 'customer',
    signaturePhotoId: photo(4),
    cashless: { currentMethod: 'cash', enrolledMethod: 'e_wallet', provider: 'MoMo', consent: true },
  },
  completedAt: '2026-11-24T08:45:00+07:00',
};

describe('swap.complete args', () => {
  it('accepts a complete swap and normalises the serials', () => {
    const parsed = SwapCompleteArgs.parse(validSwap);
    expect(parsed.removed.serial).toBe('00123456');
  });

  it('names the fields at fault: missing signature, no seal, bad photo id, unknown field', () => {
    const broken = {
      ...validSwap,
      installed: { ...validSwap.installed, seals: [] },
      handover: { ...validSwap.handover, signaturePhotoId: 'not-a-hash' },
      extra: 1,
    };
    const result = SwapCompleteArgs.safeParse(broken);
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.')) ?? [];
    expect(paths).toEqual(expect.arrayContaining(['installed.seals', 'handover.signaturePhotoId', '']));
  });

  it('refuses a negative reading and an unknown seal condition', () => {
    const result = SwapCompleteArgs.safeParse({
      ...validSwap,
      removed: { ...validSwap.removed, readings: { total: -1 }, sealCondition: 'ok' },
    });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['removed.readings.total', 'removed.sealCondition']);
  });
});

describe('swap.complete handover-record fields (optional, added in v1)', () => {
  const withRecordFields = {
    ...validSwap,
    removed: { ...validSwap.removed, sealCodes: ['TH-000111', 'TH-000112'] },
    installed: {
      ...validSwap.installed,
      seals: [
        { code: 'TH-123456', beads: 2, kind: 'terminal_cover' },
        { code: 'TH-123457', beads: 1, kind: 'box' },
      ],
      position: 'pole',
      poleBoxNo: 'Cột 12/3',
      manufactureYear: 2025,
      verificationDate: '2026-03-15',
      remoteRead: 'rf_mesh',
      transformers: [
        { kind: 'ti', serial: 'TI-001', ratio: '200/5', accuracyClass: '0.5' },
        { kind: 'tu', serial: 'TU-9', ratio: '22000/110' },
      ],
      multiplier: 8000,
    },
    handover: { ...validSwap.handover, sealerName: 'Trần Văn Bình' },
  };

  it('still accepts a payload from a device that predates them', () => {
    const parsed = SwapCompleteArgs.parse(validSwap);
    expect(parsed.installed).not.toHaveProperty('position');
    expect(parsed.installed.seals[0]).not.toHaveProperty('kind');
    expect(parsed.handover).not.toHaveProperty('sealerName');
  });

  it('accepts every new field and keeps it as sent', () => {
    const parsed = SwapCompleteArgs.parse(withRecordFields);
    expect(parsed.installed).toMatchObject({
      position: 'pole',
      poleBoxNo: 'Cột 12/3',
      manufactureYear: 2025,
      verificationDate: '2026-03-15',
      remoteRead: 'rf_mesh',
      multiplier: 8000,
    });
    expect(parsed.installed.transformers?.[1]).toEqual({ kind: 'tu', serial: 'TU-9', ratio: '22000/110' });
    expect(parsed.removed.sealCodes).toEqual(['TH-000111', 'TH-000112']);
    expect(parsed.handover.sealerName).toBe('Trần Văn Bình');
  });

  it('names each bad new field', () => {
    const result = SwapCompleteArgs.safeParse({
      ...withRecordFields,
      installed: {
        ...withRecordFields.installed,
        position: 'roof',
        poleBoxNo: 'x'.repeat(41),
        manufactureYear: 1989,
        verificationDate: '2026-02-30',
        remoteRead: 'zigbee',
        transformers: [{ kind: 'ti', serial: 'TI-001', ratio: '200:5' }],
        multiplier: 0,
        seals: [{ code: 'TH-1', beads: 1, kind: 'lid' }],
      },
      removed: { ...withRecordFields.removed, sealCodes: [''] },
    });
    expect(result.error?.issues.map((issue) => issue.path.join('.')).sort()).toEqual([
      'installed.manufactureYear',
      'installed.multiplier',
      'installed.poleBoxNo',
      'installed.position',
      'installed.remoteRead',
      'installed.seals.0.kind',
      'installed.transformers.0.ratio',
      'installed.verificationDate',
      'removed.sealCodes.0',
    ]);
  });

  it('lets completion.amend carry them in its installed section', () => {
    const amend = CompletionAmendArgs.safeParse({
      completionId: validSwap.completionId,
      workOrderId: validSwap.workOrderId,
      patch: { installed: SwapCompleteArgs.parse(withRecordFields).installed },
      reason: 'Bổ sung vị trí lắp đặt',
      at: validSwap.completedAt,
    });
    expect(amend.success).toBe(true);
  });
});

describe('visit.fail args and the push envelope', () => {
  it('accepts a failed visit with a KV code and refuses an unknown one', () => {
    const visit = {
      visitId: validSwap.completionId,
      workOrderId: validSwap.workOrderId,
      reason: 'KV01',
      note: '',
      photoIds: [photo(9)],
      at: validSwap.completedAt,
    };
    expect(VisitFailArgs.safeParse(visit).success).toBe(true);
    expect(VisitFailArgs.safeParse({ ...visit, reason: 'KV12' }).success).toBe(false);
  });

  it('limits a push to 50 mutations and protocol version 1', () => {
    const mutation = (seq: number) => ({ seq, mutationId: validSwap.completionId, name: 'swap.complete', args: {} });
    expect(PushRequest.safeParse({ protocolVersion: 1, clientId: validSwap.workOrderId, mutations: [mutation(1)] }).success).toBe(true);
    expect(PushRequest.safeParse({ protocolVersion: 2, clientId: validSwap.workOrderId, mutations: [mutation(1)] }).success).toBe(false);
    const many = Array.from({ length: 51 }, (_, i) => mutation(i + 1));
    expect(PushRequest.safeParse({ protocolVersion: 1, clientId: validSwap.workOrderId, mutations: many }).success).toBe(false);
  });
});
