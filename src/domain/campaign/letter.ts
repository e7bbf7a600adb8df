import * as z from 'zod/mini';
import { formatCount } from '../format/numberFormat';
import { WIRE_TEXT } from '../protocol/wireText';
import { formatIsoDay } from '../time/time';
import type { Roadmap } from './roadmap';

/*
 * The roadmap letter (công văn) a team sends the commune's People's Committee (issue 15 §2), and the team settings
 * it reads (letterhead, number suffix, place, contact, signer, cashless options). The letter's words and structure
 * live here only: `buildRoadmapLetter` returns a structured document that both the PDF renderer and the DOCX
 * builder (server/services/letterRender.ts) draw, so the two never disagree. Layout after Nghị định 30/2020/NĐ-CP.
 */

const line = (max: number) => z.string().check(...WIRE_TEXT, z.trim(), z.minLength(1), z.maxLength(max));
const optionalLine = (max: number) => z.string().check(...WIRE_TEXT, z.trim(), z.maxLength(max));

export const LETTER_MAX_PAYMENT_OPTIONS = 8;

/** What an admin sets per team (`PUT /api/v1/teams/:id/settings`). */
export const TeamLetterSettings = z.strictObject({
  /** Cơ quan chủ quản, e.g. "TỔNG CÔNG TY ĐIỆN LỰC MIỀN NAM" (may be empty). */
  parentBody: optionalLine(120),
  /** The issuing body, e.g. "CÔNG TY ĐIỆN LỰC CÀ MAU". */
  issuingBody: line(120),
  /** The letter number's suffix (ký hiệu), e.g. "PCCM-KD". */
  symbol: z.string().check(...WIRE_TEXT, z.trim(), z.minLength(1), z.maxLength(40), z.regex(/^[\p{L}\p{N}./-]+$/u)),
  /** Where the letter is written, for "<place>, ngày … tháng … năm …", e.g. "Cà Mau". */
  place: line(60),
  contactName: line(100),
  contactPhone: z.string().check(...WIRE_TEXT, z.trim(), z.minLength(3), z.maxLength(30), z.regex(/^[0-9+().\s-]+$/)),
  signerName: line(100),
  /** The signer's title, one line each: "GIÁM ĐỐC", or "KT. GIÁM ĐỐC" then "PHÓ GIÁM ĐỐC". */
  signerTitle: z.array(line(80)).check(z.minLength(1), z.maxLength(3)),
  /** Cashless ways to pay the electricity bill, one item each. */
  paymentOptions: z.array(line(200)).check(z.minLength(1), z.maxLength(LETTER_MAX_PAYMENT_OPTIONS)),
});
export type TeamLetterSettings = z.infer<typeof TeamLetterSettings>;

/** `GET /api/v1/teams/:id/settings`: what is saved, or the defaults when nothing is (`saved: false`). */
export const TeamSettingsView = z.object({
  teamId: z.uuid(),
  teamName: z.string(),
  saved: z.boolean(),
  updatedAt: z.nullable(z.iso.datetime({ offset: true })),
  settings: z.object({
    parentBody: z.string(),
    issuingBody: z.string(),
    symbol: z.string(),
    place: z.string(),
    contactName: z.string(),
    contactPhone: z.string(),
    signerName: z.string(),
    signerTitle: z.array(z.string()),
    paymentOptions: z.array(z.string()),
  }),
});
export type TeamSettingsView = z.infer<typeof TeamSettingsView>;

export const DEFAULT_PAYMENT_OPTIONS: readonly string[] = [
  'Chuyển khoản hoặc thanh toán qua ứng dụng ngân hàng (internet banking, mobile banking, quét mã QR)',
  'Trích nợ tự động từ tài khoản ngân hàng (ủy nhiệm thu)',
  'Ví điện tử (MoMo, ZaloPay, VNPay, Viettel Money…)',
  'Ứng dụng EVN CSKH hoặc trang web chăm sóc khách hàng của ngành điện',
];

const upper = (text: string) => text.toLocaleUpperCase('vi');

/** Settings that let a fresh team print a letter: drawn from the team's name and province. */
export function defaultTeamSettings(team: { name: string; province: string }): TeamLetterSettings {
  return {
    parentBody: 'TẬP ĐOÀN ĐIỆN LỰC VIỆT NAM',
    issuingBody: upper(`Công ty Điện lực ${team.province}`),
    symbol: 'ĐL-KD',
    place: team.province,
    contactName: team.name,
    contactPhone: '1900 1006',
    signerName: '',
    signerTitle: ['GIÁM ĐỐC'],
    paymentOptions: [...DEFAULT_PAYMENT_OPTIONS],
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The letter as a structured document

export type LetterBlock =
  | { kind: 'paragraph'; text: string; bold?: boolean }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][]; total: string[] };

export interface RoadmapLetter {
  /** For the file name and the document's title. */
  title: string;
  /** Top left: cơ quan chủ quản (may be empty) and the issuing body (bold, with a short rule under it). */
  parentBody: string;
  issuingBody: string;
  /** Top right: the national title and motto (bold, with a rule under the motto). */
  nationalTitle: string;
  motto: string;
  /** "Số:      /PCCM-KD": the number is left for the clerk. */
  number: string;
  /** "V/v …", under the number. */
  subject: string;
  /** "Cà Mau, ngày 07 tháng 12 năm 2026" (italic, right). */
  placeDate: string;
  /** "Kính gửi: Ủy ban nhân dân xã …" */
  recipient: string;
  body: LetterBlock[];
  /** "Nơi nhận:" and its lines (bottom left). */
  recipientsTitle: string;
  recipients: string[];
  /** The signer's title lines and name (bottom right). */
  signerTitle: string[];
  signerName: string;
}

export interface RoadmapLetterInput {
  settings: TeamLetterSettings;
  roadmap: Pick<Roadmap, 'commune' | 'province' | 'hamlets'>;
  /** The letter's date (the server's day in Vietnam), `yyyy-mm-dd`. */
  today: string;
  /** The district the commune's orders carry, when they carry one. */
  district: string | null;
}

/** NĐ 30: a day below 10 and the months 1 and 2 are written with a leading 0. */
export function letterDate(place: string, isoDay: string): string {
  const [year, month, day] = isoDay.split('-').map(Number) as [number, number, number];
  const dd = String(day).padStart(2, '0');
  const mm = month <= 2 ? String(month).padStart(2, '0') : String(month);
  return `${place}, ngày ${dd} tháng ${mm} năm ${year}`;
}

/** "Xã Quảng Thọ" → "xã Quảng Thọ" (and "Thành phố Cà Mau" → "thành phố Cà Mau") inside a sentence; a name without its kind is kept as it is. */
export function communeInSentence(commune: string): string {
  const [, kind, name] = /^(xã|phường|thị trấn|đặc khu|thị xã|thành phố|huyện|quận)\s+(.+)$/iu.exec(commune.trim()) ?? [];
  return kind !== undefined && name !== undefined ? `${kind.toLocaleLowerCase('vi')} ${name}` : commune.trim();
}

/** The schedule: one row per hamlet with planned orders (hamlet, from, to, meters), in visiting order. */
export function scheduleRows(hamlets: Roadmap['hamlets']): { rows: string[][]; meters: number; first: string | null; last: string | null } {
  const planned = hamlets.filter((h) => h.firstDate !== null && h.lastDate !== null && h.plannable - h.unplanned > 0);
  let first: string | null = null;
  let last: string | null = null;
  let meters = 0;
  const rows = planned.map((h, i) => {
    const from = h.firstDate ?? '';
    const to = h.lastDate ?? '';
    if (first === null || from < first) first = from;
    if (last === null || to > last) last = to;
    const count = h.plannable - h.unplanned;
    meters += count;
    return [String(i + 1), h.name === 'khác' ? 'Các địa chỉ khác' : h.name, formatIsoDay(from), formatIsoDay(to), formatCount(count, 'vi')];
  });
  return { rows, meters, first, last };
}

/** The letter's every word, from the team's settings and the commune's confirmed roadmap. */
export function buildRoadmapLetter({ settings, roadmap, today, district }: RoadmapLetterInput): RoadmapLetter {
  const commune = communeInSentence(roadmap.commune);
  const committee = `Ủy ban nhân dân ${commune}`;
  const schedule = scheduleRows(roadmap.hamlets);
  const period =
    schedule.first !== null && schedule.last !== null
      ? schedule.first === schedule.last
        ? `ngày ${formatIsoDay(schedule.first)}`
        : `từ ngày ${formatIsoDay(schedule.first)} đến ngày ${formatIsoDay(schedule.last)}`
      : 'theo lịch dưới đây';
  const sender = senderName(settings.issuingBody);

  const body: LetterBlock[] = [
    {
      kind: 'paragraph',
      text:
        `Thực hiện kế hoạch thay thế công tơ cơ khí bằng công tơ điện tử đo xa trên địa bàn tỉnh ${roadmap.province}, ` +
        `${sender} trân trọng thông báo đến ${committee} lộ trình thay thế công tơ trên địa bàn ${commune} ${period}, ` +
        `tổng cộng ${formatCount(schedule.meters, 'vi')} công tơ, cụ thể như sau.`,
    },
    { kind: 'paragraph', text: '1. Lợi ích của công tơ điện tử đo xa đối với người dân', bold: true },
    {
      kind: 'bullets',
      items: [
        'Chỉ số điện được đọc tự động, chính xác, không còn sai sót do ghi chép bằng tay.',
        'Nhân viên ghi chỉ số không cần vào nhà, không làm phiền gia đình hằng tháng.',
        'Ngành điện phát hiện sớm sự cố, hư hỏng hoặc sử dụng điện bất thường để xử lý kịp thời.',
        'Khách hàng dễ dàng theo dõi lượng điện sử dụng và thanh toán tiền điện không dùng tiền mặt.',
        'Việc thay công tơ được thực hiện miễn phí, công khai, minh bạch; khách hàng không phải trả bất kỳ chi phí nào.',
      ],
    },
    { kind: 'paragraph', text: '2. Lịch thay thế công tơ theo từng thôn, ấp, khu phố', bold: true },
    {
      kind: 'table',
      header: ['STT', 'Thôn, ấp, khu phố', 'Từ ngày', 'Đến ngày', 'Số công tơ'],
      rows: schedule.rows,
      total: ['', 'Tổng cộng', '', '', formatCount(schedule.meters, 'vi')],
    },
    {
      kind: 'paragraph',
      text: 'Lịch có thể điều chỉnh khi thời tiết không thuận lợi; mọi thay đổi sẽ được thông báo lại cho địa phương và khách hàng.',
    },
    { kind: 'paragraph', text: '3. Đề nghị các hộ gia đình', bold: true },
    {
      kind: 'bullets',
      items: [
        'Có mặt hoặc nhờ người thân có mặt tại nhà vào ngày thay công tơ của thôn, ấp, khu phố mình.',
        'Khi thay công tơ, điện sẽ tạm ngừng cung cấp khoảng 15 phút; đề nghị chuẩn bị trước cho các thiết bị cần thiết.',
        'Kiểm tra chỉ số công tơ cũ và chỉ số công tơ mới ghi trong biên bản treo tháo trước khi ký.',
        'Giữ lại bản biên bản của khách hàng để đối chiếu khi cần.',
      ],
    },
    { kind: 'paragraph', text: '4. Các hình thức thanh toán tiền điện không dùng tiền mặt', bold: true },
    { kind: 'bullets', items: [...settings.paymentOptions] },
    { kind: 'paragraph', text: '5. Thông tin liên hệ', bold: true },
    {
      kind: 'paragraph',
      text: `Mọi thắc mắc xin liên hệ: ${settings.contactName}, điện thoại ${settings.contactPhone}.`,
    },
    {
      kind: 'paragraph',
      text:
        `Để việc thay thế công tơ diễn ra thuận lợi, công khai, minh bạch, ${sender} kính đề nghị ${committee} ` +
        'phối hợp thông báo lộ trình trên đến các thôn, ấp, khu phố và người dân qua hệ thống loa truyền thanh, ' +
        'đài truyền thanh và các phương tiện thông tin đại chúng của địa phương, đồng thời vận động các hộ gia đình ' +
        'chuyển sang thanh toán tiền điện không dùng tiền mặt.',
    },
    { kind: 'paragraph', text: `Trân trọng cảm ơn sự phối hợp của ${committee}./.` },
  ];

  const districtLine =
    district !== null && district.trim() !== '' ? `- UBND ${communeInSentence(district.trim())} (để b/c);` : '- UBND cấp trên (để b/c);';
  return {
    title: `Công văn lộ trình thay thế công tơ - ${roadmap.commune}`,
    parentBody: upper(settings.parentBody),
    issuingBody: upper(settings.issuingBody),
    nationalTitle: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    motto: 'Độc lập - Tự do - Hạnh phúc',
    number: `Số:        /${settings.symbol}`,
    subject: `V/v thông báo lộ trình thay thế công tơ điện tử trên địa bàn ${commune}`,
    placeDate: letterDate(settings.place, today),
    recipient: `Kính gửi: ${committee}`,
    body,
    recipientsTitle: 'Nơi nhận:',
    recipients: ['- Như trên;', districtLine, '- Lưu: VT, KD.'],
    signerTitle: settings.signerTitle.map(upper),
    signerName: settings.signerName,
  };
}

/** "CÔNG TY ĐIỆN LỰC CÀ MAU" → "Công ty Điện lực Cà Mau": the issuing body as a sentence names it. */
export function senderName(issuingBody: string): string {
  return issuingBody
    .trim()
    .toLocaleLowerCase('vi')
    .split(/\s+/)
    .map((word) => word.charAt(0).toLocaleUpperCase('vi') + word.slice(1))
    .join(' ')
    .replace(/Công Ty/gu, 'công ty')
    .replace(/Điện Lực/gu, 'Điện lực')
    .replace(/^(\p{L})/u, (letter: string) => letter.toLocaleUpperCase('vi'));
}
