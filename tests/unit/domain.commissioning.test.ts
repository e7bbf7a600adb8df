import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  commissioningDeadline,
  judgeFirstReading,
  maxPlausibleKwh,
  median,
  parseCommType,
  readAfterInstall,
} from '../../src/domain/commissioning/commissioning';

const INSTALLED = '2026-11-24T02:00:00.000Z';
const meter = (phases = 1, initialIndex = 0.3) => ({ initialIndex, installedAt: INSTALLED, phases });
const later = (hours: number) => new Date(Date.parse(INSTALLED) + hours * 3_600_000).toISOString();

describe('the first reading rule (issue 17 §3)', () => {
  it('confirms a reading at or above the initial index within what the supply can deliver', () => {
    expect(judgeFirstReading(meter(), { total: 0.3, readAt: later(0.5) })).toEqual({ state: 'confirmed' });
    expect(judgeFirstReading(meter(), { total: 2.1, readAt: later(1) })).toEqual({ state: 'confirmed' });
    // A day of a 1-phase 100 A supply at full load is 552 kWh: 500 is possible, if unusual.
    expect(judgeFirstReading(meter(), { total: 500, readAt: later(24) })).toEqual({ state: 'confirmed' });
  });

  it('refuses a reading below the initial index: a register never runs backwards', () => {
    expect(judgeFirstReading(meter(1, 12.5), { total: 12.4, readAt: later(2) })).toEqual({ state: 'mismatch', reason: 'below_initial' });
  });

  it('refuses more energy than the meter can register in the time since the install', () => {
    // Another customer's meter with years of consumption: 4,321 kWh two hours after a new meter was installed.
    const verdict = judgeFirstReading(meter(), { total: 4321, readAt: later(2) });
    expect(verdict).toMatchObject({ state: 'mismatch', reason: 'implausible_consumption' });
    // Three phases triple the ceiling: 100 kWh in 2 h is too much for one phase (47 kWh), not for three (139 kWh).
    expect(judgeFirstReading(meter(1), { total: 100.3, readAt: later(2) }).state).toBe('mismatch');
    expect(judgeFirstReading(meter(3), { total: 100.3, readAt: later(2) }).state).toBe('confirmed');
  });

  it('gives at least an hour and one display digit of room (clocks differ, registers round)', () => {
    expect(maxPlausibleKwh(1, 0)).toBeCloseTo(24);
    expect(maxPlausibleKwh(3, 2 * 3_600_000)).toBeCloseTo(139);
    expect(judgeFirstReading(meter(), { total: 20, readAt: later(-0.1) }).state).toBe('confirmed');
  });

  it('never confirms a reading below the initial index, whatever the time and phases (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0.001, max: 1e6, noNaN: true }),
        fc.constantFrom(1, 3),
        fc.integer({ min: 0, max: 1000 }),
        (initial, below, phases, hours) => {
          const total = Math.max(0, initial - below);
          fc.pre(total < initial);
          return judgeFirstReading(meter(phases, initial), { total, readAt: later(hours) }).state === 'mismatch';
        },
      ),
    );
  });

  it('confirms whatever consumption stays under the ceiling (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(1, 3),
        fc.double({ min: 0, max: 2000, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (phases, anyHours, share) => {
          // Whole milliseconds, as timestamps hold them: the rule sees the same elapsed time the ceiling is drawn from.
          const hours = Math.round(anyHours * 3_600_000) / 3_600_000;
          const kwh = maxPlausibleKwh(phases, hours * 3_600_000) * share;
          return judgeFirstReading(meter(phases, 10), { total: 10 + kwh, readAt: later(hours) }).state === 'confirmed';
        },
      ),
    );
  });

  it('takes readings from 15 minutes before the capture on as readings after the install', () => {
    expect(readAfterInstall(INSTALLED, later(-0.2))).toBe(true);
    expect(readAfterInstall(INSTALLED, later(-0.3))).toBe(false);
  });
});

describe('commissioning helpers', () => {
  it('puts the deadline the configured hours after the install', () => {
    expect(commissioningDeadline(INSTALLED, 48)).toBe('2026-11-26T02:00:00.000Z');
    expect(commissioningDeadline(INSTALLED, 0.5)).toBe('2026-11-24T02:30:00.000Z');
  });

  it('reads the communication types head-end exports spell', () => {
    expect(parseCommType('RF-Mesh')).toBe('rf_mesh');
    expect(parseCommType('rf')).toBe('rf_mesh');
    expect(parseCommType('PLC')).toBe('plc');
    expect(parseCommType('GPRS/4G')).toBe('gprs_4g');
    expect(parseCommType('4G')).toBe('gprs_4g');
    expect(parseCommType('NB-IoT')).toBe('nb_iot');
    expect(parseCommType('zigbee')).toBeNull();
  });

  it('takes the median of odd and even lists, null for none', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
