import { describe, expect, it } from 'vitest';
import { CommuneSlug, communeSlug, PUBLIC_MIN_HAMLET, publicCommuneOf, slugPart, type PublicOrder } from '../../src/domain/campaign/publicPage';

describe('commune slugs', () => {
  it('folds diacritics and đ, lower-cases, joins words with "-", the province after the commune', () => {
    expect(communeSlug('Xã Hậu Lộc', 'Thanh Hóa')).toBe('xa-hau-loc-thanh-hoa');
    expect(communeSlug('Phường 2', 'Cà Mau')).toBe('phuong-2-ca-mau');
    expect(communeSlug('Xã Đông Hưng', 'Bắc Giang')).toBe('xa-dong-hung-bac-giang');
    expect(communeSlug('Thị trấn  Ỷ La', 'Tuyên Quang')).toBe('thi-tran-y-la-tuyen-quang');
    expect(slugPart('<script>alert(1)</script>')).toBe('script-alert-1-script');
    expect(slugPart('  —  ')).toBe('');
  });

  it('makes the same slug of a name typed in composed or decomposed Unicode', () => {
    expect(communeSlug('Xã Hậu Lộc'.normalize('NFD'), 'Thanh Hóa'.normalize('NFD'))).toBe('xa-hau-loc-thanh-hoa');
  });

  it('gives slugs the path pattern accepts', () => {
    for (const [c, p] of [
      ['Xã Hậu Lộc', 'Thanh Hóa'],
      ['Phường 5', 'Cà Mau'],
      ['Xã <b>Lạ</b>', 'Thanh Hóa'],
    ] as const) {
      expect(CommuneSlug.safeParse(communeSlug(c, p)).success).toBe(true);
    }
    expect(CommuneSlug.safeParse('XA-HAU').success).toBe(false);
    expect(CommuneSlug.safeParse('xa--hau').success).toBe(false);
  });
});

describe('the public figures of a commune', () => {
  const orders = (hamlet: string, n: number, extra: Partial<PublicOrder> = {}): PublicOrder[] =>
    Array.from({ length: n }, () => ({ hamlet, status: 'assigned', plannedDate: null, ...extra }));

  const page = publicCommuneOf({
    commune: 'Xã Hậu Lộc',
    province: 'Thanh Hóa',
    asOf: '2026-12-07T03:00:00.000Z',
    cashlessEnrolled: 3,
    orders: [
      ...orders('Thôn 10', 5, { plannedDate: '2026-12-07' }),
      ...orders('Thôn 2', 4, { plannedDate: '2026-12-15' }),
      ...orders('Thôn 2', 2, { status: 'completed', plannedDate: '2026-12-01' }),
      ...orders('Thôn 1', 6, { plannedDate: '2026-12-14' }),
      ...orders('Thôn 1', 1, { status: 'approved' }),
      ...orders('Xóm Nhỏ', PUBLIC_MIN_HAMLET - 1, { plannedDate: '2026-12-21' }),
      ...orders('khác', 1),
    ],
  });

  it('counts by hamlet in visiting order, small hamlets under "khác" (last)', () => {
    expect(page.hamlets).toEqual([
      { name: 'Thôn 10', total: 5, done: 0, firstWeek: '2026-W50', lastWeek: '2026-W50' },
      { name: 'Thôn 1', total: 7, done: 1, firstWeek: '2026-W51', lastWeek: '2026-W51' },
      { name: 'Thôn 2', total: 6, done: 2, firstWeek: '2026-W51', lastWeek: '2026-W51' },
      { name: 'khác', total: 5, done: 0, firstWeek: '2026-W52', lastWeek: '2026-W52' },
    ]);
  });

  it('counts the commune, the planned weeks (still to visit only) and the cashless enrolments', () => {
    expect(page).toMatchObject({ slug: 'xa-hau-loc-thanh-hoa', total: 23, done: 3, cashlessEnrolled: 3, asOf: '2026-12-07T03:00:00.000Z' });
    expect(page.weeks).toEqual([
      { week: '2026-W50', from: '2026-12-07', to: '2026-12-13', planned: 5 },
      { week: '2026-W51', from: '2026-12-14', to: '2026-12-20', planned: 10 },
      { week: '2026-W52', from: '2026-12-21', to: '2026-12-27', planned: 4 },
    ]);
  });

  it('never names a hamlet smaller than the threshold', () => {
    expect(page.hamlets.map((h) => h.name)).not.toContain('Xóm Nhỏ');
    expect(page.hamlets.every((h) => h.name === 'khác' || h.total >= PUBLIC_MIN_HAMLET)).toBe(true);
  });
});
