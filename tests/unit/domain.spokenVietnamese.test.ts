import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dateInWords,
  dayOfMonthInWords,
  monthInWords,
  numberInWords,
  phoneInWords,
  syllableCount,
  weekdayInWords,
} from '../../src/domain/campaign/spokenVietnamese';

describe('numbers in Vietnamese words (northern reading)', () => {
  it.each([
    [0, 'không'],
    [1, 'một'],
    [4, 'bốn'],
    [5, 'năm'],
    [10, 'mười'],
    [11, 'mười một'],
    [12, 'mười hai'],
    [14, 'mười bốn'],
    [15, 'mười lăm'],
    [20, 'hai mươi'],
    [21, 'hai mươi mốt'],
    [24, 'hai mươi tư'],
    [25, 'hai mươi lăm'],
    [31, 'ba mươi mốt'],
    [55, 'năm mươi lăm'],
    [99, 'chín mươi chín'],
    [100, 'một trăm'],
    [101, 'một trăm linh một'],
    [104, 'một trăm linh bốn'],
    [105, 'một trăm linh năm'],
    [110, 'một trăm mười'],
    [115, 'một trăm mười lăm'],
    [121, 'một trăm hai mươi mốt'],
    [999, 'chín trăm chín mươi chín'],
    [1000, 'một nghìn'],
    [1005, 'một nghìn không trăm linh năm'],
    [1015, 'một nghìn không trăm mười lăm'],
    [2026, 'hai nghìn không trăm hai mươi sáu'],
    [5000, 'năm nghìn'],
    [12_345, 'mười hai nghìn ba trăm bốn mươi lăm'],
    [1_000_000, 'một triệu'],
    [1_000_500, 'một triệu năm trăm'],
    [2_000_021, 'hai triệu không trăm hai mươi mốt'],
    [1_000_000_000, 'một tỷ'],
  ])('%i → %s', (n, words) => {
    expect(numberInWords(n)).toBe(words);
  });

  it('refuses what it cannot say', () => {
    expect(() => numberInWords(-1)).toThrow(RangeError);
    expect(() => numberInWords(1.5)).toThrow(RangeError);
    expect(() => numberInWords(1e12)).toThrow(RangeError);
  });

  it('never leaves a digit, an empty word or "lăm"/"mốt"/"tư" at the start', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999_999 }), (n) => {
        const words = numberInWords(n).split(' ');
        expect(words.every((w) => /^\p{L}+$/u.test(w))).toBe(true);
        expect(['lăm', 'mốt', 'tư', 'linh']).not.toContain(words[0]);
      }),
    );
  });
});

describe('dates in words', () => {
  it('reads days 1–10 with "mồng", months as numbers with April "tư"', () => {
    expect(dayOfMonthInWords(1)).toBe('mồng một');
    expect(dayOfMonthInWords(10)).toBe('mồng mười');
    expect(dayOfMonthInWords(11)).toBe('mười một');
    expect(dayOfMonthInWords(24)).toBe('hai mươi tư');
    expect(monthInWords(4)).toBe('tư');
    expect(monthInWords(1)).toBe('một');
    expect(monthInWords(12)).toBe('mười hai');
    expect(() => dayOfMonthInWords(32)).toThrow(RangeError);
    expect(() => monthInWords(13)).toThrow(RangeError);
  });

  it('says a date with its weekday', () => {
    expect(dateInWords('2026-12-12')).toBe('ngày mười hai tháng mười hai');
    expect(dateInWords('2026-12-08', { weekday: true })).toBe('thứ Ba, ngày mồng tám tháng mười hai');
    expect(dateInWords('2026-09-02')).toBe('ngày mồng hai tháng chín');
    expect(dateInWords('2026-04-30')).toBe('ngày ba mươi tháng tư');
    expect(dateInWords('2026-12-13', { weekday: true })).toBe('Chủ nhật, ngày mười ba tháng mười hai');
    expect(weekdayInWords('2026-12-14')).toBe('thứ Hai');
    expect(weekdayInWords('2026-12-19')).toBe('thứ Bảy');
  });

  it('refuses a date that does not exist', () => {
    expect(() => dateInWords('2026-02-30')).toThrow(RangeError);
    expect(() => dateInWords('12/12/2026')).toThrow(RangeError);
  });
});

describe('phone numbers digit by digit', () => {
  it('groups four, three, three', () => {
    expect(phoneInWords('0912345678')).toBe('không chín một hai, ba bốn năm, sáu bảy tám');
    expect(phoneInWords('0912 345 678')).toBe('không chín một hai, ba bốn năm, sáu bảy tám');
    expect(phoneInWords('+84912345678')).toBe('không chín một hai, ba bốn năm, sáu bảy tám');
  });

  it('never leaves one digit alone', () => {
    expect(phoneInWords('19001006')).toBe('một chín không không, một không không sáu');
    expect(phoneInWords('02373123456')).toBe('không hai ba bảy, ba một hai, ba bốn năm sáu');
  });
});

describe('syllables', () => {
  it('counts written words, not punctuation', () => {
    expect(syllableCount('Xin thông báo: ngày mười hai, tháng mười hai.')).toBe(9);
    expect(syllableCount('  ')).toBe(0);
  });
});
