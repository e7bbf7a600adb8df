import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCoordinates,
  formatCount,
  formatNumber,
  formatPercent,
  formatPlainDecimal,
  formatReading,
  NO_VALUE,
} from '../../src/domain/format/numberFormat';

describe('numbers as people read them', () => {
  it('groups thousands with "." and writes a decimal comma in Vietnamese, the other way round in English', () => {
    expect(formatNumber(24211.5, 'vi')).toBe('24.211,5');
    expect(formatNumber(24211.5, 'en')).toBe('24,211.5');
    expect(formatNumber(0.8, 'vi')).toBe('0,8');
    expect(formatNumber(0.8, 'en-GB')).toBe('0.8');
    expect(formatNumber(1234, 'vi')).toBe('1.234');
    expect(formatNumber(999, 'vi')).toBe('999');
  });

  it('treats an unknown language as Vietnamese, the default', () => {
    expect(formatNumber(1234.5, 'fr')).toBe('1.234,5');
    expect(formatNumber(1234.5, '')).toBe('1.234,5');
  });

  it('writes zero as 0 and never as -0', () => {
    expect(formatNumber(0, 'vi')).toBe('0');
    expect(formatNumber(-0, 'vi')).toBe('0');
    expect(formatNumber(-0.0001, 'vi')).toBe('0');
    expect(formatNumber(0, 'vi', { minFractionDigits: 2 })).toBe('0,00');
  });

  it('keeps the sign of a negative number', () => {
    expect(formatNumber(-24211.5, 'vi')).toBe('-24.211,5');
    expect(formatNumber(-1234567.891, 'en')).toBe('-1,234,567.891');
    expect(formatNumber(-0.0005, 'vi')).toBe('-0,001');
  });

  it('groups large numbers without an exponent', () => {
    expect(formatNumber(99_999_999.9, 'vi')).toBe('99.999.999,9');
    expect(formatNumber(1e21, 'vi')).toBe('1.000.000.000.000.000.000.000');
    expect(formatNumber(Number.MAX_SAFE_INTEGER, 'en')).toBe('9,007,199,254,740,991');
  });

  it('rounds many decimals half away from zero, on the digits as typed', () => {
    expect(formatNumber(1.23456, 'vi')).toBe('1,235');
    expect(formatNumber(1.0005, 'vi')).toBe('1,001'); // 1.0005 is 1.000499… in binary: the typed digits decide
    expect(formatNumber(9.9996, 'vi')).toBe('10');
    expect(formatNumber(999.9999, 'vi')).toBe('1.000');
    expect(formatNumber(0.1 + 0.2, 'vi')).toBe('0,3');
    expect(formatNumber(1e-7, 'vi')).toBe('0');
    expect(formatNumber(2.5, 'vi', { maxFractionDigits: 0 })).toBe('3');
    expect(formatNumber(-2.5, 'vi', { maxFractionDigits: 0 })).toBe('-3');
    expect(formatNumber(1.5, 'vi', { minFractionDigits: 2 })).toBe('1,50');
  });

  it('prints "—" for what is not a finite number', () => {
    for (const bad of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(formatNumber(bad, 'vi')).toBe(NO_VALUE);
      expect(formatReading(bad, 'vi')).toBe(NO_VALUE);
      expect(formatPercent(bad, 'vi')).toBe(NO_VALUE);
      expect(formatBytes(bad, 'vi')).toBe(NO_VALUE);
    }
    expect(NO_VALUE).toBe('—');
  });

  it('agrees with the platform formatter for any reading', () => {
    const vi = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 3 });
    const en = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (value) => {
        const expected = (format: Intl.NumberFormat) => format.format(value).replace(/^-0$/, '0');
        expect(formatNumber(value, 'vi')).toBe(expected(vi));
        expect(formatNumber(value, 'en')).toBe(expected(en));
      }),
      { numRuns: 5000, seed: 18 },
    );
  });
});

describe('the formatter for each kind of number', () => {
  it('writes readings with up to three decimals and "—" when not recorded', () => {
    expect(formatReading(24211.5, 'vi')).toBe('24.211,5');
    expect(formatReading(20520.125, 'vi')).toBe('20.520,125');
    expect(formatReading(null, 'vi')).toBe('—');
    expect(formatReading(undefined, 'en')).toBe('—');
  });

  it('writes counts whole, and shares as percentages', () => {
    expect(formatCount(2000, 'vi')).toBe('2.000');
    expect(formatCount(2000, 'en')).toBe('2,000');
    expect(formatPercent(0.874, 'vi')).toBe('87%');
    expect(formatPercent(1, 'vi')).toBe('100%');
    expect(formatPercent(null, 'vi')).toBe('—');
  });

  it('writes sizes in binary units with one decimal', () => {
    expect(formatBytes(820, 'vi')).toBe('820 B');
    expect(formatBytes(1536, 'vi')).toBe('1,5 KB');
    expect(formatBytes(12.3 * 1024 * 1024, 'vi')).toBe('12,3 MB');
    expect(formatBytes(1.25 * 1024 ** 3, 'en')).toBe('1.3 GB');
  });

  it('keeps GPS positions in the machine form in every language', () => {
    expect(formatCoordinates(19.80123, 105.78456)).toBe('19.80123, 105.78456');
    expect(formatCoordinates(9.1, -105.000004)).toBe('9.10000, -105.00000');
  });

  it('writes plain decimals for the CMIS file: no grouping, a point, no exponent', () => {
    expect(formatPlainDecimal(20520.5)).toBe('20520.5');
    expect(formatPlainDecimal(-1234567.125)).toBe('-1234567.125');
    expect(formatPlainDecimal(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatPlainDecimal(1e-7)).toBe('0.0000001');
    expect(formatPlainDecimal(1e21)).toBe('1000000000000000000000');
    expect(formatPlainDecimal(-0)).toBe('0');
    expect(formatPlainDecimal(Number.NaN)).toBe('');
    expect(formatPlainDecimal(Number.POSITIVE_INFINITY)).toBe('');
    expect(formatPlainDecimal(2.345, { maxFractionDigits: 2 })).toBe('2.35');
  });
});
