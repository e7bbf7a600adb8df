import * as z from 'zod/mini';
import { WIRE_TEXT } from '../protocol/wireText';
import { addDays, isoDayNumber, weekday } from '../time/isoDay';
import { OTHER_HAMLET, RoadmapQuery, type Roadmap } from './roadmap';
import { dayOfMonthInWords, monthInWords, numberInWords, phoneInWords, syllableCount, weekdayInWords } from './spokenVietnamese';

/**
 * The loudspeaker announcement (issue 15 §2): one text per ISO week of a commune's confirmed roadmap, written to be
 * read aloud over the commune's loudspeakers (hệ thống loa truyền thanh). Short sentences, every number and date in
 * words (src/domain/campaign/spokenVietnamese.ts), the week's hamlets in visiting order, the team's phone number
 * digit by digit, read twice.
 *
 * Reading time: a reader on the commune's loudspeakers reads slowly and clearly, about 130 syllables a minute (a
 * news reader says about 180–200); one Vietnamese written word is one syllable. Two minutes is then 260 syllables.
 * The schedule is said hamlet by hamlet, hamlets visited on the same days named together; when that is over the
 * budget (many hamlets each on its own days), it is said day by day instead; then the second sentence on the
 * benefits is left out; last, each hamlet is named once, on the day it starts (weekText). A week beyond even that
 * (dozens of hamlets) gets its shortest text, over the budget: every hamlet is still named.
 */

export const ANNOUNCEMENT_SYLLABLES_PER_MINUTE = 130;
export const ANNOUNCEMENT_MAX_SYLLABLES = 2 * ANNOUNCEMENT_SYLLABLES_PER_MINUTE;

/** `2026-W50` */
export const ISO_WEEK = /^(\d{4})-W(\d{2})$/;

/** `GET /api/v1/roadmaps/announcement.txt?commune=…&week=…&phone=…` */
export const AnnouncementQuery = z.extend(RoadmapQuery, {
  /** One ISO week of the plan; all of them, one after another, when left out. */
  week: z.optional(z.string().check(...WIRE_TEXT, z.regex(ISO_WEEK))),
  /** The team's phone number to read out (digits, spaces, +, -, dots, parentheses). */
  phone: z.optional(z.string().check(...WIRE_TEXT, z.trim(), z.maxLength(30), z.regex(/^[0-9+().\s-]*$/))),
});
export type AnnouncementQuery = z.infer<typeof AnnouncementQuery>;

export interface AnnouncementInput {
  roadmap: Pick<Roadmap, 'commune' | 'hamlets' | 'days'>;
  /** Who speaks: the power company's team ("Đội Quản lý điện Hậu Lộc"). */
  teamName: string;
  /** The team's phone number for questions; without one, the text names the team to ask. */
  phone?: string | undefined;
}

export interface AnnouncementWeek {
  /** ISO week, `2026-W50`. */
  week: string;
  /** Its first and last planned day. */
  firstDate: string;
  lastDate: string;
  text: string;
  syllables: number;
}

/** The ISO week (Monday to Sunday, the week of its Thursday) of an ISO date: "2026-12-08" → "2026-W50". */
export function isoWeekOf(date: string): string {
  const isoWeekday = weekday(date) === 0 ? 7 : weekday(date);
  const thursday = addDays(date, 4 - isoWeekday);
  const year = Number(thursday.slice(0, 4));
  const dayOfYear = isoDayNumber(thursday) - isoDayNumber(`${thursday.slice(0, 4)}-01-01`);
  return `${year}-W${String(Math.floor(dayOfYear / 7) + 1).padStart(2, '0')}`;
}

/** A name as read aloud: its numbers in words ("Thôn 2" → "Thôn hai"); the hamlet of unknown place is "các nơi khác". */
export function spokenName(name: string): string {
  if (name === OTHER_HAMLET) return 'các nơi khác';
  return name.replace(/\d+/g, (digits) => (digits.length <= 9 ? numberInWords(Number(digits)) : digits));
}

/** "Xã Hậu Lộc" is said "xã Hậu Lộc" inside a sentence. */
function communeInSentence(commune: string): string {
  return commune.replace(/^(Xã|Phường|Thị trấn|Thị Trấn)(?=\s)/u, (kind) => kind.toLowerCase());
}

/** "A, B và C" */
function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} và ${items.at(-1) ?? ''}`;
}

/**
 * Hamlet names as one says them in a row: the words they all begin with said once ("Thôn một, hai và ba",
 * "Tổ dân phố năm và sáu"); names with nothing in common listed whole.
 */
export function namesInWords(names: readonly string[]): string {
  const words = names.map((name) => name.split(' '));
  let common = 0;
  while (words.every((w) => w.length > common + 1 && w[common] === words[0]?.[common])) common += 1;
  if (names.length < 2 || common === 0) return listInWords(names);
  const prefix = (words[0] ?? []).slice(0, common).join(' ');
  return `${prefix} ${listInWords(words.map((w) => w.slice(common).join(' ')))}`;
}

/** Who speaks: the team's name, after "Điện lực" when it does not say itself what it is ("Thanh Hóa"). */
export function speakerName(teamName: string): string {
  const name = teamName.trim();
  return /^(Đội|Tổ|Điện lực|Công ty|Tổng công ty|Xí nghiệp|Chi nhánh|Ban|Trung tâm|PC|EVN)(\s|$)/iu.test(name) ? name : `Điện lực ${name}`;
}

const dayPart = (date: string, withMonth: boolean) =>
  `${weekdayInWords(date)} ngày ${dayOfMonthInWords(Number(date.slice(8, 10)))}${withMonth ? ` tháng ${monthInWords(Number(date.slice(5, 7)))}` : ''}`;

/**
 * Days in words, runs of consecutive days as "từ … đến …", the month said once when they share it:
 * "từ thứ Hai ngày mồng bảy đến thứ Tư ngày mồng chín tháng mười hai".
 */
export function daysInWords(dates: readonly string[]): string {
  const sorted = [...new Set(dates)].sort();
  const oneMonth = sorted.every((d) => d.slice(0, 7) === sorted[0]?.slice(0, 7));
  const runs: string[][] = [];
  for (const date of sorted) {
    const run = runs.at(-1);
    const previous = run?.at(-1);
    if (run !== undefined && previous !== undefined && addDays(previous, 1) === date) run.push(date);
    else runs.push([date]);
  }
  const parts = runs.map((run) => {
    const first = run[0] ?? '';
    const last = run.at(-1) ?? first;
    return run.length === 1 ? dayPart(first, !oneMonth) : `từ ${dayPart(first, !oneMonth)} đến ${dayPart(last, !oneMonth)}`;
  });
  const month = sorted[0] === undefined ? '' : ` tháng ${monthInWords(Number(sorted[0].slice(5, 7)))}`;
  return `${listInWords(parts)}${oneMonth ? month : ''}`;
}

/** The week's hamlets in visiting order, each with its days of that week. */
function hamletsOfWeek(input: AnnouncementInput, dates: ReadonlySet<string>): { name: string; dates: string[] }[] {
  const days = new Map<string, Set<string>>();
  for (const day of input.roadmap.days) {
    if (!dates.has(day.date)) continue;
    for (const hamlet of day.hamlets) {
      const set = days.get(hamlet) ?? new Set<string>();
      set.add(day.date);
      days.set(hamlet, set);
    }
  }
  const order = new Map(input.roadmap.hamlets.map((h, i) => [h.name, i]));
  return [...days.entries()]
    .map(([name, set]) => ({ name, dates: [...set].sort() }))
    .sort((a, b) => (a.dates[0] ?? '').localeCompare(b.dates[0] ?? '') || (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
}

/** Hamlet by hamlet, those with the same days together: "Thôn một và Thôn hai: thứ Hai ngày mồng bảy tháng mười hai." */
function scheduleByHamlet(hamlets: readonly { name: string; dates: string[] }[]): string[] {
  const groups: { names: string[]; dates: string[] }[] = [];
  for (const h of hamlets) {
    const same = groups.find((g) => g.dates.join() === h.dates.join());
    if (same === undefined) groups.push({ names: [spokenName(h.name)], dates: h.dates });
    else same.names.push(spokenName(h.name));
  }
  return groups.map((g) => `${namesInWords(g.names)}: ${daysInWords(g.dates)}.`);
}

/** Day by day: "Thứ Hai ngày mồng bảy tháng mười hai: Thôn một, Thôn hai." */
function scheduleByDay(hamlets: readonly { name: string; dates: string[] }[]): string[] {
  const dates = [...new Set(hamlets.flatMap((h) => h.dates))].sort();
  return dates.map((date) => {
    const names = hamlets.filter((h) => h.dates.includes(date)).map((h) => spokenName(h.name));
    const when = dayPart(date, true);
    return `${when.charAt(0).toUpperCase()}${when.slice(1)}: ${namesInWords(names)}.`;
  });
}

/** Day by day, each hamlet once on the day it starts: "Từ thứ Hai ngày mồng bảy tháng mười hai: Thôn một, Thôn hai." */
function scheduleByStart(hamlets: readonly { name: string; dates: string[] }[]): string[] {
  const starts = [...new Set(hamlets.map((h) => h.dates[0] ?? ''))].sort();
  return starts.map((date) => {
    const names = hamlets.filter((h) => h.dates[0] === date).map((h) => spokenName(h.name));
    return `Từ ${dayPart(date, true)}: ${namesInWords(names)}.`;
  });
}

function textOf(input: AnnouncementInput, schedule: readonly string[], short: boolean): string {
  const team = speakerName(input.teamName);
  const phone = input.phone === undefined || input.phone.trim() === '' ? null : phoneInWords(input.phone);
  const sentences = [
    `Kính thưa bà con ${communeInSentence(input.roadmap.commune)}.`,
    `${team} xin thông báo.`,
    'Tuần này, chúng tôi thay công tơ cơ khí bằng công tơ điện tử đo xa, miễn phí.',
    'Công tơ mới tự gửi chỉ số, chính xác, không cần người đến ghi số.',
    ...(short ? [] : ['Bà con dễ theo dõi điện gia đình dùng.']),
    'Lịch thay như sau.',
    ...schedule,
    'Mỗi hộ mất điện khoảng mười lăm phút.',
    'Xin gia đình có người ở nhà ngày thay.',
    'Thay xong, bà con xem chỉ số cũ và mới trong biên bản, giữ lại bản của gia đình.',
    'Mời bà con trả tiền điện không dùng tiền mặt, qua ngân hàng hoặc ví điện tử.',
    ...(phone === null ? [`Có thắc mắc, xin liên hệ ${team}.`] : [`Có thắc mắc, xin gọi số ${phone}.`, `Xin nhắc lại: ${phone}.`]),
    'Xin cảm ơn bà con.',
  ];
  return sentences.join('\n');
}

/**
 * The week's text, the first that fits the budget of: by hamlet, by day, both without the second benefit, then
 * each hamlet once on the day it starts (the shortest that still names every hamlet and when it starts).
 */
function weekText(input: AnnouncementInput, dates: ReadonlySet<string>): string {
  const hamlets = hamletsOfWeek(input, dates);
  const candidates = [
    () => textOf(input, scheduleByHamlet(hamlets), false),
    () => textOf(input, scheduleByDay(hamlets), false),
    () => textOf(input, scheduleByHamlet(hamlets), true),
    () => textOf(input, scheduleByDay(hamlets), true),
    () => textOf(input, scheduleByStart(hamlets), true),
  ];
  let shortest = '';
  for (const candidate of candidates) {
    const text = candidate();
    if (syllableCount(text) <= ANNOUNCEMENT_MAX_SYLLABLES) return text;
    if (shortest === '' || syllableCount(text) < syllableCount(shortest)) shortest = text;
  }
  return shortest;
}

/** One announcement per ISO week of the plan's days, in date order; none when nothing is planned. */
export function buildAnnouncements(input: AnnouncementInput): AnnouncementWeek[] {
  const weeks = new Map<string, Set<string>>();
  for (const day of input.roadmap.days) {
    const week = isoWeekOf(day.date);
    const set = weeks.get(week) ?? new Set<string>();
    set.add(day.date);
    weeks.set(week, set);
  }
  return [...weeks.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([week, dates]) => {
      const sorted = [...dates].sort();
      const text = weekText(input, dates);
      return { week, firstDate: sorted[0] ?? '', lastDate: sorted.at(-1) ?? '', text, syllables: syllableCount(text) };
    });
}

/** Every week one after another, each under a heading line (what `announcement.txt` without `week` answers). */
export function announcementsText(weeks: readonly AnnouncementWeek[]): string {
  return weeks.map((w) => `=== Tuần ${w.week} (${w.firstDate} – ${w.lastDate}) ===\n\n${w.text}\n`).join('\n');
}
