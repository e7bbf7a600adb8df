import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { speakerName } from '../../src/domain/campaign/announcement';
import { defaultTeamSettings } from '../../src/domain/campaign/letter';
import { Roadmap, RoadmapCommuneList } from '../../src/domain/campaign/roadmap';
import { AnnouncementPrintPage } from '../../src/features/console/roadmap/AnnouncementPrintPage';
import { RoadmapPage } from '../../src/features/console/roadmap/RoadmapPage';
import { makeMe, testUuid } from './support/fixtures';
import { fakeServer, renderConsole } from './support/consoleHarness';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const supervisor = makeMe({ role: 'supervisor', username: 'supervisor1' });
const tech = testUuid();

function hamlet(name: string, overrides: object = {}) {
  return { name, total: 6, plannable: 6, inHand: 0, failed: 0, cancelled: 0, unplanned: 0, firstDate: null, lastDate: null, ...overrides };
}

const planned = Roadmap.parse({
  commune: 'Xã Hoằng Đạo',
  province: 'Thanh Hóa',
  hamlets: [
    hamlet('Thôn 1', { firstDate: '2026-11-25', lastDate: '2026-11-25' }),
    hamlet('Thôn 2', { firstDate: '2026-12-01', lastDate: '2026-12-01' }),
  ],
  days: [
    { date: '2026-11-25', technicianId: tech, hamlets: ['Thôn 1'], orderIds: [testUuid()] },
    { date: '2026-12-01', technicianId: tech, hamlets: ['Thôn 2'], orderIds: [testUuid()] },
  ],
  confirmedAt: '2026-11-24T03:00:00.000Z',
  confirmedBy: 'Tổ trưởng',
  capacityPerDay: 15,
});
const unplanned = Roadmap.parse({ ...planned, commune: 'Xã Hoằng Phong', days: [], hamlets: [hamlet('Thôn 1')] });

const communes = RoadmapCommuneList.parse({
  communes: [
    {
      commune: 'Xã Hoằng Đạo',
      province: 'Thanh Hóa',
      total: 12,
      plannable: 12,
      planned: 12,
      done: 0,
      hamlets: 2,
      confirmedAt: '2026-11-24T03:00:00.000Z',
    },
    { commune: 'Xã Hoằng Phong', province: 'Thanh Hóa', total: 6, plannable: 6, planned: 0, done: 0, hamlets: 1, confirmedAt: null },
  ],
});

const server = () =>
  fakeServer({
    'GET /roadmaps/communes': () => ({ body: communes }),
    'GET /roadmaps': ({ query }) => ({ body: query.get('commune') === 'Xã Hoằng Đạo' ? planned : unplanned }),
    'GET /technicians': () => ({ body: { items: [] } }),
    'GET /teams/:id/settings': ({ path }) => ({
      body: {
        teamId: path.split('/')[2],
        teamName: supervisor.teamName,
        saved: true,
        updatedAt: '2026-11-20T02:00:00.000Z',
        settings: { ...defaultTeamSettings({ name: supervisor.teamName ?? '', province: 'Thanh Hóa' }), contactPhone: '0237 3852 000' },
      },
    }),
  });

describe('the loudspeaker announcement to print', () => {
  it('shows each week of the plan in words, the team as speaker and the phone read twice', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined);
    await renderConsole(<AnnouncementPrintPage me={supervisor} />, {
      transport: server().transport,
      path: `/console/roadmap/announcement?commune=${encodeURIComponent('Xã Hoằng Đạo')}`,
    });
    const first = await screen.findByRole('region', { name: 'Tuần 2026-W48: 25/11/2026' });
    const second = screen.getByRole('region', { name: 'Tuần 2026-W49: 01/12/2026' });
    expect(first.textContent).toContain('Kính thưa bà con xã Hoằng Đạo.');
    expect(first.textContent).toContain(`${speakerName(supervisor.teamName ?? '')} xin thông báo.`);
    expect(first.textContent).toContain('Thôn một: thứ Tư ngày hai mươi lăm tháng mười một.');
    expect(second.textContent).toContain('Thôn hai: thứ Ba ngày mồng một tháng mười hai.');
    expect(first.textContent).not.toContain('Thôn hai');

    // The team's number from its letter settings, until the user types another.
    const phone = screen.getByLabelText<HTMLInputElement>('Số điện thoại của tổ (được đọc trong thông báo)');
    await waitFor(() => expect(phone.value).toBe('0237 3852 000'));
    expect(within(first).getAllByText(/không hai ba bảy, ba tám năm, hai không không không/)).toHaveLength(2);
    fireEvent.change(phone, { target: { value: '0912 345 678' } });
    expect(within(first).getAllByText(/không chín một hai, ba bốn năm, sáu bảy tám/)).toHaveLength(2);
    const download = screen.getByRole('link', { name: 'Tải tệp .txt' });
    expect(download.getAttribute('href')).toBe('/api/v1/roadmaps/announcement.txt?commune=X%C3%A3+Ho%E1%BA%B1ng+%C4%90%E1%BA%A1o&phone=0912+345+678');
    fireEvent.click(screen.getByRole('button', { name: 'In' }));
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('says the commune has no confirmed roadmap when nothing is planned', async () => {
    await renderConsole(<AnnouncementPrintPage me={supervisor} />, {
      transport: server().transport,
      path: `/console/roadmap/announcement?commune=${encodeURIComponent('Xã Hoằng Phong')}`,
    });
    expect(await screen.findByText(/Xã\/phường này chưa có lộ trình đã xác nhận/)).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'In' }).disabled).toBe(true);
  });
});

describe('the Lộ trình screen’s public links', () => {
  it('links a planned commune’s announcement and public page; an unplanned one only its public page', async () => {
    await renderConsole(<RoadmapPage me={supervisor} />, { transport: server().transport });
    fireEvent.click(await screen.findByRole('button', { name: /Xã Hoằng Đạo/ }));
    const print = await screen.findByRole('link', { name: 'In thông báo loa' });
    expect(print.getAttribute('href')).toBe('/console/roadmap/announcement?commune=X%C3%A3+Ho%E1%BA%B1ng+%C4%90%E1%BA%A1o');
    expect(screen.getByRole('link', { name: 'Trang công khai' }).getAttribute('href')).toBe('/cong-khai/xa-hoang-dao-thanh-hoa');

    fireEvent.click(screen.getByRole('button', { name: /Xã Hoằng Phong/ }));
    expect((await screen.findByRole('link', { name: 'Trang công khai' })).getAttribute('href')).toBe('/cong-khai/xa-hoang-phong-thanh-hoa');
    expect(screen.queryByRole('link', { name: 'In thông báo loa' })).toBeNull();
  });
});
