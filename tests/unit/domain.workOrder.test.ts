import { describe, expect, it } from 'vitest';
import { compareByRoute, foldForSearch, matchesQuery } from '../../src/domain';
import { makeWorkOrder } from './support/fixtures';

const base = makeWorkOrder({
  code: 'YC001',
  routeOrder: 2,
  oldMeterSerial: '00123456',
  customerName: 'Nguyễn Văn Đức',
  address: 'Thôn 3, xã Hoằng Hóa',
});

describe('work-order search', () => {
  it('folds Vietnamese diacritics and đ so typing without accents finds names', () => {
    expect(foldForSearch('Nguyễn Văn Đức')).toBe('nguyen van duc');
    expect(matchesQuery(base, 'van duc')).toBe(true);
    expect(matchesQuery(base, 'HOANG HOA')).toBe(true);
  });

  it('matches the meter serial keeping leading zeros, and rejects what is absent', () => {
    expect(matchesQuery(base, '00123')).toBe(true);
    expect(matchesQuery(base, 'Cà Mau')).toBe(false);
  });

  it('orders by route order with unnumbered orders last, then by code', () => {
    const a = { ...base, code: 'B', routeOrder: null };
    const b = { ...base, code: 'A', routeOrder: 5 };
    const c = { ...base, code: 'C', routeOrder: 1 };
    expect([a, b, c].sort(compareByRoute).map((w) => w.code)).toEqual(['C', 'A', 'B']);
  });
});
