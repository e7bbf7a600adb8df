import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Roadmap, RoadmapCommuneList, RoadmapProposal, type RoadmapConfirmRequest } from '../../src/domain/campaign/roadmap';
import { changeLanguage } from '../../src/i18n';
import { consoleEn } from '../../src/i18n/console/en';
import { RoadmapPage } from '../../src/features/console/roadmap/RoadmapPage';
import { checkDays, confirmRequestOf, type DayRow } from '../../src/features/console/roadmap/planDays';
import { checkPlanForm } from '../../src/features/console/roadmap/planForm';
import { nextWorkingDay, sundaysOff, vietnamDayOff, type DayOffCheck } from '../../src/features/console/roadmap/workingDays';
import { makeMe, testUuid } from './support/fixtures';
import { FakeClock, fakePlatform } from './support/fakePlatform';
import { fakeServer, problemAnswer, renderConsole } from './support/consoleHarness';
import { untranslatedTexts } from './support/untranslated';

afterEach(cleanup);

const supervisor = makeMe({ role: 'supervisor', username: 'supervisor1' });
const ky = { id: testUuid(), username: 'tech1', displayName: 'Lê Văn Kỹ', teamId: supervisor.teamId };
const thu = { id: testUuid(), username: 'tech2', displayName: 'Trần Thị Thu', teamId: supervisor.teamId };
const orders = Array.from({ length: 6 }, () => testUuid());

/** 1 January and Tết (17–21 February 2026) stand in for the domain's table. */
const holidays: Record<string, string> = {
  '2026-01-01': 'Tết Dương lịch',
  '2026-02-17': 'Tết Nguyên đán',
  '2026-02-18': 'Tết Nguyên đán',
};
const withHolidays: DayOffCheck = (day) => (holidays[day] !== undefined ? { reason: 'holiday', holiday: holidays[day] } : sundaysOff(day));

function row(key: string, date: string, technicianId: string, orderIds = [testUuid()]): DayRow {
  return { key, date, technicianId, hamlets: ['Thôn 1'], orderIds };
}

describe('roadmap: the default start and the checks before confirming', () => {
  it('starts on the next working day: Saturday → Monday, and over a holiday', () => {
    expect(nextWorkingDay('2026-11-24', sundaysOff)).toBe('2026-11-25');
    expect(nextWorkingDay('2026-11-28', sundaysOff)).toBe('2026-11-30');
    expect(nextWorkingDay('2025-12-31', withHolidays)).toBe('2026-01-02');
    expect(nextWorkingDay('2026-02-16', withHolidays)).toBe('2026-02-19');
  });

  it('skips Tết and a Sunday with the domain’s holiday table, and names the holiday', () => {
    // Saturday 14/02/2026: Sunday 15, Tết 16–20 February, so Saturday 21.
    expect(nextWorkingDay('2026-02-14', vietnamDayOff)).toBe('2026-02-21');
    expect(vietnamDayOff('2026-09-02')).toEqual({ reason: 'holiday', holiday: 'Quốc khánh' });
    expect(vietnamDayOff('2026-11-29')).toEqual({ reason: 'sunday' });
    expect(vietnamDayOff('2026-11-30')).toBeNull();
  });

  it('blocks a past day, two rows of one technician on one day, a technician not chosen, and a missing date', () => {
    const rows = [
      row('0', '2026-11-23', ky.id),
      row('1', '2026-11-25', ky.id),
      row('2', '2026-11-25', ky.id),
      row('3', '2026-11-25', thu.id),
      row('4', '2026-11-26', testUuid()),
      row('5', '', thu.id),
    ];
    const check = checkDays(rows, '2026-11-24', [ky.id, thu.id], sundaysOff);
    expect(check.blocked).toBe(true);
    expect(rows.map((r) => check.byKey.get(r.key)?.problems)).toEqual([['past'], ['duplicate'], ['duplicate'], [], ['technician'], ['invalidDate']]);
  });

  it('only warns about a Sunday or a holiday, and today is allowed', () => {
    const rows = [row('0', '2026-11-24', ky.id), row('1', '2026-11-29', ky.id), row('2', '2026-02-17', thu.id)];
    const check = checkDays(rows, '2026-01-05', [ky.id, thu.id], withHolidays);
    expect(check.blocked).toBe(false);
    expect(rows.map((r) => check.byKey.get(r.key)?.dayOff)).toEqual([null, { reason: 'sunday' }, { reason: 'holiday', holiday: 'Tết Nguyên đán' }]);
  });

  it('sends the days by date, without the screen’s keys', () => {
    const request = confirmRequestOf('Hoằng Đạo', 10, [
      row('0', '2026-11-27', ky.id, [orders[0] ?? '']),
      row('1', '2026-11-25', thu.id, [orders[1] ?? '']),
    ]);
    expect(request).toEqual({
      commune: 'Hoằng Đạo',
      capacityPerDay: 10,
      days: [
        { date: '2026-11-25', technicianId: thu.id, hamlets: ['Thôn 1'], orderIds: [orders[1]] },
        { date: '2026-11-27', technicianId: ky.id, hamlets: ['Thôn 1'], orderIds: [orders[0]] },
      ],
    });
  });

  it('checks the plan form: a technician, a capacity of 1–100, a start from today', () => {
    expect(checkPlanForm({ technicianIds: [], capacity: '0', startDate: '2026-11-23' }, '2026-11-24')).toEqual({
      technicianIds: 'technicians',
      capacity: 'capacity',
      startDate: 'startPast',
    });
    expect(checkPlanForm({ technicianIds: [ky.id], capacity: '101', startDate: '' }, '2026-11-24')).toEqual({
      capacity: 'capacity',
      startDate: 'startDate',
    });
    expect(checkPlanForm({ technicianIds: [ky.id], capacity: '2.5', startDate: '2026-11-24' }, '2026-11-24')).toEqual({ capacity: 'capacity' });
    expect(checkPlanForm({ technicianIds: [ky.id], capacity: '100', startDate: '2026-11-24' }, '2026-11-24')).toEqual({});
  });
});

const communes = RoadmapCommuneList.parse({
  communes: [
    { commune: 'Hoằng Đạo', province: 'Thanh Hóa', total: 8, plannable: 6, planned: 0, done: 1, hamlets: 2, confirmedAt: null },
    {
      commune: 'Hoằng Phong',
      province: 'Thanh Hóa',
      total: 3,
      plannable: 0,
      planned: 0,
      done: 3,
      hamlets: 1,
      confirmedAt: '2026-11-20T02:00:00.000Z',
    },
  ],
});

function hamlet(name: string, overrides: object = {}) {
  return { name, total: 0, plannable: 0, inHand: 0, failed: 0, cancelled: 0, unplanned: 0, firstDate: null, lastDate: null, ...overrides };
}

const before = Roadmap.parse({
  commune: 'Hoằng Đạo',
  province: 'Thanh Hóa',
  hamlets: [
    hamlet('Thôn 1', { total: 5, plannable: 4, inHand: 1, unplanned: 4 }),
    hamlet('khác', { total: 3, plannable: 2, failed: 1, unplanned: 2 }),
  ],
  days: [],
  confirmedAt: null,
  confirmedBy: null,
  capacityPerDay: null,
});

const after = Roadmap.parse({
  ...before,
  hamlets: [
    hamlet('Thôn 1', { total: 5, plannable: 4, inHand: 1, firstDate: '2026-11-25', lastDate: '2026-11-26' }),
    hamlet('khác', { total: 3, plannable: 2, failed: 1, firstDate: '2026-11-28', lastDate: '2026-11-28' }),
  ],
  confirmedAt: '2026-11-24T03:00:00.000Z',
  confirmedBy: 'Tổ trưởng Một',
  capacityPerDay: 2,
});

const phongRoadmap = Roadmap.parse({
  ...before,
  commune: 'Hoằng Phong',
  hamlets: [hamlet('Thôn Đông', { total: 3, inHand: 3 })],
});

const proposal = RoadmapProposal.parse({
  commune: 'Hoằng Đạo',
  startDate: '2026-11-25',
  capacityPerDay: 2,
  technicianIds: [ky.id, thu.id],
  days: [
    { date: '2026-11-25', technicianId: ky.id, hamlets: ['Thôn 1'], orderIds: orders.slice(0, 2) },
    { date: '2026-11-25', technicianId: thu.id, hamlets: ['Thôn 1'], orderIds: orders.slice(2, 4) },
    { date: '2026-11-26', technicianId: ky.id, hamlets: ['khác'], orderIds: orders.slice(4, 6) },
  ],
  hamlets: [
    { name: 'Thôn 1', count: 4, firstDate: '2026-11-25', lastDate: '2026-11-25' },
    { name: 'khác', count: 2, firstDate: '2026-11-26', lastDate: '2026-11-26' },
  ],
  skippedDays: [{ date: '2026-11-29', reason: 'sunday' }],
  endDate: '2026-11-26',
});

function roadmapServer(confirmAnswer: () => ReturnType<typeof problemAnswer> | null = () => null) {
  let confirmed = false;
  const server = fakeServer({
    'GET /roadmaps/communes': () => ({ body: communes }),
    'GET /roadmaps': ({ query }) => (query.get('commune') === 'Hoằng Phong' ? { body: phongRoadmap } : { body: confirmed ? after : before }),
    'GET /technicians': () => ({ body: { items: [ky, thu] } }),
    'POST /roadmaps/proposals': () => ({ body: proposal }),
    'PUT /roadmaps': () => {
      const problem = confirmAnswer();
      if (problem !== null) return problem;
      confirmed = true;
      return { body: after };
    },
  });
  return server;
}

async function openHoangDao(server: ReturnType<typeof roadmapServer>, platform = fakePlatform()) {
  await renderConsole(<RoadmapPage me={supervisor} />, { transport: server.transport, platform });
  fireEvent.click(await screen.findByRole('button', { name: /Hoằng Đạo/ }));
  return screen.findByRole('table', { name: 'Công việc theo thôn / tổ / ấp / khóm của Hoằng Đạo' });
}

async function propose(technicians: string[], capacity: string) {
  const form = screen.getByRole('form', { name: 'Lập lộ trình' });
  for (const name of technicians) fireEvent.click(await within(form).findByRole('checkbox', { name: new RegExp(name) }));
  fireEvent.change(within(form).getByLabelText('Số công việc / nhân viên / ngày'), { target: { value: capacity } });
  fireEvent.click(within(form).getByRole('button', { name: 'Đề xuất' }));
  return screen.findByRole('table', { name: 'Lịch theo ngày' });
}

function cellsOf(table: HTMLElement) {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) =>
      within(r)
        .queryAllByRole('cell')
        .map((c) => c.textContent),
    );
}

describe('console roadmap screen', () => {
  it('lists the communes with their counts and confirmation, and a commune’s hamlets with counts', async () => {
    const server = roadmapServer();
    const table = await openHoangDao(server);
    expect(screen.getByRole('button', { name: /Hoằng Phong/ }).textContent).toContain('Đã xác nhận 20/11/2026');
    expect(screen.getByRole('button', { name: /Hoằng Đạo/ }).textContent).toContain('8 công việc · 6 chưa làm · 0 đã có ngày · 1 đã xong · 2 thôn');
    expect(cellsOf(table)).toEqual([
      ['5', '4', '1', '0', '0', '4', '—'],
      ['3', '2', '0', '1', '0', '2', '—'],
    ]);
    expect(server.requests('GET', '/roadmaps')[0]?.query.get('commune')).toBe('Hoằng Đạo');
    // No confirmed plan yet: no letter to download.
    expect(screen.queryByRole('link', { name: 'Tải công văn (PDF)' })).toBeNull();
    // The reader is taken to the commune picked.
    expect(document.activeElement).toBe(screen.getByRole('heading', { name: 'Hoằng Đạo' }));
  });

  it('starts the plan on the next working day from the app’s clock', async () => {
    // Saturday 28/11/2026, 22:00 in Vietnam: the next working day is Monday 30/11.
    const platform = { ...fakePlatform(), clock: new FakeClock(Date.parse('2026-11-28T15:00:00Z')) };
    await openHoangDao(roadmapServer(), platform);
    expect(screen.getByLabelText<HTMLInputElement>('Ngày bắt đầu').value).toBe('30/11/2026');
    expect(screen.getByText(/Bắt đầu Thứ Hai 30\/11\/2026\./)).toBeTruthy();
    expect(screen.getByLabelText<HTMLInputElement>('Số công việc / nhân viên / ngày').value).toBe('15');
  });

  it('says what is missing before proposing, and sends nothing', async () => {
    const server = roadmapServer();
    await openHoangDao(server);
    const form = screen.getByRole('form', { name: 'Lập lộ trình' });
    fireEvent.change(within(form).getByLabelText('Số công việc / nhân viên / ngày'), { target: { value: '0' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Đề xuất' }));
    expect((await within(form).findAllByRole('alert')).map((a) => a.textContent)).toEqual([
      'Chọn ít nhất một nhân viên.',
      'Nhập một số nguyên từ 1 đến 100.',
    ]);
    expect(server.requests('POST', '/roadmaps/proposals')).toHaveLength(0);
  });

  it('proposes, lets the supervisor move a day, blocks two rows on one technician’s day, warns on a Sunday, then confirms', async () => {
    const server = roadmapServer();
    await openHoangDao(server);
    const days = await propose(['Lê Văn Kỹ', 'Trần Thị Thu'], '2');
    expect(server.requests('POST', '/roadmaps/proposals')[0]?.body).toEqual({
      commune: 'Hoằng Đạo',
      technicianIds: [ky.id, thu.id],
      capacityPerDay: 2,
      startDate: '2026-11-25',
    });
    expect(cellsOf(days).map((cells) => cells.slice(1))).toEqual([
      ['Thứ Tư 25/11/2026', 'Lê Văn KỹTrần Thị Thu', 'Thôn 1', '2'],
      ['Thứ Tư 25/11/2026', 'Lê Văn KỹTrần Thị Thu', 'Thôn 1', '2'],
      ['Thứ Năm 26/11/2026', 'Lê Văn KỹTrần Thị Thu', 'khác', '2'],
    ]);
    expect(screen.getByText('Chủ nhật 29/11/2026').tagName).toBe('LI');
    expect(screen.getByText(/6 công việc, 2 ngày làm việc, từ 25\/11\/2026 đến 26\/11\/2026/)).toBeTruthy();

    // Row 3 moves to Thu's Wednesday: she would have two rows that day.
    fireEvent.change(screen.getByLabelText('Ngày của dòng 3'), { target: { value: '2026-11-25' } });
    fireEvent.change(screen.getByLabelText('Nhân viên của dòng 3'), { target: { value: thu.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Xác nhận lộ trình' }));
    const block = await screen.findByRole('alert');
    expect(block.textContent).toContain('Trần Thị Thu có hai dòng cùng ngày 25/11/2026. Đổi ngày hoặc nhân viên của một trong hai dòng.');
    expect(server.requests('PUT', '/roadmaps')).toHaveLength(0);

    // Then onto Saturday; and row 1 onto Sunday, which only warns.
    fireEvent.change(screen.getByLabelText('Ngày của dòng 3'), { target: { value: '2026-11-28' } });
    fireEvent.change(screen.getByLabelText('Ngày của dòng 1'), { target: { value: '2026-11-29' } });
    expect(screen.getByText('Ngày 29/11/2026 là Chủ nhật. Vẫn có thể xác nhận nếu đội làm bù.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(within(days).getAllByRole('row')[3]?.textContent).toContain('Thứ Bảy 28/11/2026 · Đã sửa');
    fireEvent.click(screen.getByRole('button', { name: 'Xác nhận lộ trình' }));

    expect(await screen.findByText('Đã lên lịch 6 công việc của Hoằng Đạo.')).toBeTruthy();
    const sent = server.requests('PUT', '/roadmaps')[0]?.body as RoadmapConfirmRequest;
    expect(sent.capacityPerDay).toBe(2);
    expect(sent.days.map((d) => [d.date, d.technicianId, d.orderIds.length])).toEqual([
      ['2026-11-25', thu.id, 2],
      ['2026-11-28', thu.id, 2],
      ['2026-11-29', ky.id, 2],
    ]);
    const table = screen.getByRole('table', { name: 'Công việc theo thôn / tổ / ấp / khóm của Hoằng Đạo' });
    await waitFor(() => expect(cellsOf(table).map((cells) => cells.at(-1))).toEqual(['25/11/2026 – 26/11/2026', '28/11/2026']));
    expect(screen.getByText(/Lộ trình xác nhận lúc 10:00 24\/11\/2026 bởi Tổ trưởng Một, 2 công việc/)).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Lịch theo ngày' })).toBeNull();
    // Once confirmed, the letter to the commune's People's Committee can be downloaded, as PDF and as Word.
    const letter = screen.getByRole('group', { name: 'Công văn gửi UBND' });
    expect(within(letter).getByRole('link', { name: 'Tải công văn (PDF)' }).getAttribute('href')).toBe(
      `/api/v1/roadmaps/letter.pdf?commune=${encodeURIComponent('Hoằng Đạo')}`,
    );
    expect(within(letter).getByRole('link', { name: 'Tải công văn (Word)' }).getAttribute('href')).toBe(
      `/api/v1/roadmaps/letter.docx?commune=${encodeURIComponent('Hoằng Đạo')}`,
    );
    // The picker's counts were asked again.
    expect(server.requests('GET', '/roadmaps/communes').length).toBeGreaterThan(1);
  });

  it('shows only Vietnamese (issue 18 §4): the communes, a proposal with a Sunday moved onto, the confirmed plan and its letter', async () => {
    const server = roadmapServer();
    await openHoangDao(server);
    expect(untranslatedTexts(document.body)).toEqual([]);
    await propose(['Lê Văn Kỹ'], '2');
    fireEvent.change(screen.getByLabelText('Ngày của dòng 1'), { target: { value: '2026-11-29' } });
    expect(untranslatedTexts(document.body)).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Xác nhận lộ trình' }));
    await screen.findByRole('group', { name: 'Công văn gửi UBND' });
    expect(untranslatedTexts(document.body)).toEqual([]);
  });

  it('shows a refused confirmation in Vietnamese beside the button, marks the rows it names, and keeps the adjusted rows', async () => {
    // Row 1 moves to Friday: sent by date, it is the request's third day (days.2).
    const server = roadmapServer(() =>
      problemAnswer(409, 'ROADMAP_STALE', { errors: [{ path: 'days.2.orderIds.1', code: 'not_plannable', message: 'Started.' }] }),
    );
    await openHoangDao(server);
    await propose(['Lê Văn Kỹ', 'Trần Thị Thu'], '2');
    fireEvent.change(screen.getByLabelText('Ngày của dòng 1'), { target: { value: '2026-11-27' } });
    fireEvent.change(screen.getByLabelText('Nhân viên của dòng 3'), { target: { value: thu.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Xác nhận lộ trình' }));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Có phiếu hoặc thợ trong lộ trình đã thay đổi');
    expect(screen.getByRole('region', { name: 'Lộ trình đề xuất' }).contains(alert)).toBe(true);
    expect(screen.getByText('Máy chủ từ chối dòng 1: xem thông báo lỗi phía dưới.')).toBeTruthy();
    expect(['1', '2', '3'].map((n) => screen.getByLabelText(`Ngày của dòng ${n}`).getAttribute('aria-invalid'))).toEqual(['true', 'false', 'false']);
    expect((server.requests('PUT', '/roadmaps')[0]?.body as RoadmapConfirmRequest).days[2]?.date).toBe('2026-11-27');
    expect(screen.getByLabelText<HTMLInputElement>('Ngày của dòng 1').value).toBe('2026-11-27');
    expect(screen.getByLabelText<HTMLSelectElement>('Nhân viên của dòng 3').value).toBe(thu.id);
    expect(screen.getByLabelText<HTMLInputElement>('Số công việc / nhân viên / ngày').value).toBe('2');
    expect(screen.queryByText(/Đã lên lịch/)).toBeNull();
  });

  it('speaks English when asked, dates still dd/MM/yyyy', async () => {
    const { i18n } = await renderConsole(<RoadmapPage me={supervisor} />, { transport: roadmapServer().transport });
    // The harness's instances share the Vietnamese catalogue object, so after the first test useConsoleMessages finds
    // the console texts already there and adds no English ones: add them as it does on a fresh start.
    i18n.addResourceBundle('en', 'translation', { console: consoleEn }, true, false);
    await act(() => changeLanguage(i18n, 'en'));
    fireEvent.click(await screen.findByRole('button', { name: /Hoằng Đạo/ }));
    expect(screen.getByRole('heading', { name: 'Roadmap', level: 1 })).toBeTruthy();
    expect(screen.getByRole('button', { name: /Hoằng Phong/ }).textContent).toContain('Confirmed 20/11/2026');
    expect(await screen.findByRole('table', { name: 'Work orders by hamlet in Hoằng Đạo' })).toBeTruthy();
    expect(screen.getByRole('form', { name: 'Plan the roadmap' })).toBeTruthy();
    expect(screen.getByText(/Starts Wednesday 25\/11\/2026\./)).toBeTruthy();
  });

  it('says when a commune has nothing left to plan, and offers no form', async () => {
    await renderConsole(<RoadmapPage me={supervisor} />, { transport: roadmapServer().transport });
    fireEvent.click(await screen.findByRole('button', { name: /Hoằng Phong/ }));
    expect(await screen.findByText('Xã này không còn công việc nào chưa làm để lập lộ trình.')).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Lập lộ trình' })).toBeNull();
  });

  it('explains a connection failure and retries', async () => {
    let online = false;
    const server = roadmapServer();
    const transport: typeof server.transport = (input, init) =>
      online ? server.transport(input, init) : Promise.reject(new TypeError('Failed to fetch'));
    await renderConsole(<RoadmapPage me={supervisor} />, { transport });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Chưa có kết nối mạng');
    online = true;
    fireEvent.click(within(alert).getByRole('button', { name: 'Thử lại' }));
    expect(await screen.findByRole('button', { name: /Hoằng Đạo/ })).toBeTruthy();
  });
});
