import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ProgressReport, SyncBacklogReport, type ProgressFigures } from '../../src/domain/console/reports';
import { DashboardPage } from '../../src/features/console/dashboard/DashboardPage';
import { backlogLevel } from '../../src/features/console/dashboard/backlog';
import { isMonthEnd, periodOf } from '../../src/features/console/dashboard/period';
import { makeMe, testUuid } from './support/fixtures';
import { FakeClock, fakePlatform } from './support/fakePlatform';
import { fakeServer, renderConsole } from './support/consoleHarness';

afterEach(cleanup);

const supervisor = makeMe({ role: 'supervisor', username: 'supervisor1' });

function figures(overrides: Partial<ProgressFigures> = {}): ProgressFigures {
  return {
    planned: 0,
    completed: 0,
    approved: 0,
    returned: 0,
    failed: 0,
    remaining: 0,
    firstVisitSuccessRate: null,
    awaitingPhotos: 0,
    failureReasons: {},
    cashlessBefore: 0,
    cashlessEnrolled: 0,
    ...overrides,
  };
}

const communeReport = ProgressReport.parse({
  groupBy: 'commune',
  generatedAt: '2026-11-24T03:00:00.000Z',
  rows: [
    {
      key: 'Hoằng Hóa',
      label: 'Hoằng Hóa',
      ...figures({
        planned: 40,
        completed: 25,
        approved: 20,
        failed: 5,
        remaining: 10,
        firstVisitSuccessRate: 0.8,
        awaitingPhotos: 2,
        failureReasons: { KV01: 4, KV07: 1 },
        cashlessBefore: 10,
        cashlessEnrolled: 5,
      }),
    },
    {
      key: 'Quảng Xương',
      label: 'Quảng Xương',
      ...figures({
        planned: 1200,
        completed: 600,
        approved: 500,
        failed: 0,
        remaining: 600,
        firstVisitSuccessRate: 1,
        cashlessBefore: 3,
        cashlessEnrolled: 3,
      }),
    },
  ],
  totals: figures({
    planned: 1240,
    completed: 625,
    approved: 520,
    failed: 5,
    remaining: 610,
    firstVisitSuccessRate: 0.8,
    awaitingPhotos: 2,
    failureReasons: { KV01: 4, KV07: 1 },
    cashlessBefore: 13,
    cashlessEnrolled: 8,
  }),
});

function backlog(now: number) {
  const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString();
  return SyncBacklogReport.parse({
    items: [
      {
        technicianId: testUuid(),
        displayName: 'Lê Văn Kỹ',
        lastContactAt: hoursAgo(3),
        pendingRecords: 2,
        pendingPhotos: 5,
        oldestPendingAt: hoursAgo(30),
      },
      {
        technicianId: testUuid(),
        displayName: 'Trần Thị Thu',
        lastContactAt: hoursAgo(0.5),
        pendingRecords: 0,
        pendingPhotos: 0,
        oldestPendingAt: null,
      },
      { technicianId: testUuid(), displayName: 'Đỗ Văn Nam', lastContactAt: null, pendingRecords: 1, pendingPhotos: 0, oldestPendingAt: hoursAgo(2) },
    ],
  });
}

function dashboardServer(now: number) {
  return fakeServer({
    'GET /reports/progress': ({ query }) => ({
      body: { ...communeReport, groupBy: query.get('groupBy') ?? 'commune', rows: query.get('groupBy') === 'day' ? [] : communeReport.rows },
    }),
    'GET /reports/sync-backlog': () => ({ body: backlog(now) }),
  });
}

describe('console dashboard', () => {
  it('shows the figures per commune with a totals row, the cashless goal and first-visit success', async () => {
    const platform = fakePlatform();
    const server = dashboardServer(platform.clock.now());
    await renderConsole(<DashboardPage me={supervisor} />, { transport: server.transport, platform });

    const table = await screen.findByRole('table', { name: /Tiến độ theo xã \/ phường, 24\/11\/2026 – 24\/11\/2026/ });
    const row = within(table).getByRole('row', { name: /Hoằng Hóa/ });
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['40', '25', '20', '5', '10', '80%', '2', '10 → 15 / 20']);
    const total = within(table).getByRole('row', { name: /Tổng/ });
    expect(
      within(total)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['1.240', '625', '520', '5', '610', '80%', '2', '13 → 21 / 26']);
    // Quảng Xương doubled its cashless payers: 3 → 6 of 6.
    expect(within(table).getByRole('row', { name: /Quảng Xương/ }).textContent).toContain('3 → 6 / 6 ✓');
    const query = server.requests('GET', '/reports/progress')[0]?.query;
    expect([query?.get('groupBy'), query?.get('from'), query?.get('to')]).toEqual(['commune', '2026-11-24', '2026-11-24']);
  });

  it('lists failure reasons in Vietnamese, most frequent first', async () => {
    const platform = fakePlatform();
    await renderConsole(<DashboardPage me={supervisor} />, { transport: dashboardServer(platform.clock.now()).transport, platform });

    const reasons = await screen.findByRole('figure', { name: 'Lý do không thực hiện được' });
    expect(
      within(reasons)
        .getAllByRole('row')
        .map((r) => r.textContent),
    ).toEqual(['KV01 Khách hàng vắng nhà4', 'KV07 Nghi vấn vi phạm sử dụng điện1']);
  });

  it('asks for other groupings and periods in Vietnam days', async () => {
    const platform = fakePlatform();
    const server = dashboardServer(platform.clock.now());
    await renderConsole(<DashboardPage me={supervisor} />, { transport: server.transport, platform });
    await screen.findByRole('table', { name: /Tiến độ theo/ });

    fireEvent.click(screen.getByRole('tab', { name: 'Nhân viên' }));
    fireEvent.click(screen.getByLabelText('Tuần này'));

    await waitFor(() => {
      const last = server
        .requests('GET', '/reports/progress')
        .filter((r) => r.query.get('groupBy') !== 'day')
        .at(-1)?.query;
      expect([last?.get('groupBy'), last?.get('from'), last?.get('to')]).toEqual(['technician', '2026-11-23', '2026-11-29']);
    });
    expect(screen.getByRole('link', { name: 'Tải tệp CSV' }).getAttribute('href')).toBe(
      '/api/v1/exports/completions.csv?from=2026-11-23&to=2026-11-29',
    );
  });

  it('in the day view, reads the day rows once for both the table and the per-day chart', async () => {
    const platform = fakePlatform();
    const server = dashboardServer(platform.clock.now());
    await renderConsole(<DashboardPage me={supervisor} />, { transport: server.transport, platform });
    await screen.findByRole('table', { name: /Tiến độ theo/ });
    const before = server.requests('GET', '/reports/progress').filter((r) => r.query.get('groupBy') === 'day').length;

    fireEvent.click(screen.getByRole('tab', { name: 'Ngày' }));
    await screen.findByText('Không có công việc nào trong khoảng thời gian này.');

    // One for the per-day chart of the commune view, one for the day view's table (which also draws the chart).
    expect(before).toBe(1);
    expect(server.requests('GET', '/reports/progress').filter((r) => r.query.get('groupBy') === 'day')).toHaveLength(2);
  });

  it('lets an admin narrow every figure and the export to one team', async () => {
    const platform = fakePlatform();
    const team = { id: testUuid(), name: 'Cà Mau', province: 'Cà Mau' };
    const server = fakeServer({
      'GET /teams': () => ({ body: { items: [team] } }),
      'GET /reports/progress': () => ({ body: communeReport }),
      'GET /reports/sync-backlog': () => ({ body: backlog(platform.clock.now()) }),
    });
    await renderConsole(<DashboardPage me={makeMe({ role: 'admin', teamId: null, teamName: null })} />, { transport: server.transport, platform });
    await screen.findByRole('option', { name: 'Cà Mau (Cà Mau)' });
    expect(server.requests('GET', '/reports/progress')[0]?.query.get('teamId')).toBeNull();

    fireEvent.change(screen.getByLabelText('Đội'), { target: { value: team.id } });

    await waitFor(() => expect(server.requests('GET', '/reports/progress').at(-1)?.query.get('teamId')).toBe(team.id));
    expect(server.requests('GET', '/reports/sync-backlog').at(-1)?.query.get('teamId')).toBe(team.id);
    expect(screen.getByRole('link', { name: 'Tải tệp CSV' }).getAttribute('href')).toContain(`teamId=${team.id}`);
  });

  it('shows each device’s backlog: relative last contact, red after 24 hours', async () => {
    const platform = fakePlatform();
    await renderConsole(<DashboardPage me={supervisor} />, { transport: dashboardServer(platform.clock.now()).transport, platform });

    const panel = await screen.findByRole('region', { name: 'Đồng bộ thiết bị' });
    const late = within(panel).getByRole('row', { name: /Lê Văn Kỹ/ });
    expect(late.className).toContain('backlog-row--overdue');
    expect(late.textContent).toContain('3 giờ trước');
    expect(late.textContent).toContain('Chờ quá 24 giờ');
    expect(within(panel).getByRole('row', { name: /Đỗ Văn Nam/ }).textContent).toContain('Chưa kết nối lần nào');
    expect(within(panel).queryByText(/Cần gửi trong hôm nay/)).toBeNull();
  });

  it('near month end asks for anything pending to be sent today', async () => {
    const platform = { ...fakePlatform(), clock: new FakeClock(Date.parse('2026-11-28T03:00:00Z')) };
    await renderConsole(<DashboardPage me={supervisor} />, { transport: dashboardServer(platform.clock.now()).transport, platform });

    const panel = await screen.findByRole('region', { name: 'Đồng bộ thiết bị' });
    expect(within(panel).getByRole('row', { name: /Đỗ Văn Nam/ }).className).toContain('backlog-row--monthEnd');
    expect(within(panel).getByRole('status').textContent).toContain('Cần gửi trong hôm nay');
  });

  it('computes periods and levels from Vietnam days', () => {
    expect(periodOf('week', '2026-11-29')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(periodOf('month', '2026-02-10')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(isMonthEnd('2026-11-27')).toBe(false);
    expect(isMonthEnd('2026-11-28')).toBe(true);
    const row = { technicianId: testUuid(), displayName: 'x', lastContactAt: null, pendingRecords: 0, pendingPhotos: 1, oldestPendingAt: null };
    expect(backlogLevel(row, 0, false)).toBe('pending');
    expect(backlogLevel({ ...row, pendingPhotos: 0 }, 0, true)).toBe('ok');
  });
});
