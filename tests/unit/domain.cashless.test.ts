import { describe, expect, it } from 'vitest';
import { beforeAndAfter, billingSide, cashlessGoal, isCashless, parseBillingMethod, parseBillingPeriod } from '../../src/domain/console/cashless';

describe('billing periods', () => {
  it('reads YYYY-MM, YYYYMM and MM/YYYY', () => {
    expect(parseBillingPeriod('2026-11')).toBe('2026-11');
    expect(parseBillingPeriod(' 202611 ')).toBe('2026-11');
    expect(parseBillingPeriod('3/2027')).toBe('2027-03');
    expect(parseBillingPeriod('11/2026')).toBe('2026-11');
  });

  it('refuses anything else', () => {
    for (const bad of ['2026-13', '2026-00', '13/2026', '2026', '26-11', '2026-11-01', '1999-12', 'tháng 11', '']) {
      expect(parseBillingPeriod(bad), bad).toBeNull();
    }
  });
});

describe('billing methods', () => {
  it('maps the English names, CMIS codes and Vietnamese words to the closed set', () => {
    expect(parseBillingMethod('TM')).toBe('cash');
    expect(parseBillingMethod(' Tiền   mặt ')).toBe('cash');
    expect(parseBillingMethod('nh')).toBe('bank');
    expect(parseBillingMethod('Ủy nhiệm thu')).toBe('bank');
    expect(parseBillingMethod('VDT')).toBe('ewallet');
    expect(parseBillingMethod('APP')).toBe('app');
    expect(parseBillingMethod('QT')).toBe('counter');
    expect(parseBillingMethod('cheque')).toBeNull();
    expect(parseBillingMethod('')).toBeNull();
  });

  it('counts only cash as cash', () => {
    expect(isCashless('cash')).toBe(false);
    for (const m of ['bank', 'ewallet', 'app', 'counter'] as const) expect(isCashless(m)).toBe(true);
  });
});

describe('before and after a visit', () => {
  it('puts months before the visit month before, later ones after, and the visit month on neither side', () => {
    expect(billingSide('2026-11', '2026-12-01')).toBe('before');
    expect(billingSide('2026-12', '2026-12-01')).toBe('during');
    expect(billingSide('2026-12', '2026-12-31')).toBe('during');
    expect(billingSide('2027-01', '2026-12-31')).toBe('after');
  });

  it('takes the latest period on each side', () => {
    const rows = [
      { period: '2026-10', method: 'bank' as const },
      { period: '2026-11', method: 'cash' as const },
      { period: '2026-12', method: 'app' as const },
      { period: '2027-02', method: 'ewallet' as const },
      { period: '2027-01', method: 'cash' as const },
    ];
    expect(beforeAndAfter(rows, '2026-12-10')).toEqual({ before: 'cash', after: 'ewallet' });
    expect(beforeAndAfter(rows.slice(0, 3), '2026-12-10')).toEqual({ before: 'cash', after: null });
    expect(beforeAndAfter([], '2026-12-10')).toEqual({ before: null, after: null });
  });
});

describe('the doubling goal', () => {
  it('is twice the households paying without cash before, met at or above it', () => {
    expect(cashlessGoal(3, 6)).toEqual({ goal: 6, met: true });
    expect(cashlessGoal(3, 5)).toEqual({ goal: 6, met: false });
    expect(cashlessGoal(0, 2)).toEqual({ goal: 0, met: true });
    expect(cashlessGoal(0, 0)).toEqual({ goal: 0, met: false });
  });
});
