import { describe, expect, it } from 'vitest';
import {
  buildVisitNotice,
  inQuietHours,
  parseQuietHours,
  quietHoursEnd,
  retryDelayMs,
  visitNoticeMessageId,
} from '../../src/domain/campaign/notices';

/** An instant at `hh:mm` Vietnam time (UTC+7) on 2026-11-24. */
const vn = (hh: number, mm = 0) => new Date(Date.UTC(2026, 10, 24, hh - 7, mm));

describe('notices (domain)', () => {
  it('reads quiet hours, wrapping midnight or not', () => {
    expect(parseQuietHours('21-7')).toEqual({ start: 21, end: 7 });
    expect(parseQuietHours(' 12 - 14 ')).toEqual({ start: 12, end: 14 });
    expect(parseQuietHours('OFF')).toBeNull();
    for (const bad of ['', '21', '7-7', '24-6', 'a-b', '21-7-1']) expect(parseQuietHours(bad)).toBeUndefined();
    const night = { start: 21, end: 7 };
    expect([20, 21, 23, 0, 6, 7].map((h) => inQuietHours(night, vn(h)))).toEqual([false, true, true, true, true, false]);
    const noon = { start: 12, end: 14 };
    expect([11, 12, 13, 14].map((h) => inQuietHours(noon, vn(h)))).toEqual([false, true, true, false]);
    expect(inQuietHours(null, vn(23))).toBe(false);
  });

  it('waits for the end of quiet hours: the same morning after midnight, the next one before', () => {
    const night = { start: 21, end: 7 };
    expect(quietHoursEnd(night, vn(5, 30)).toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(quietHoursEnd(night, vn(22)).toISOString()).toBe('2026-11-25T00:00:00.000Z');
    expect(quietHoursEnd(night, vn(10))).toEqual(vn(10));
  });

  it('backs off exponentially with jitter, capped', () => {
    expect([1, 2, 3].map((a) => retryDelayMs(a, 0))).toEqual([15_000, 30_000, 60_000]);
    expect(retryDelayMs(1, 0.999_999)).toBe(30_000);
    expect(retryDelayMs(20, 0.5)).toBe(2_700_000);
  });

  it('keys a visit notice by order, date and assignee; writes it in Vietnamese', () => {
    expect(visitNoticeMessageId('o', '2026-11-25', null)).not.toBe(visitNoticeMessageId('o', '2026-11-26', null));
    expect(visitNoticeMessageId('o', '2026-11-25', 'a')).not.toBe(visitNoticeMessageId('o', '2026-11-25', null));
    const { text, params } = buildVisitNotice({
      customerName: 'Lê Thị Hoa',
      plannedDate: '2026-11-25',
      teamName: 'Đội QLKH Cái Nước',
      contactPhone: null,
      paymentOptions: [],
    });
    expect(text).toBe(
      'Đội QLKH Cái Nước thông báo: ngày 25/11/2026, từ 7 giờ 30 đến 17 giờ, nhân viên điện lực sẽ đến thay công tơ điện nhà Lê Thị Hoa. ' +
        'Quý khách vui lòng có mặt tại nhà; điện sẽ tạm ngắt khoảng 15 phút.',
    );
    expect(params).toMatchObject({ date: '25/11/2026', contactPhone: '', paymentOptions: '' });
  });
});
