import { describe, expect, it } from 'vitest';
import {
  ANNOUNCEMENT_MAX_SYLLABLES,
  announcementsText,
  buildAnnouncements,
  daysInWords,
  isoWeekOf,
  namesInWords,
  speakerName,
  spokenName,
  type AnnouncementInput,
} from '../../src/domain/campaign/announcement';
import type { RoadmapDay, RoadmapHamlet } from '../../src/domain/campaign/roadmap';
import { syllableCount } from '../../src/domain/campaign/spokenVietnamese';

const TECH_A = '00000000-0000-4000-8000-00000000000a';
const TECH_B = '00000000-0000-4000-8000-00000000000b';
const order = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function hamlet(name: string): RoadmapHamlet {
  return { name, total: 20, plannable: 20, inHand: 0, failed: 0, cancelled: 0, unplanned: 0, firstDate: null, lastDate: null };
}

let next = 1;
function day(date: string, hamlets: string[], technicianId = TECH_A): RoadmapDay {
  return { date, technicianId, hamlets, orderIds: [order(next++)] };
}

function input(days: RoadmapDay[], hamletNames: string[], phone: string | undefined = '0912345678'): AnnouncementInput {
  return { roadmap: { commune: 'Xã Hậu Lộc', hamlets: hamletNames.map(hamlet), days }, teamName: 'Đội Quản lý điện Hậu Lộc', phone };
}

describe('ISO weeks', () => {
  it.each([
    ['2026-12-07', '2026-W50'],
    ['2026-12-13', '2026-W50'],
    ['2026-12-14', '2026-W51'],
    ['2026-12-31', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2025-12-29', '2026-W01'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });
});

describe('names and days read aloud', () => {
  it('says the words hamlet names share once, and names the speaker', () => {
    expect(namesInWords(['Thôn một', 'Thôn hai', 'Thôn ba'])).toBe('Thôn một, hai và ba');
    expect(namesInWords(['Tổ dân phố năm', 'Tổ dân phố sáu'])).toBe('Tổ dân phố năm và sáu');
    expect(namesInWords(['Thôn Đông', 'Xóm Chùa'])).toBe('Thôn Đông và Xóm Chùa');
    expect(namesInWords(['Thôn Đông'])).toBe('Thôn Đông');
    // A name that is all prefix keeps the list whole.
    expect(namesInWords(['Thôn', 'Thôn hai'])).toBe('Thôn và Thôn hai');
    expect(speakerName('Đội Quản lý điện Hậu Lộc')).toBe('Đội Quản lý điện Hậu Lộc');
    expect(speakerName('Điện lực Hậu Lộc')).toBe('Điện lực Hậu Lộc');
    expect(speakerName('Thanh Hóa')).toBe('Điện lực Thanh Hóa');
  });

  it('reads the numbers of a hamlet name and names the unknown hamlet', () => {
    expect(spokenName('Thôn 2')).toBe('Thôn hai');
    expect(spokenName('Tổ dân phố 15')).toBe('Tổ dân phố mười lăm');
    expect(spokenName('khác')).toBe('các nơi khác');
  });

  it('says runs of days with "từ … đến", the month once', () => {
    expect(daysInWords(['2026-12-08'])).toBe('thứ Ba ngày mồng tám tháng mười hai');
    expect(daysInWords(['2026-12-07', '2026-12-08', '2026-12-09'])).toBe('từ thứ Hai ngày mồng bảy đến thứ Tư ngày mồng chín tháng mười hai');
    expect(daysInWords(['2026-12-07', '2026-12-09'])).toBe('thứ Hai ngày mồng bảy và thứ Tư ngày mồng chín tháng mười hai');
    expect(daysInWords(['2026-11-30', '2026-12-01'])).toBe('từ thứ Hai ngày ba mươi tháng mười một đến thứ Ba ngày mồng một tháng mười hai');
  });
});

describe('the weekly announcement', () => {
  const days = [
    day('2026-12-07', ['Thôn 1']),
    day('2026-12-07', ['Thôn 2'], TECH_B),
    day('2026-12-08', ['Thôn 2', 'Thôn 3']),
    day('2026-12-14', ['khác']),
  ];
  const weeks = buildAnnouncements(input(days, ['Thôn 1', 'Thôn 2', 'Thôn 3', 'khác']));

  it('makes one text per ISO week of the plan, in order', () => {
    expect(weeks.map((w) => [w.week, w.firstDate, w.lastDate])).toEqual([
      ['2026-W50', '2026-12-07', '2026-12-08'],
      ['2026-W51', '2026-12-14', '2026-12-14'],
    ]);
    expect(buildAnnouncements(input([], []))).toEqual([]);
  });

  it('says who speaks, what, the hamlets of the week in visiting order with their days, and what households do', () => {
    const text = weeks[0]?.text ?? '';
    expect(text).toContain('Kính thưa bà con xã Hậu Lộc.');
    expect(text).toContain('Đội Quản lý điện Hậu Lộc');
    expect(text).toContain('thay công tơ cơ khí bằng công tơ điện tử đo xa');
    expect(text).toContain('miễn phí');
    expect(text).toContain('Mỗi hộ mất điện khoảng mười lăm phút.');
    expect(text).toContain('có người ở nhà');
    expect(text).toContain('biên bản');
    expect(text).toContain('không dùng tiền mặt');
    const lines = text.split('\n');
    const one = lines.indexOf('Thôn một: thứ Hai ngày mồng bảy tháng mười hai.');
    const two = lines.indexOf('Thôn hai: từ thứ Hai ngày mồng bảy đến thứ Ba ngày mồng tám tháng mười hai.');
    const three = lines.indexOf('Thôn ba: thứ Ba ngày mồng tám tháng mười hai.');
    expect([one, two, three].every((i) => i > 0)).toBe(true);
    expect(one < two && two < three).toBe(true);
    expect(text).not.toContain('các nơi khác');
    expect(weeks[1]?.text).toContain('Các nơi khác'.toLowerCase());
  });

  it('has no digit left to stumble on, and reads the phone number twice, digit by digit', () => {
    const text = weeks[0]?.text ?? '';
    expect(text).not.toMatch(/\d/);
    expect(text.split('không chín một hai, ba bốn năm, sáu bảy tám').length - 1).toBe(2);
    expect(text.trimEnd().endsWith('Xin cảm ơn bà con.')).toBe(true);
  });

  it('names the team to ask when it has no phone number', () => {
    const [week] = buildAnnouncements(input(days, ['Thôn 1', 'Thôn 2', 'Thôn 3', 'khác'], ''));
    expect(week?.text).toContain('Có thắc mắc, xin liên hệ Đội Quản lý điện Hậu Lộc.');
    expect(week?.text).not.toContain('nhắc lại');
  });

  it('names hamlets visited on the same days together', () => {
    const same = [day('2026-12-07', ['Thôn 1', 'Thôn 2']), day('2026-12-08', ['Thôn 1', 'Thôn 2'], TECH_B)];
    const [week] = buildAnnouncements(input(same, ['Thôn 1', 'Thôn 2']));
    expect(week?.text).toContain('Thôn một và hai: từ thứ Hai ngày mồng bảy đến thứ Ba ngày mồng tám tháng mười hai.');
  });

  it('keeps a big week (12 hamlets, each on its own days) within two minutes, each hamlet named on the day it starts', () => {
    // Names with no words in common two by two, so none is shortened.
    const names = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? `Thôn Đông Hưng ${i + 1}` : `Xóm Tây Sơn ${i + 1}`));
    const dates = ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12'];
    // Hamlet i on day i/2 and the next one: every hamlet has days of its own.
    const big = names.flatMap((name, i) => [
      day(dates[Math.floor(i / 2)] ?? '', [name]),
      day(dates[Math.min(5, Math.floor(i / 2) + 1)] ?? '', [name], TECH_B),
    ]);
    const [week] = buildAnnouncements(input(big, names));
    expect(week).toBeDefined();
    expect(week?.syllables).toBe(syllableCount(week?.text ?? ''));
    expect(week?.syllables).toBeLessThanOrEqual(ANNOUNCEMENT_MAX_SYLLABLES);
    for (const name of names) expect(week?.text).toContain(spokenName(name));
    // Each hamlet once, under the day it starts.
    expect(week?.text).toContain('Từ thứ Hai ngày mồng bảy tháng mười hai: Thôn Đông Hưng một và Xóm Tây Sơn hai.');
    expect(week?.text).toContain('Từ thứ Bảy ngày mười hai tháng mười hai: Thôn Đông Hưng mười một và Xóm Tây Sơn mười hai.');
    expect(week?.text).not.toContain('Bà con dễ theo dõi');
  });

  it('says a week of a few hamlets in full, hamlet by hamlet', () => {
    const names = ['Thôn 1', 'Thôn 2', 'Thôn 3', 'Thôn 4', 'Thôn 5', 'Thôn 6'];
    const few = names.map((name, i) => day(`2026-12-${String(7 + i).padStart(2, '0')}`, [name]));
    const [week] = buildAnnouncements(input(few, names));
    expect(week?.syllables).toBeLessThanOrEqual(ANNOUNCEMENT_MAX_SYLLABLES);
    expect(week?.text).toContain('Bà con dễ theo dõi');
    expect(week?.text).toContain('Thôn sáu: thứ Bảy ngày mười hai tháng mười hai.');
  });

  it('joins every week under a heading line', () => {
    const text = announcementsText(weeks);
    expect(text).toMatch(/^=== Tuần 2026-W50 \(2026-12-07 – 2026-12-08\) ===\n/);
    expect(text).toContain('=== Tuần 2026-W51 (2026-12-14 – 2026-12-14) ===');
  });
});
