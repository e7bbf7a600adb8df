import { describe, expect, it } from 'vitest';
import { checkStock, fillFromStock, verificationValidUntil, type HeldMeter, type HeldStock } from '../../src/domain/capture/stockRule';

const meter = (code: string, over: Partial<HeldMeter> = {}): HeldMeter => ({
  code,
  model: 'DDS26D-RF',
  phases: 1,
  manufactureYear: 2026,
  verifiedOn: '2026-10-15',
  verificationNo: 'KD-1',
  remoteRead: 'rf_mesh',
  ...over,
});
const stock: HeldStock = {
  meters: new Map([
    ['DL0001', meter('DL0001')],
    ['DL0003', meter('DL0003', { phases: 3 })],
    ['DL0004', meter('DL0004', { verifiedOn: '2021-06-01' })],
  ]),
  seals: new Set(['SA0001', 'SA0002', 'SA0003']),
  usedSeals: new Set(['SA0003']),
};
const fields = { serial: 'installed.serial', seal: (i: number) => `installed.seals.${i}.code`, note: 'installed.stockNote' };
const TODAY = '2026-12-08';
const check = (serial: string, sealCodes: string[], note = '', phases: 1 | 3 = 1) =>
  checkStock({ serial, sealCodes }, { phases }, stock, TODAY, note, fields).map((i) => `${i.level}:${i.field}:${i.code}`);

describe('the stock rule at the door (issue 16 §3)', () => {
  it('passes a held meter of the right phases, in verification, with held unused seals (typed in lower case with spaces)', () => {
    expect(check('dl 0001', ['sa0001', 'SA 0002'])).toEqual([]);
  });

  it('warns about a serial not held, wrong phases, expired verification, and asks for the reason', () => {
    expect(check('ZZ0001', [])).toEqual(['warning:installed.serial:stock_serial_not_held', 'error:installed.stockNote:stock_note_required']);
    expect(check('DL0003', [])).toEqual(['warning:installed.serial:stock_phases_mismatch', 'error:installed.stockNote:stock_note_required']);
    expect(check('DL0004', [])).toEqual(['warning:installed.serial:stock_verification_expired', 'error:installed.stockNote:stock_note_required']);
    // With a reason, the warnings stay (the supervisor sees them) and nothing blocks.
    expect(check('ZZ0001', [], 'Kho giao bổ sung, chưa kịp cấp')).toEqual(['warning:installed.serial:stock_serial_not_held']);
  });

  it('warns about a seal not held or already used on this device, at its own field', () => {
    expect(check('DL0001', ['SA0001', 'SX9999', 'SA0003'])).toEqual([
      'warning:installed.seals.1.code:stock_seal_not_held',
      'warning:installed.seals.2.code:stock_seal_used',
      'error:installed.stockNote:stock_note_required',
    ]);
  });

  it('judges nothing when the device has no stock yet, and nothing for empty fields', () => {
    expect(checkStock({ serial: 'ZZ0001', sealCodes: ['X'] }, { phases: 1 }, undefined, TODAY, '', fields)).toEqual([]);
    expect(check('', ['', ' '])).toEqual([]);
  });

  it('counts verification validity by phases: 5 years single-phase, 2 years three-phase', () => {
    expect(verificationValidUntil('2026-10-15', 1)).toBe('2031-10-14');
    expect(verificationValidUntil('2024-03-01', 3)).toBe('2026-02-28');
    expect(verificationValidUntil('2024-02-29', 1)).toBe('2029-02-28');
  });

  it('fills model, manufacture year, verification date and remote-read type from the stock record', () => {
    expect(fillFromStock(meter('DL0001'))).toEqual({
      model: 'DDS26D-RF',
      manufactureYear: '2026',
      verificationDate: '2026-10-15',
      remoteRead: 'rf_mesh',
    });
    expect(fillFromStock(meter('DL0001', { model: null, remoteRead: null }))).toEqual({ manufactureYear: '2026', verificationDate: '2026-10-15' });
  });
});
