import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assessFix,
  checkCustomerCode,
  checkRegisters,
  distanceMeters,
  isBelowLastBilled,
  isInitialReadingHigh,
  isNewCashlessEnrolment,
  isValidMeterSerial,
  meteringPointCode,
  missingFailureEvidence,
  normalizeMeterSerial,
  normalizePhone,
  parseDecimal,
} from '../../src/domain';

describe('readings', () => {
  it('accepts a comma or a dot as the decimal separator', () => {
    expect(parseDecimal('1234,5')).toBe(1234.5);
    expect(parseDecimal('1234.5')).toBe(1234.5);
    expect(parseDecimal(' 12 345 ')).toBe(12345);
    expect(parseDecimal('0')).toBe(0);
  });

  it('refuses signs, letters, two separators and empty input', () => {
    for (const text of ['', '-5', '12a', '1,2,3', '1.2.3', ',5', '5,', 'NaN', 'Infinity', '1e5']) {
      expect(parseDecimal(text)).toBeNull();
    }
  });

  it('parses any non-negative number written with either separator back to itself', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), fc.integer({ min: 0, max: 9 }), fc.boolean(), (whole, tenth, comma) => {
        const text = `${whole}${comma ? ',' : '.'}${tenth}`;
        expect(parseDecimal(text)).toBeCloseTo(whole + tenth / 10, 6);
      }),
    );
  });

  it('checks that registers add up to the total within one digit', () => {
    expect(checkRegisters({ total: 100 })).toBe('single_rate');
    expect(checkRegisters({ total: 100, normal: 60, peak: 25, offPeak: 15 })).toBe('consistent');
    expect(checkRegisters({ total: 100, normal: 60, peak: 25, offPeak: 16 })).toBe('consistent');
    expect(checkRegisters({ total: 100, normal: 60, peak: 25, offPeak: 17 })).toBe('sum_mismatch');
    expect(checkRegisters({ total: 100, normal: 60, peak: 40 })).toBe('incomplete');
  });

  it('flags a final index below the last billed reading, and a high initial index', () => {
    expect(isBelowLastBilled(99, 100)).toBe(true);
    expect(isBelowLastBilled(100, 100)).toBe(false);
    expect(isBelowLastBilled(5, null)).toBe(false);
    expect(isInitialReadingHigh(10)).toBe(false);
    expect(isInitialReadingHigh(10.1)).toBe(true);
  });
});

describe('identifiers', () => {
  it('normalises customer codes (trim, upper-case, Đ→D) and warns on unusual lengths', () => {
    expect(checkCustomerCode(' pa07bt0012345 ')).toEqual({ valid: true, code: 'PA07BT0012345', unusualLength: false, unit: 'PA07BT' });
    expect(checkCustomerCode('PB14ĐD001234')).toEqual({ valid: true, code: 'PB14DD001234', unusualLength: true, unit: 'PB14DD' });
    expect(checkCustomerCode('XA07BT0012345')).toEqual({ valid: false });
    expect(checkCustomerCode('PA07BT0012')).toEqual({ valid: false });
    expect(meteringPointCode('pa07bt0012345')).toBe('PA07BT0012345001');
  });

  it('keeps meter serials as text with their leading zeros', () => {
    expect(normalizeMeterSerial(' 0012 3456 ')).toBe('00123456');
    expect(isValidMeterSerial('00123456')).toBe(true);
    expect(isValidMeterSerial('ab-12/3')).toBe(true);
    expect(isValidMeterSerial('123')).toBe(false);
    expect(isValidMeterSerial('1'.repeat(21))).toBe(false);
    expect(isValidMeterSerial('12_34')).toBe(false);
  });

  it('normalises phone numbers, including +84 and the old 11-digit numbers', () => {
    expect(normalizePhone('0912 345 678')).toBe('0912345678');
    expect(normalizePhone('+84 912 345 678')).toBe('0912345678');
    expect(normalizePhone('01662345678')).toBe('0362345678');
    expect(normalizePhone('0123.456.7890')).toBe('0834567890');
    expect(normalizePhone('0212345678')).toBeNull();
    expect(normalizePhone('091234567')).toBeNull();
  });
});

describe('GPS', () => {
  const site = { lat: 19.8067, lng: 105.7852 };

  it('measures distance in metres (one degree of latitude ≈ 111 km)', () => {
    expect(distanceMeters({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111_195, -2);
    expect(distanceMeters(site, site)).toBe(0);
  });

  it('warns on accuracy worse than 50 m and on a fix more than 200 m from the site', () => {
    expect(assessFix({ ...site, accuracyM: 10 }, site).warnings).toEqual([]);
    expect(assessFix({ ...site, accuracyM: 51 }, site).warnings).toEqual(['low_accuracy']);
    const far = { lat: site.lat + 0.0025, lng: site.lng, accuracyM: 5 }; // ≈ 278 m north
    expect(assessFix(far, site).warnings).toEqual(['far_from_site']);
    expect(assessFix(far, site, { maxAccuracyM: 50, maxDistanceM: 300 }).warnings).toEqual([]);
  });

  it('distance is symmetric and never negative', () => {
    const point = fc.record({ lat: fc.double({ min: -89, max: 89, noNaN: true }), lng: fc.double({ min: -179, max: 179, noNaN: true }) });
    fc.assert(
      fc.property(point, point, (a, b) => {
        const d = distanceMeters(a, b);
        expect(d).toBeGreaterThanOrEqual(0);
        expect(Math.abs(d - distanceMeters(b, a))).toBeLessThan(1e-6);
      }),
    );
  });
});

describe('failed visits and cashless enrolment', () => {
  it('requires the evidence each reason names', () => {
    expect(missingFailureEvidence('KV01', { note: '', photoCount: 0 })).toEqual(['photo']);
    expect(missingFailureEvidence('KV04', { note: ' ', photoCount: 0 })).toEqual(['photo', 'note']);
    expect(missingFailureEvidence('KV99', { note: 'cổng khóa', photoCount: 0 })).toEqual([]);
    expect(missingFailureEvidence('KV11', { note: '', photoCount: 0 })).toEqual([]);
  });

  it('counts a household as a new cashless payer only when it leaves cash with consent', () => {
    expect(isNewCashlessEnrolment({ currentMethod: 'cash', enrolledMethod: 'e_wallet', consent: true })).toBe(true);
    expect(isNewCashlessEnrolment({ currentMethod: 'cash', enrolledMethod: 'e_wallet', consent: false })).toBe(false);
    expect(isNewCashlessEnrolment({ currentMethod: 'auto_debit', enrolledMethod: 'e_wallet', consent: true })).toBe(false);
    expect(isNewCashlessEnrolment({ currentMethod: 'cash', consent: true })).toBe(false);
  });
});
