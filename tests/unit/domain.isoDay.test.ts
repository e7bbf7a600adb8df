import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoDayNumber, weekday } from '../../src/domain/time/isoDay';

describe('calendar-day arithmetic', () => {
  it('adds days across months, leap days and years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2026-12-07', 0)).toBe('2026-12-07');
  });

  it('names the day of the week', () => {
    expect(weekday('2026-12-06')).toBe(0); // Sunday
    expect(weekday('2026-12-07')).toBe(1);
    expect(weekday('2026-12-12')).toBe(6);
    expect(weekday('1969-12-28')).toBe(0);
  });

  it('refuses what is not a calendar date', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '2026-1-1', '26-01-01', '', '2026-02-17T00:00:00Z'])
      expect(() => addDays(bad, 1)).toThrow(RangeError);
  });

  it('agrees with Date in UTC for any day and any offset', () => {
    fc.assert(
      fc.property(fc.integer({ min: -20000, max: 60000 }), fc.integer({ min: -1000, max: 1000 }), (day, n) => {
        const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
        expect(isoDayNumber(date)).toBe(day);
        expect(addDays(date, n)).toBe(new Date((day + n) * 86_400_000).toISOString().slice(0, 10));
        expect(weekday(date)).toBe(new Date(day * 86_400_000).getUTCDay());
      }),
      { numRuns: 500, seed: 15 },
    );
  });
});
