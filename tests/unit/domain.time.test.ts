import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { needsSendingToday } from '../../src/domain/protocol/outboxRules';
import {
  APP_TIME_ZONE,
  dayOfMonthInVietnam,
  formatDate,
  formatDateTime,
  formatIsoDay,
  formatTime,
  isoDayInVietnam,
} from '../../src/domain/time/time';
import { formatTimeThenDate } from '../../src/domain/time/timeDisplay';

/** The reference: the platform's time-zone database, which the arithmetic in src/domain/time/time.ts replaces. */
const reference = new Intl.DateTimeFormat('en-GB', {
  timeZone: APP_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});
function referenceParts(instant: Date): Record<string, string> {
  return Object.fromEntries(reference.formatToParts(instant).map((p) => [p.type, p.value]));
}

// 1976 onwards: Vietnam's clocks have stayed at UTC+7 since then.
const instants = fc.date({ min: new Date('1976-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true });

describe('days and times in Vietnam', () => {
  it('agree with the time-zone database for any instant since 1976', () => {
    fc.assert(
      fc.property(instants, (instant) => {
        const p = referenceParts(instant);
        expect(isoDayInVietnam(instant)).toBe(`${p.year}-${p.month}-${p.day}`);
        expect(formatDateTime(instant)).toBe(`${p.day}/${p.month}/${p.year} ${p.hour}:${p.minute}`);
        expect(formatDate(instant)).toBe(`${p.day}/${p.month}/${p.year}`);
        expect(formatTime(instant)).toBe(`${p.hour}:${p.minute}`);
        expect(formatTimeThenDate(instant)).toBe(`${p.hour}:${p.minute} ${p.day}/${p.month}/${p.year}`);
        expect(dayOfMonthInVietnam(instant)).toBe(Number(p.day));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });

  it('turns the day at 17:00 UTC', () => {
    expect(isoDayInVietnam(new Date('2026-11-30T16:59:59Z'))).toBe('2026-11-30');
    expect(isoDayInVietnam(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
    expect(formatDateTime(new Date('2026-12-31T17:05:00Z'))).toBe('01/01/2027 00:05');
    expect(formatIsoDay('2026-02-03')).toBe('03/02/2026');
  });

  it('counts the month end in Vietnam, not on the device clock', () => {
    const createdAt = Date.parse('2026-11-27T20:00:00Z'); // 28 November, 03:00 in Vietnam
    expect(needsSendingToday(createdAt, createdAt + 3 * 60 * 60 * 1000)).toBe(true);
    expect(needsSendingToday(Date.parse('2026-11-27T10:00:00Z'), Date.parse('2026-11-27T16:00:00Z'))).toBe(false);
  });

  it('refuses an invalid date the way Intl does', () => {
    expect(() => isoDayInVietnam(new Date(Number.NaN))).toThrow(RangeError);
  });
});
