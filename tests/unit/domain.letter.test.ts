import { describe, expect, it } from 'vitest';
import {
  buildRoadmapLetter,
  communeInSentence,
  defaultTeamSettings,
  letterDate,
  scheduleRows,
  senderName,
  TeamLetterSettings,
  type LetterBlock,
} from '../../src/domain/campaign/letter';
import type { RoadmapHamlet } from '../../src/domain/campaign/roadmap';

const hamlet = (name: string, plannable: number, unplanned: number, firstDate: string | null, lastDate: string | null): RoadmapHamlet => ({
  name,
  total: plannable + 1,
  plannable,
  inHand: 1,
  failed: 0,
  cancelled: 0,
  unplanned,
  firstDate,
  lastDate,
});

const SETTINGS = {
  parentBody: 'Tổng công ty Điện lực miền Nam',
  issuingBody: 'CÔNG TY ĐIỆN LỰC CÀ MAU',
  symbol: 'PCCM-KD',
  place: 'Cà Mau',
  contactName: 'Đội quản lý khách hàng',
  contactPhone: '0290 3123 456',
  signerName: 'Nguyễn Văn Bình',
  signerTitle: ['KT. Giám đốc', 'Phó giám đốc'],
  paymentOptions: ['Ví điện tử', 'Ngân hàng'],
};

const ROADMAP = {
  commune: 'Phường 5',
  province: 'Cà Mau',
  hamlets: [
    hamlet('Khóm 2', 30, 0, '2026-12-08', '2026-12-10'),
    hamlet('Khóm 1', 12, 2, '2026-12-11', '2026-12-12'),
    hamlet('khác', 3, 0, '2026-12-14', '2026-12-14'),
    hamlet('Khóm 9', 5, 5, null, null),
  ],
};

const texts = (blocks: LetterBlock[]) => blocks.flatMap((b) => (b.kind === 'paragraph' ? [b.text] : b.kind === 'bullets' ? b.items : []));

describe('the roadmap letter', () => {
  it('dates the letter as NĐ 30 writes it: a day below 10 and months 1 and 2 with a leading zero', () => {
    expect(letterDate('Cà Mau', '2026-12-07')).toBe('Cà Mau, ngày 07 tháng 12 năm 2026');
    expect(letterDate('Cà Mau', '2027-02-15')).toBe('Cà Mau, ngày 15 tháng 02 năm 2027');
    expect(letterDate('Hà Nội', '2027-03-01')).toBe('Hà Nội, ngày 01 tháng 3 năm 2027');
  });

  it('names the commune and the sender as a sentence does', () => {
    expect(communeInSentence('Xã Quảng Thọ')).toBe('xã Quảng Thọ');
    expect(communeInSentence('Phường 5')).toBe('phường 5');
    expect(communeInSentence('Thị trấn Sông Đốc')).toBe('thị trấn Sông Đốc');
    expect(communeInSentence('Tân Thành')).toBe('Tân Thành');
    expect(senderName('CÔNG TY ĐIỆN LỰC CÀ MAU')).toBe('Công ty Điện lực Cà Mau');
    expect(senderName('TỔNG CÔNG TY ĐIỆN LỰC MIỀN NAM')).toBe('Tổng công ty Điện lực Miền Nam');
  });

  it('schedules the hamlets with planned orders in visiting order, with their planned meters and a total', () => {
    const schedule = scheduleRows(ROADMAP.hamlets);
    expect(schedule.rows).toEqual([
      ['1', 'Khóm 2', '08/12/2026', '10/12/2026', '30'],
      ['2', 'Khóm 1', '11/12/2026', '12/12/2026', '10'],
      ['3', 'Các địa chỉ khác', '14/12/2026', '14/12/2026', '3'],
    ]);
    expect(schedule).toMatchObject({ meters: 43, first: '2026-12-08', last: '2026-12-14' });
  });

  it('builds the letter from the settings and the roadmap: header, recipient, table, households, cashless, Nơi nhận, signer', () => {
    const letter = buildRoadmapLetter({ settings: SETTINGS, roadmap: ROADMAP, today: '2026-12-07', district: 'Thành phố Cà Mau' });
    expect(letter).toMatchObject({
      parentBody: 'TỔNG CÔNG TY ĐIỆN LỰC MIỀN NAM',
      issuingBody: 'CÔNG TY ĐIỆN LỰC CÀ MAU',
      nationalTitle: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      motto: 'Độc lập - Tự do - Hạnh phúc',
      placeDate: 'Cà Mau, ngày 07 tháng 12 năm 2026',
      subject: 'V/v thông báo lộ trình thay thế công tơ điện tử trên địa bàn phường 5',
      recipient: 'Kính gửi: Ủy ban nhân dân phường 5',
      recipientsTitle: 'Nơi nhận:',
      recipients: ['- Như trên;', '- UBND thành phố Cà Mau (để b/c);', '- Lưu: VT, KD.'],
      signerTitle: ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
      signerName: 'Nguyễn Văn Bình',
    });
    // The number is left blank for the clerk, before the team's suffix.
    expect(letter.number).toMatch(/^Số: {2,}\/PCCM-KD$/);
    const tables = letter.body.filter((b) => b.kind === 'table');
    expect(tables).toHaveLength(1);
    expect(tables[0]).toMatchObject({ rows: scheduleRows(ROADMAP.hamlets).rows, total: ['', 'Tổng cộng', '', '', '43'] });
    const words = texts(letter.body).join('\n');
    expect(words).toContain('từ ngày 08/12/2026 đến ngày 14/12/2026, tổng cộng 43 công tơ');
    expect(words).toContain('Công ty Điện lực Cà Mau');
    for (const phrase of [
      'không cần vào nhà',
      'phát hiện sớm sự cố',
      'không dùng tiền mặt',
      'khoảng 15 phút',
      'hệ thống loa truyền thanh',
      '0290 3123 456',
    ])
      expect(words).toContain(phrase);
    for (const option of SETTINGS.paymentOptions) expect(texts(letter.body)).toContain(option);
  });

  it('says "UBND cấp trên" when the orders carry no district, and a one-day plan by its day', () => {
    const roadmap = { ...ROADMAP, hamlets: [hamlet('Ấp 3', 4, 0, '2026-12-09', '2026-12-09')] };
    const letter = buildRoadmapLetter({ settings: SETTINGS, roadmap, today: '2026-12-07', district: null });
    expect(letter.recipients[1]).toBe('- UBND cấp trên (để b/c);');
    expect(texts(letter.body).join('\n')).toContain('ngày 09/12/2026, tổng cộng 4 công tơ');
  });

  it('writes a count of meters as the rest of the app does: "1.240 công tơ"', () => {
    const roadmap = { ...ROADMAP, hamlets: [hamlet('Ấp 1', 1200, 0, '2026-12-08', '2026-12-20'), hamlet('Ấp 2', 40, 0, '2026-12-21', '2026-12-21')] };
    const letter = buildRoadmapLetter({ settings: SETTINGS, roadmap, today: '2026-12-07', district: null });
    expect(texts(letter.body).join('\n')).toContain('tổng cộng 1.240 công tơ');
    expect(letter.body.find((b) => b.kind === 'table')).toMatchObject({ total: ['', 'Tổng cộng', '', '', '1.240'] });
    expect(scheduleRows(roadmap.hamlets).rows[0]?.[4]).toBe('1.200');
  });

  it('gives every team defaults from its name and province that are valid settings once a signer is named', () => {
    const defaults = defaultTeamSettings({ name: 'Tổ thay công tơ Cà Mau', province: 'Cà Mau' });
    expect(defaults).toMatchObject({ issuingBody: 'CÔNG TY ĐIỆN LỰC CÀ MAU', place: 'Cà Mau', contactName: 'Tổ thay công tơ Cà Mau' });
    expect(TeamLetterSettings.safeParse({ ...defaults, signerName: 'Nguyễn Văn A' }).success).toBe(true);
    expect(TeamLetterSettings.safeParse({ ...defaults, symbol: 'PC CM' }).success).toBe(false);
  });
});
