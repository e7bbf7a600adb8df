import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lunarNewYear, lunarToSolar, solarToLunar } from '../../src/domain/campaign/lunar';
import { addDays } from '../../src/domain/time/isoDay';

describe('the Vietnamese lunar calendar', () => {
  it.each([
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
  ])('puts Tết %i on %s', (year, date) => {
    expect(lunarNewYear(year)).toBe(date);
  });

  it('follows UTC+7, not China’s UTC+8, where the new moon falls between 16:00 and 17:00 UTC', () => {
    // The years Vietnam's Tết comes a day before China's (a government expert quoted by viet-jo.com, 2006;
    // scienceinfo.net "Why is the Vietnamese and Chinese New Year a day different?"): 2007, 2030, 2053.
    expect(lunarNewYear(2007)).toBe('2007-02-17');
    expect(lunarNewYear(2030)).toBe('2030-02-02');
    expect(lunarNewYear(2053)).toBe('2053-02-18');
    // 1985: Vietnam's Tết a month before China's, from a different month 11 (Hồ Ngọc Đức).
    expect(lunarNewYear(1985)).toBe('1985-01-21');
  });

  it('puts Giỗ Tổ Hùng Vương (10/3) on the days the government announced', () => {
    expect(lunarToSolar(10, 3, 2025)).toBe('2025-04-07');
    // Thanh Niên, 23/02/2026: "ngày Giỗ tổ Hùng Vương rơi vào chủ nhật (ngày 26.4 dương lịch)".
    expect(lunarToSolar(10, 3, 2026)).toBe('2026-04-26');
  });

  it('knows the leap months: 2023 repeats month 2, 2025 month 6', () => {
    expect(solarToLunar('2023-03-22')).toEqual({ day: 1, month: 2, year: 2023, leap: true });
    expect(lunarToSolar(1, 2, 2023, true)).toBe('2023-03-22');
    expect(lunarToSolar(1, 6, 2025, true)).toBe('2025-07-25');
    expect(lunarToSolar(1, 7, 2025)).toBe('2025-08-23');
  });

  it('refuses a lunar date that does not exist', () => {
    expect(() => lunarToSolar(1, 5, 2025, true)).toThrow(RangeError); // 2025's leap month is the 6th
    expect(() => lunarToSolar(1, 1, 2026, true)).toThrow(RangeError); // 2026 has no leap month
    expect(() => lunarToSolar(30, 12, 2025)).toThrow(RangeError); // tháng Chạp Ất Tỵ has 29 days (Tết 2026 is 17/2)
    expect(() => lunarToSolar(0, 1, 2026)).toThrow(RangeError);
    expect(() => lunarToSolar(1, 13, 2026)).toThrow(RangeError);
    expect(() => lunarNewYear(1800)).toThrow(RangeError);
  });

  it('the last day of a lunar year is the eve of the next Tết', () => {
    const eve = addDays(lunarNewYear(2026), -1);
    expect(eve).toBe('2026-02-16');
    expect(solarToLunar(eve)).toEqual({ day: 29, month: 12, year: 2025, leap: false });
  });

  it('turns a solar date into a lunar one and back, for any day of 1950–2150', () => {
    const days = fc.integer({ min: -7305, max: 65744 }).map((n) => addDays('1970-01-01', n));
    fc.assert(
      fc.property(days, (date) => {
        const lunar = solarToLunar(date);
        expect(lunarToSolar(lunar.day, lunar.month, lunar.year, lunar.leap)).toBe(date);
        expect(lunar.day).toBeGreaterThanOrEqual(1);
        expect(lunar.day).toBeLessThanOrEqual(30);
      }),
      { numRuns: 300, seed: 15 },
    );
  });

  it('counts days one by one through months of 29 or 30 days, and Tết between 21/1 and 20/2', () => {
    for (let year = 2024; year <= 2031; year += 1) {
      const tet = lunarNewYear(year);
      expect(tet >= `${year}-01-21` && tet <= `${year}-02-20`).toBe(true);
    }
    let date = '2025-01-01';
    let previous = solarToLunar(date);
    while (date < '2031-01-01') {
      date = addDays(date, 1);
      const lunar = solarToLunar(date);
      if (lunar.day === 1) expect(previous.day === 29 || previous.day === 30).toBe(true);
      else expect(lunar).toEqual({ ...previous, day: previous.day + 1 });
      previous = lunar;
    }
  });
});
