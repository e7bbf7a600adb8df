import { describe, expect, it } from 'vitest';
import { compareByRoute, foldForSearch, matchesQuery, type WorkOrder } from '../../src/domain';

const base: WorkOrder = {
  id: '00000000-0000-4000-8000-000000000001',
  code: 'YC001',
  customerCode: 'PA07BT0012345',
  customerName: 'Nguyễn Văn Đức',
  phone: '0912345678',
  address: 'Thôn 3, xã Hoằng Hóa',
  commune: 'Hoằng Hóa',
  province: 'Thanh Hóa',
  lat: 19.8,
  lng: 105.8,
  stationCode: null,
  routeCode: null,
  routeOrder: 2,
  phases: 1,
  oldMeterSerial: '00123456',
  oldMeterType: null,
  lastBilledReading: 100,
  reason: null,
  plannedDate: '2026-11-24',
  status: 'assigned',
  assigneeId: null,
  version: 1,
};

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
