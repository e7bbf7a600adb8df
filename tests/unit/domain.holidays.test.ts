import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nonWorkingDay, vietnamHolidays } from '../../src/domain/campaign/holidays';
import { addDays, weekday } from '../../src/domain/time/isoDay';

describe('Vietnamese public holidays', () => {
  it('lists the eleven days of 2026', () => {
    expect(vietnamHolidays(2026)).toEqual([
      { date: '2026-01-01', name: 'Tết Dương lịch' },
      // 29 tháng Chạp Ất Tỵ to mùng 4 Bính Ngọ, as the government's plan for 2026 says (16/2–20/2).
      { date: '2026-02-16', name: 'Tết Nguyên đán' },
      { date: '2026-02-17', name: 'Tết Nguyên đán' },
      { date: '2026-02-18', name: 'Tết Nguyên đán' },
      { date: '2026-02-19', name: 'Tết Nguyên đán' },
      { date: '2026-02-20', name: 'Tết Nguyên đán' },
      { date: '2026-04-26', name: 'Giỗ Tổ Hùng Vương' },
      { date: '2026-04-30', name: 'Ngày Chiến thắng' },
      { date: '2026-05-01', name: 'Ngày Quốc tế Lao động' },
      { date: '2026-09-01', name: 'Quốc khánh' },
      { date: '2026-09-02', name: 'Quốc khánh' },
    ]);
  });

  it.each([
    [2025, ['2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01'], '2025-04-07'],
    [2027, ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09'], '2027-04-16'],
    [2028, ['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28', '2028-01-29'], '2028-04-04'],
    [2029, ['2029-02-12', '2029-02-13', '2029-02-14', '2029-02-15', '2029-02-16'], '2029-04-23'],
    [2030, ['2030-02-01', '2030-02-02', '2030-02-03', '2030-02-04', '2030-02-05'], '2030-04-12'],
  ])('places Tết and Giỗ Tổ of %i', (year, tet, hungKings) => {
    const holidays = vietnamHolidays(year);
    expect(holidays.filter((h) => h.name === 'Tết Nguyên đán').map((h) => h.date)).toEqual(tet);
    expect(holidays.filter((h) => h.name === 'Giỗ Tổ Hùng Vương').map((h) => h.date)).toEqual([hungKings]);
    const fixed = holidays.filter((h) => h.name !== 'Tết Nguyên đán' && h.name !== 'Giỗ Tổ Hùng Vương').map((h) => h.date);
    expect(fixed).toEqual([`${year}-01-01`, `${year}-04-30`, `${year}-05-01`, `${year}-09-01`, `${year}-09-02`]);
  });

  it('gives eleven sorted, distinct days in the year asked, every year the campaign may run', () => {
    for (let year = 2024; year <= 2035; year += 1) {
      const dates = vietnamHolidays(year).map((h) => h.date);
      expect(dates).toHaveLength(11);
      expect([...dates].sort()).toEqual(dates);
      expect(new Set(dates).size).toBe(dates.length);
      for (const date of dates) expect(date.slice(0, 4)).toBe(String(year));
    }
  });
});

describe('non-working days', () => {
  it('skips Sundays and holidays, works on Saturdays', () => {
    expect(nonWorkingDay('2026-12-06')).toEqual({ date: '2026-12-06', reason: 'sunday' });
    expect(nonWorkingDay('2026-12-05')).toBeNull(); // a Saturday
    expect(nonWorkingDay('2026-12-07')).toBeNull();
    expect(nonWorkingDay('2026-02-18')).toEqual({ date: '2026-02-18', reason: 'holiday', holiday: 'Tết Nguyên đán' });
    expect(nonWorkingDay('2026-09-01')).toEqual({ date: '2026-09-01', reason: 'holiday', holiday: 'Quốc khánh' });
  });

  it('calls a holiday on a Sunday a holiday', () => {
    expect(weekday('2026-04-26')).toBe(0);
    expect(nonWorkingDay('2026-04-26')).toEqual({ date: '2026-04-26', reason: 'holiday', holiday: 'Giỗ Tổ Hùng Vương' });
  });

  it('is null exactly on the days that are neither Sunday nor in the year’s holidays', () => {
    const days = fc.integer({ min: 0, max: 365 * 6 }).map((n) => addDays('2025-01-01', n));
    fc.assert(
      fc.property(days, (date) => {
        const holiday = vietnamHolidays(Number(date.slice(0, 4))).find((h) => h.date === date);
        const skipped = nonWorkingDay(date);
        if (holiday !== undefined) expect(skipped).toEqual({ date, reason: 'holiday', holiday: holiday.name });
        else if (weekday(date) === 0) expect(skipped).toEqual({ date, reason: 'sunday' });
        else expect(skipped).toBeNull();
      }),
      { numRuns: 500, seed: 15 },
    );
  });
});
