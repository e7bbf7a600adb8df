import { describe, expect, it } from 'vitest';
import type { DraftIssue } from '../../src/domain/capture/draftIssues';
import { SwapCompleteArgs } from '../../src/domain/protocol/mutations';
import { draftPhotoIds, handoverFieldsDraft, newSwapDraft, SwapDraft, withoutPhotoIds } from '../../src/domain/capture/swapDraft';
import {
  checkReadings,
  stepOfField,
  validateCashless,
  validateHandover,
  validateInstalled,
  validateLocation,
  validateRemoved,
} from '../../src/domain/capture/swapValidation';
import { swapDraftToArgs } from '../../src/domain/capture/swapArgs';
import { remoteReadFromModel } from '../../src/domain/capture/handoverFields';
import { completeDraft, fixNear, photoId, SITE, swapContext } from './support/captureFixtures';
import { makeWorkOrder, testUuid } from './support/fixtures';

const codes = (issues: readonly DraftIssue[], level?: 'error' | 'warning') =>
  issues.filter((i) => level === undefined || i.level === level).map((i) => `${i.field}:${i.code}`);

const wo = makeWorkOrder({ ...SITE, oldMeterSerial: '00123456', lastBilledReading: 1234.5 });
const ctx = swapContext(wo);

describe('a new draft', () => {
  it('starts empty apart from cash as the current payment, the customer as signer and one seal row', () => {
    const draft = newSwapDraft({
      workOrderId: wo.id,
      baseVersion: 3,
      completionId: testUuid(),
      visitId: testUuid(),
      startedAt: '2026-11-24T03:00:00.000Z',
    });
    expect(draft.step).toBe('removed');
    expect(draft.cashless.currentMethod).toBe('cash');
    expect(draft.handover.signerRole).toBe('customer');
    expect(draft.installed.seals).toEqual([{ code: '', beads: '' }]);
    expect(draft.removed.readings.total).toBe('');
  });

  it('fills the fields an older stored draft did not have, so it still opens', () => {
    const stored = {
      workOrderId: wo.id,
      completionId: testUuid(),
      baseVersion: 1,
      startedAt: '2026-11-24T03:00:00.000Z',
      step: 'installed',
      removed: { serial: '001' },
      failure: { visitId: testUuid() },
    };
    const draft = SwapDraft.parse(stored);
    expect(draft.step).toBe('installed');
    expect(draft.removed.serial).toBe('001');
    expect(draft.removed.photos).toEqual({ meter: [], seals: [] });
    expect(draft.handover.signature.strokes).toEqual([]);
  });

  it('does not share default arrays between drafts', () => {
    const a = SwapDraft.parse({
      workOrderId: wo.id,
      completionId: testUuid(),
      baseVersion: 1,
      startedAt: '2026-11-24T03:00:00.000Z',
      failure: { visitId: testUuid() },
    });
    const b = SwapDraft.parse({
      workOrderId: wo.id,
      completionId: testUuid(),
      baseVersion: 1,
      startedAt: '2026-11-24T03:00:00.000Z',
      failure: { visitId: testUuid() },
    });
    expect(a.installed.seals).not.toBe(b.installed.seals);
    expect(a.removed.photos.meter).not.toBe(b.removed.photos.meter);
  });
});

describe('removed meter (công tơ tháo)', () => {
  it('accepts a complete step', () => {
    expect(validateRemoved(completeDraft(wo), ctx)).toEqual([]);
  });

  it('asks for the serial and refuses characters a serial never has', () => {
    const draft = completeDraft(wo);
    expect(codes(validateRemoved({ ...draft, removed: { ...draft.removed, serial: '  ' } }, ctx))).toContain('removed.serial:required');
    expect(codes(validateRemoved({ ...draft, removed: { ...draft.removed, serial: '12#4' } }, ctx))).toContain('removed.serial:serial_format');
    expect(codes(validateRemoved({ ...draft, removed: { ...draft.removed, serial: '123' } }, ctx))).toContain('removed.serial:serial_format');
  });

  it('compares the serial with the work order without caring about case and spaces, keeping leading zeros', () => {
    const draft = completeDraft(makeWorkOrder({ ...SITE, oldMeterSerial: 'ab-0012' }));
    const context = swapContext(makeWorkOrder({ ...SITE, oldMeterSerial: 'AB-0012' }));
    expect(validateRemoved({ ...draft, removed: { ...draft.removed, serial: ' ab-00 12 ' } }, context)).toEqual([]);
    expect(codes(validateRemoved({ ...draft, removed: { ...draft.removed, serial: 'AB-012' } }, context), 'warning')).toEqual([
      'removed.serial:serial_mismatch',
    ]);
  });

  it('warns when the serial differs from the work order and requires a reason', () => {
    const draft = completeDraft(wo);
    const differing = { ...draft, removed: { ...draft.removed, serial: '00999999' } };
    expect(codes(validateRemoved(differing, ctx))).toEqual(['removed.serial:serial_mismatch', 'removed.serialMismatchNote:serial_mismatch_note']);
    const explained = { ...differing, removed: { ...differing.removed, serialMismatchNote: 'Tem số bị thay' } };
    expect(codes(validateRemoved(explained, ctx), 'error')).toEqual([]);
  });

  it('reads "," or "." as the decimal separator and refuses anything else', () => {
    expect(checkReadings('r', { total: '1234,5', multiRate: false, normal: '', peak: '', offPeak: '' }).readings).toEqual({ total: 1234.5 });
    expect(checkReadings('r', { total: '1234.5', multiRate: false, normal: '', peak: '', offPeak: '' }).readings).toEqual({ total: 1234.5 });
    for (const bad of ['-1', '12a', '1,2,3', 'abc']) {
      expect(codes(checkReadings('r', { total: bad, multiRate: false, normal: '', peak: '', offPeak: '' }).issues)).toEqual([
        'r.total:reading_format',
      ]);
    }
    expect(codes(checkReadings('r', { total: '', multiRate: false, normal: '', peak: '', offPeak: '' }).issues)).toEqual(['r.total:required']);
    expect(codes(checkReadings('r', { total: '100000000', multiRate: false, normal: '', peak: '', offPeak: '' }).issues)).toEqual([
      'r.total:reading_too_large',
    ]);
  });

  it('asks for all three registers of a multi-rate meter and checks they add up to the total within one digit', () => {
    const base = { total: '1000', multiRate: true, normal: '600', peak: '', offPeak: '' };
    expect(codes(checkReadings('r', base).issues)).toEqual(['r.peak:required', 'r.offPeak:required']);
    expect(checkReadings('r', { ...base, peak: '250', offPeak: '150,9' }).readings).toEqual({ total: 1000, normal: 600, peak: 250, offPeak: 150.9 });
    expect(checkReadings('r', { ...base, peak: '250', offPeak: '149' }).issues).toEqual([]);
    const off = checkReadings('r', { ...base, peak: '250', offPeak: '148,9' });
    expect(off.readings).toBeNull();
    expect(off.issues).toEqual([{ field: 'r.total', code: 'registers_sum', level: 'error', params: { sum: 998.9 } }]);
  });

  it('ignores the registers of a single-rate meter', () => {
    expect(checkReadings('r', { total: '10', multiRate: false, normal: 'x', peak: '', offPeak: '' })).toEqual({
      readings: { total: 10 },
      issues: [],
    });
  });

  it('warns when the final index is below the last billed one and then requires a reason', () => {
    const draft = completeDraft(wo);
    const below = { ...draft, removed: { ...draft.removed, readings: { ...draft.removed.readings, total: '1200' } } };
    expect(codes(validateRemoved(below, ctx))).toEqual([
      'removed.readings.total:below_last_billed',
      'removed.belowLastBilledReason:below_last_billed_reason',
    ]);
    const explained = { ...below, removed: { ...below.removed, belowLastBilledReason: 'rollover' as const } };
    expect(codes(validateRemoved(explained, ctx), 'error')).toEqual([]);
    expect(validateRemoved(below, swapContext(makeWorkOrder({ ...SITE, lastBilledReading: null })))).toEqual([]);
  });

  it('requires the seal condition and both photos (meter with index, seals)', () => {
    const draft = completeDraft(wo);
    const bare = { ...draft, removed: { ...draft.removed, sealCondition: '' as const, photos: { meter: [], seals: [] } } };
    expect(codes(validateRemoved(bare, ctx))).toEqual([
      'removed.sealCondition:seal_condition_required',
      'removed.photos.meter:photo_required',
      'removed.photos.seals:photo_required',
    ]);
  });
});

describe('installed meter (công tơ treo)', () => {
  it('accepts a complete step', () => {
    expect(validateInstalled(completeDraft(wo), ctx)).toEqual([]);
  });

  it('warns, without blocking, when this device already installed the serial today or it equals the removed one', () => {
    const draft = completeDraft(wo);
    expect(codes(validateInstalled(draft, swapContext(wo, ['PS-2026/0001'])))).toEqual(['installed.serial:serial_used_today']);
    const same = { ...draft, installed: { ...draft.installed, serial: '00123456' } };
    expect(codes(validateInstalled(same, ctx))).toEqual(['installed.serial:serial_same_as_removed']);
  });

  it('warns, without blocking, above 10 kWh for a new meter', () => {
    const draft = completeDraft(wo);
    const high = (total: string) => ({ ...draft, installed: { ...draft.installed, readings: { ...draft.installed.readings, total } } });
    expect(validateInstalled(high('10'), ctx)).toEqual([]);
    expect(validateInstalled(high('10,1'), ctx)).toEqual([
      { field: 'installed.readings.total', code: 'initial_high', level: 'warning', params: { value: 10.1 } },
    ]);
  });

  it('needs at least one seal with a code and 1–20 beads', () => {
    const draft = completeDraft(wo);
    const seals = (s: { code: string; beads: string }[]) => ({ ...draft, installed: { ...draft.installed, seals: s } });
    expect(codes(validateInstalled(seals([]), ctx))).toEqual(['installed.seals:seals_required']);
    expect(codes(validateInstalled(seals([{ code: '', beads: '' }]), ctx))).toEqual([
      'installed.seals.0.code:required',
      'installed.seals.0.beads:required',
    ]);
    for (const beads of ['0', '21', '1.5', 'a']) {
      expect(codes(validateInstalled(seals([{ code: 'X', beads }]), ctx))).toEqual(['installed.seals.0.beads:seal_beads']);
    }
    expect(
      validateInstalled(
        seals([
          { code: 'A', beads: '1' },
          { code: 'B', beads: '20' },
        ]),
        ctx,
      ),
    ).toEqual([]);
  });

  it('requires the meter, seals and installation photos', () => {
    const draft = completeDraft(wo);
    const bare = { ...draft, installed: { ...draft.installed, photos: { meter: [], seals: [], installation: [] } } };
    expect(codes(validateInstalled(bare, ctx))).toEqual([
      'installed.photos.meter:photo_required',
      'installed.photos.seals:photo_required',
      'installed.photos.installation:photo_required',
    ]);
  });
});

describe("installed meter against the technician's stock (issue 16 §3)", () => {
  const meter = {
    code: 'PS-2026/0001',
    model: 'DDS26D-RF',
    phases: 1 as const,
    manufactureYear: 2026,
    verifiedOn: '2026-10-15',
    verificationNo: null,
    remoteRead: null,
  };
  const stock = { meters: new Map([[meter.code, meter]]), seals: new Set(['NP-123']), usedSeals: new Set<string>() };
  const held = { ...ctx, stock, today: '2026-11-24' };

  it('passes a held meter and a held seal without a word', () => {
    expect(validateInstalled(completeDraft(wo), held)).toEqual([]);
  });

  it('warns at the field for a serial not held or a seal voided on this device, and blocks the record until a reason is given', () => {
    const draft = completeDraft(wo);
    const other = { ...draft, installed: { ...draft.installed, serial: 'ZZ-0009' } };
    expect(codes(validateInstalled(other, held))).toEqual(['installed.serial:stock_serial_not_held', 'installed.stockNote:stock_note_required']);
    const voided = { ...held, stock: { ...stock, usedSeals: new Set(['NP-123']) } };
    expect(codes(validateInstalled(draft, voided))).toEqual(['installed.seals.0.code:stock_seal_used', 'installed.stockNote:stock_note_required']);
    const reported = { ...held, stock: { ...stock, usedSeals: new Set(['NP-123']), voidedSeals: new Set(['NP-123']) } };
    expect(codes(validateInstalled(draft, reported))).toEqual([
      'installed.seals.0.code:stock_seal_voided',
      'installed.stockNote:stock_note_required',
    ]);
    const refused = swapDraftToArgs(other, held, '2026-11-24T04:00:00.000Z');
    expect(refused.ok ? [] : codes(refused.error)).toEqual(['installed.stockNote:stock_note_required']);

    const reasoned = { ...other, installed: { ...other.installed, stockNote: 'Giám sát giao thêm tại hiện trường' } };
    expect(codes(validateInstalled(reasoned, held))).toEqual(['installed.serial:stock_serial_not_held']);
    const sent = swapDraftToArgs(reasoned, held, '2026-11-24T04:00:00.000Z');
    expect(sent.ok && sent.value.installed.stockNote).toBe('Giám sát giao thêm tại hiện trường');
    expect(codes(validateInstalled({ ...reasoned, installed: { ...reasoned.installed, stockNote: 'x'.repeat(501) } }, held))).toContain(
      'installed.stockNote:too_long',
    );
  });

  it('judges nothing without stock on the device (none issued, or a correction of a sent record)', () => {
    const draft = completeDraft(wo);
    expect(validateInstalled({ ...draft, installed: { ...draft.installed, serial: 'ZZ-0009' } }, ctx)).toEqual([]);
  });

  it('takes an optional bag label of at most 40 characters on the removed meter', () => {
    const draft = completeDraft(wo);
    expect(validateRemoved({ ...draft, removed: { ...draft.removed, bagLabel: 'TUI-0007' } }, ctx)).toEqual([]);
    expect(codes(validateRemoved({ ...draft, removed: { ...draft.removed, bagLabel: 'T'.repeat(41) } }, ctx))).toEqual(['removed.bagLabel:too_long']);
  });
});

describe('location (GPS thresholds)', () => {
  it('needs a fix, and falls back on the check-in fix', () => {
    const draft = completeDraft(wo);
    const none = { ...draft, location: { note: '' } };
    expect(codes(validateLocation(none, ctx))).toEqual(['location.fix:gps_missing']);
    expect(validateLocation({ ...none, startGps: fixNear() }, ctx)).toEqual([]);
  });

  it('warns above 50 m accuracy and beyond 200 m from the site, and then asks for a reason', () => {
    const draft = completeDraft(wo);
    const at = (fix: ReturnType<typeof fixNear>, note = '') => ({ ...draft, location: { fix, note } });
    expect(validateLocation(at(fixNear({ accuracyM: 50 })), ctx)).toEqual([]);
    expect(codes(validateLocation(at(fixNear({ accuracyM: 51 })), ctx))).toEqual([
      'location.fix:gps_low_accuracy',
      'location.note:gps_note_required',
    ]);
    const far = fixNear({ lat: SITE.lat + 0.003 }); // ≈ 333 m north
    expect(codes(validateLocation(at(far), ctx))).toEqual(['location.fix:gps_far', 'location.note:gps_note_required']);
    expect(codes(validateLocation(at(far, 'Địa chỉ trong dữ liệu sai'), ctx), 'error')).toEqual([]);
    expect(validateLocation(at(fixNear({ lat: SITE.lat + 0.0017 })), ctx)).toEqual([]); // ≈ 189 m
  });
});

describe('handover (bàn giao)', () => {
  it('needs the signer name, a valid mobile number when given, the signature and the technician confirmation', () => {
    const draft = completeDraft(wo);
    expect(validateHandover(draft)).toEqual([]);
    const bare = {
      ...draft,
      handover: {
        ...draft.handover,
        signerName: ' ',
        signerPhone: '0212345678',
        signature: { strokes: [], width: 0, height: 0 },
        technicianConfirmed: false,
      },
    };
    expect(codes(validateHandover(bare))).toEqual([
      'handover.signerName:required',
      'handover.signerPhone:phone_format',
      'handover.signature:signature_required',
      'handover.technicianConfirmed:technician_confirm',
    ]);
    expect(validateHandover({ ...draft, handover: { ...draft.handover, signerPhone: '' } })).toEqual([]);
    expect(validateHandover({ ...draft, handover: { ...draft.handover, signerPhone: '+84 912 345 678' } })).toEqual([]);
  });

  it('counts strokes as signed on screen, but queues nothing until the signature image is saved', () => {
    const draft = completeDraft(wo);
    const strokesOnly = { ...draft, handover: { ...draft.handover, signature: { ...draft.handover.signature, photoId: undefined } } };
    expect(validateHandover(strokesOnly)).toEqual([]);
    const result = swapDraftToArgs(strokesOnly, ctx, '2026-11-24T04:00:00.000Z');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(codes(result.error)).toEqual(['handover.signature:signature_required']);
  });
});

describe('cashless payment', () => {
  it('never blocks: a missing provider or consent is only a warning', () => {
    const draft = completeDraft(wo);
    const enrolled = { ...draft, cashless: { ...draft.cashless, enrolledMethod: 'e_wallet' as const } };
    expect(codes(validateCashless(enrolled))).toEqual(['cashless.provider:provider_missing', 'cashless.consent:consent_missing']);
    expect(validateCashless(enrolled).every((i) => i.level === 'warning')).toBe(true);
    expect(swapDraftToArgs(enrolled, ctx, '2026-11-24T04:00:00.000Z').ok).toBe(true);
  });
});

describe('draft → swap.complete args', () => {
  it('produces args the shared schema accepts, with normalised serial, numbers and phone', () => {
    const draft = completeDraft(wo);
    const result = swapDraftToArgs(draft, ctx, '2026-11-24T04:00:00.000Z');
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    const args = result.value;
    expect(SwapCompleteArgs.safeParse(args).success).toBe(true);
    expect(args.removed).toEqual({
      serial: '00123456',
      serialMatches: true,
      readings: { total: 1300.5 },
      sealCondition: 'intact',
      photoIds: [photoId('a1'), photoId('a2')],
    });
    expect(args.installed).toEqual({
      serial: 'PS-2026/0001',
      model: 'ME-40',
      readings: { total: 0.8 },
      seals: [{ code: 'NP-123', beads: 2 }],
      photoIds: [photoId('b1'), photoId('b2'), photoId('b3')],
    });
    expect(args.handover).toEqual({
      signerName: 'Nguyễn Văn Đức',
      signerRole: 'customer',
      signerPhone: '0912345678',
      signaturePhotoId: photoId('c1'),
      cashless: { currentMethod: 'cash', consent: false },
    });
    expect(args.gps).toEqual(fixNear());
    expect(args).not.toHaveProperty('gpsNote');
    expect(args.completionId).toBe(draft.completionId);
    expect(args.baseVersion).toBe(wo.version);
  });

  it('carries the mismatch note, the below-billed reason, the GPS note and the e-wallet provider when they apply', () => {
    const draft = completeDraft(wo);
    const special = {
      ...draft,
      removed: {
        ...draft.removed,
        serial: '00999999',
        serialMismatchNote: 'Khác tem',
        readings: { ...draft.removed.readings, total: '1000' },
        belowLastBilledReason: 'faulty_meter' as const,
      },
      location: { fix: fixNear({ accuracyM: 80 }), note: 'Trong nhà' },
      cashless: { currentMethod: 'cash' as const, enrolledMethod: 'e_wallet' as const, provider: 'MoMo', providerOther: false, consent: true },
    };
    const result = swapDraftToArgs(special, ctx, '2026-11-24T04:00:00.000Z');
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.removed.serialMatches).toBe(false);
    expect(result.value.removed.serialMismatchNote).toBe('Khác tem');
    expect(result.value.removed.belowLastBilledReason).toBe('faulty_meter');
    expect(result.value.gpsNote).toBe('Trong nhà');
    expect(result.value.handover.cashless).toEqual({ currentMethod: 'cash', enrolledMethod: 'e_wallet', provider: 'MoMo', consent: true });
  });

  it('returns every error of every step instead, and nothing to queue', () => {
    const draft = completeDraft(wo);
    const broken = { ...draft, removed: { ...draft.removed, serial: '' }, handover: { ...draft.handover, technicianConfirmed: false } };
    const result = swapDraftToArgs(broken, ctx, '2026-11-24T04:00:00.000Z');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(codes(result.error)).toEqual(['removed.serial:required', 'handover.technicianConfirmed:technician_confirm']);
  });

  it('knows which step a field belongs to', () => {
    expect(stepOfField('removed.readings.total')).toBe('removed');
    expect(stepOfField('installed.seals.0.code')).toBe('installed');
    expect(stepOfField('location.note')).toBe('location');
    expect(stepOfField('handover.signature')).toBe('handover');
    expect(stepOfField('notes')).toBe('cashless');
  });
});

describe('handover-record fields of the installed meter', () => {
  const today = '2026-11-24';
  const dated = { ...ctx, today };
  const installed = (change: Partial<SwapDraft['installed']>) => {
    const draft = completeDraft(wo);
    return { ...draft, installed: { ...draft.installed, ...change } };
  };

  it('are optional: a draft without them validates and sends no such members', () => {
    expect(codes(validateInstalled(completeDraft(wo), dated))).toEqual([]);
  });

  it('accepts a manufacture year from 1990 to the current year only', () => {
    expect(codes(validateInstalled(installed({ manufactureYear: '1990' }), dated))).toEqual([]);
    expect(codes(validateInstalled(installed({ manufactureYear: '2026' }), dated))).toEqual([]);
    for (const bad of ['1989', '2027', '25', '20x5']) {
      expect(codes(validateInstalled(installed({ manufactureYear: bad }), dated))).toEqual(['installed.manufactureYear:manufacture_year']);
    }
    expect(validateInstalled(installed({ manufactureYear: '2027' }), dated)[0]?.params).toEqual({ min: 1990, max: 2026 });
  });

  it('warns (never blocks) on a verification date in the future or older than 10 years; refuses a non-date', () => {
    expect(codes(validateInstalled(installed({ verificationDate: '2026-11-24' }), dated))).toEqual([]);
    expect(codes(validateInstalled(installed({ verificationDate: '2016-11-24' }), dated))).toEqual([]);
    expect(codes(validateInstalled(installed({ verificationDate: '2026-11-25' }), dated), 'warning')).toEqual([
      'installed.verificationDate:verification_future',
    ]);
    expect(codes(validateInstalled(installed({ verificationDate: '2016-11-23' }), dated), 'warning')).toEqual([
      'installed.verificationDate:verification_old',
    ]);
    expect(codes(validateInstalled(installed({ verificationDate: '2016-11-23' }), dated), 'error')).toEqual([]);
    expect(codes(validateInstalled(installed({ verificationDate: '2026-02-30' }), dated), 'error')).toEqual([
      'installed.verificationDate:date_format',
    ]);
  });

  it('limits the pole/box number to 40 characters', () => {
    expect(codes(validateInstalled(installed({ poleBoxNo: 'x'.repeat(40) }), dated))).toEqual([]);
    expect(codes(validateInstalled(installed({ poleBoxNo: 'x'.repeat(41) }), dated))).toEqual(['installed.poleBoxNo:too_long']);
  });

  it('checks TI/TU rows (serial, ratio like 200/5, accuracy class) and the multiplier', () => {
    const good = installed({ transformers: [{ kind: 'ti', serial: 'TI-1', ratio: ' 200 / 5 ', accuracyClass: '0,5' }], multiplier: '40' });
    expect(codes(validateInstalled(good, dated))).toEqual([]);
    const bad = installed({ transformers: [{ kind: 'tu', serial: '', ratio: '200:5', accuracyClass: 'high' }], multiplier: '-2' });
    expect(codes(validateInstalled(bad, dated))).toEqual([
      'installed.transformers.0.serial:required',
      'installed.transformers.0.ratio:ratio_format',
      'installed.transformers.0.accuracyClass:accuracy_class_format',
      'installed.multiplier:multiplier_format',
    ]);
  });

  it('checks the removed meter seal codes and the sealer name lengths', () => {
    const draft = completeDraft(wo);
    const many = { ...draft, removed: { ...draft.removed, sealCodes: Array.from({ length: 11 }, (_, i) => `C${i}`).join(', ') } };
    expect(codes(validateRemoved(many, ctx))).toEqual(['removed.sealCodes:seal_codes_count']);
    const long = { ...draft, handover: { ...draft.handover, sealerName: 'x'.repeat(121) } };
    expect(codes(validateHandover(long))).toEqual(['handover.sealerName:too_long']);
  });

  it('carries every field into the args, with the remote-read type taken from the model when none was chosen', () => {
    const draft = installed({
      model: 'DDS26D-RF',
      position: 'outdoor',
      poleBoxNo: ' H-07 ',
      manufactureYear: '2025',
      verificationDate: '2026-01-10',
      seals: [
        { code: 'NP-123', beads: '2', kind: 'terminal_cover' },
        { code: 'NP-124', beads: '1' },
      ],
      transformers: [{ kind: 'ti', serial: 'TI-1', ratio: '200 / 5', accuracyClass: '' }],
      multiplier: '40',
    });
    const full = { ...draft, removed: { ...draft.removed, sealCodes: 'A1, A2;A3' }, handover: { ...draft.handover, sealerName: ' Trần Bình ' } };
    const result = swapDraftToArgs(full, dated, '2026-11-24T04:00:00.000Z');
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    expect(result.value.installed).toMatchObject({
      position: 'outdoor',
      poleBoxNo: 'H-07',
      manufactureYear: 2025,
      verificationDate: '2026-01-10',
      remoteRead: 'rf_mesh',
      multiplier: 40,
      seals: [
        { code: 'NP-123', beads: 2, kind: 'terminal_cover' },
        { code: 'NP-124', beads: 1 },
      ],
      transformers: [{ kind: 'ti', serial: 'TI-1', ratio: '200/5' }],
    });
    expect(result.value.installed.seals[1]).not.toHaveProperty('kind');
    expect(result.value.removed.sealCodes).toEqual(['A1', 'A2', 'A3']);
    expect(result.value.handover.sealerName).toBe('Trần Bình');
    const chosen = swapDraftToArgs({ ...full, installed: { ...full.installed, remoteRead: 'plc' } }, dated, '2026-11-24T04:00:00.000Z');
    expect(chosen.ok && chosen.value.installed.remoteRead).toBe('plc');
  });

  it('infers the remote-read type from common model names, and asks otherwise', () => {
    expect(remoteReadFromModel('DDS26D-RF')).toBe('rf_mesh');
    expect(remoteReadFromModel('vse11-plc')).toBe('plc');
    expect(remoteReadFromModel('ME-41 4G')).toBe('gprs_4g');
    expect(remoteReadFromModel('CE-NB-IoT')).toBe('nb_iot');
    expect(remoteReadFromModel('ME-40')).toBeNull();
  });

  it('turns sent args back into the same draft text (reopening a record made elsewhere)', () => {
    const draft = installed({
      position: 'pole',
      poleBoxNo: 'H-07',
      manufactureYear: '2025',
      verificationDate: '2026-01-10',
      remoteRead: 'nb_iot',
      transformers: [{ kind: 'tu', serial: 'TU-1', ratio: '22000/110', accuracyClass: '0.5' }],
      multiplier: '200',
    });
    const full = {
      ...draft,
      removed: { ...draft.removed, sealCodes: 'A1, A2', bagLabel: ' tui 0007 ' },
      installed: { ...draft.installed, stockNote: ' Giám sát giao thêm tại hiện trường ' },
      handover: { ...draft.handover, sealerName: 'Trần Bình' },
    };
    const result = swapDraftToArgs(full, dated, '2026-11-24T04:00:00.000Z');
    if (!result.ok) throw new Error(JSON.stringify(result.error));
    // The bag label normalised like a stock code (scanned or typed), the reason trimmed.
    expect(result.value.removed.bagLabel).toBe('TUI0007');
    expect(result.value.installed.stockNote).toBe('Giám sát giao thêm tại hiện trường');
    const back = handoverFieldsDraft(result.value);
    expect(back.installed).toEqual({
      position: 'pole',
      poleBoxNo: 'H-07',
      manufactureYear: '2025',
      verificationDate: '2026-01-10',
      remoteRead: 'nb_iot',
      transformers: [{ kind: 'tu', serial: 'TU-1', ratio: '22000/110', accuracyClass: '0.5' }],
      multiplier: '200',
      stockNote: 'Giám sát giao thêm tại hiện trường',
    });
    expect(back.removed).toEqual({ sealCodes: 'A1, A2', bagLabel: 'TUI0007' });
    expect(back.handover.sealerName).toBe('Trần Bình');
    const old = handoverFieldsDraft(
      SwapCompleteArgs.parse({ ...result.value, installed: { ...result.value.installed, position: undefined, transformers: undefined } }),
    );
    expect(old.installed.position).toBe('');
    expect(old.installed.transformers).toEqual([]);
    // Without the bag label or reason (args of before issue 16): empty, and the args leave them out.
    const plain = swapDraftToArgs(draft, dated, '2026-11-24T04:00:00.000Z');
    if (!plain.ok) throw new Error(JSON.stringify(plain.error));
    expect(plain.value.removed).not.toHaveProperty('bagLabel');
    expect(plain.value.installed).not.toHaveProperty('stockNote');
    expect(handoverFieldsDraft(plain.value).installed.stockNote).toBe('');
  });

  it('starts a visit with the remembered installation position', () => {
    const draft = newSwapDraft({
      workOrderId: wo.id,
      baseVersion: 3,
      completionId: testUuid(),
      visitId: testUuid(),
      startedAt: '2026-11-24T03:00:00.000Z',
      position: 'pole',
    });
    expect(draft.installed.position).toBe('pole');
  });
});

describe('photo references', () => {
  it('can drop photos whose bytes were not stored, wherever the draft references them', () => {
    const draft = completeDraft(wo);
    const stripped = withoutPhotoIds(draft, [photoId('a1'), photoId('c1'), photoId('b3')]);
    expect(draftPhotoIds(stripped).sort()).toEqual([photoId('a2'), photoId('b1'), photoId('b2')].sort());
    expect(stripped.handover.signature.strokes).toEqual(draft.handover.signature.strokes);
  });
});
