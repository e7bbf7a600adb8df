import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { useEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cashlessFigures, CashlessReport } from '../../src/domain/console/cashless';
import { ProgressReport, SyncBacklogReport } from '../../src/domain/console/reports';
import { ReviewRecordView } from '../../src/domain/console/reviews';
import { CashlessPage } from '../../src/features/console/cashless/CashlessPage';
import { DashboardPage } from '../../src/features/console/dashboard/DashboardPage';
import { MapPage } from '../../src/features/console/map/MapPage';
import { NoticesPage } from '../../src/features/console/notices/NoticesPage';
import { UserView } from '../../src/domain/users/users';
import type { ImportRowError } from '../../src/domain/workOrder/imports';
import { ImportPage } from '../../src/features/console/import/ImportPage';
import { ReviewsPage } from '../../src/features/console/reviews/ReviewsPage';
import { UsersPage } from '../../src/features/console/users/UsersPage';
import { StockPage } from '../../src/features/console/stock/StockPage';
import { MyStockPage } from '../../src/features/technician/stock/MyStockPage';
import { CapturePage } from '../../src/features/technician/capture/CapturePage';
import type { CaptureDevices } from '../../src/features/technician/capture/CaptureDevices';
import { startVisit } from '../../src/local/capture';
import { WorkOrderDetailPage } from '../../src/features/technician/workOrders/WorkOrderDetailPage';
import { WorkOrderListPage } from '../../src/features/technician/workOrders/WorkOrderListPage';
import { applyPull, openUserDatabase, type RecordRow, type UserDatabase } from '../../src/local';
import { fixNear, SITE } from './support/captureFixtures';
import { fakePlatform } from './support/fakePlatform';
import { makeMe, makeWorkOrder, page, testUuid, upsert } from './support/fixtures';
import { renderPage } from './support/render';
import { completionChange, completionView, returnedReview, reviewChange, sentArgs } from './support/returnFixtures';
import { fakeServer, problemAnswer, renderConsole } from './support/consoleHarness';
import { englishOnlyTexts, serverTextsOf, untranslatedTexts } from './support/untranslated';

// Leaflet needs a laid-out page, which jsdom is not: the map's own canvas (tiles and markers, data not words) is left
// out, and it reports the whole country in view, so the list beside it, the legend and the panels render for real.
vi.mock('../../src/features/console/map/MapView', () => ({
  MapView({ onBounds }: { onBounds: (bounds: readonly [number, number, number, number]) => void }) {
    useEffect(() => onBounds([102, 8, 110, 24]), [onBounds]);
    return <div data-testid="map-canvas" />;
  },
}));

/**
 * Issue 18 §4: every screen in Vietnamese shows Vietnamese. Each screen is rendered with realistic server answers,
 * English `detail`s and `message`s and stable codes included, and may show none of them, nor a text only the
 * English catalogue has, nor anything that looks like a raw code or an i18n key.
 */
const opened: UserDatabase[] = [];
afterEach(async () => {
  cleanup();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

const supervisor = makeMe({ role: 'supervisor', username: 'supervisor1' });
const admin = makeMe({ role: 'admin', username: 'admin', teamId: null, teamName: null });
const photo = (n: number) => n.toString(16).padStart(64, 'a');

function expectVietnamese(serverTexts: readonly string[] = []) {
  expect(untranslatedTexts(document.body, serverTexts)).toEqual([]);
}

/** Row errors exactly as the server's import writes them (server/services/import): English message, code, params. */
const rowErrors: ImportRowError[] = [
  { line: 1, column: 'planned_date', code: 'missing_column', message: 'The header has no customer_code or MA_KHANG column; it is required.' },
  {
    line: 3,
    column: 'DTHOAI',
    code: 'invalid_phone',
    message: '"012345" is not a Vietnamese mobile number (10 digits starting 03, 05, 07, 08 or 09).',
    params: { value: '012345' },
  },
  { line: 3, column: 'SO_CTO', code: 'required', message: 'This value is required.' },
  {
    line: 4,
    column: 'VI_DO',
    code: 'out_of_range',
    message: 'Latitude in Vietnam must be between 7 and 24.',
    params: { value: '48,2', min: 7, max: 24 },
  },
  { line: 5, column: 'TEN_KHANG', code: 'too_long', message: 'At most 200 characters (this has 240).', params: { max: 200, length: 240 } },
  { line: 6, column: 'MA_YCAU_KNAI', code: 'duplicate_code', message: 'Code WO-1 is already on line 2.', params: { value: 'WO-1', firstLine: 2 } },
  {
    line: 7,
    column: 'MA_YCAU_KNAI',
    code: 'not_updatable',
    message: 'Work order WO-9 is completed; only unassigned or assigned work can be updated.',
    params: { value: 'WO-9', status: 'completed' },
  },
  { line: 8, code: 'column_count', message: 'This line has 3 columns; the header has 19.', params: { cells: 3, width: 19 } },
  {
    line: 9,
    column: 'NGAY_KH',
    code: 'invalid_date',
    message: '"31/02/2026" is not a date (yyyy-MM-dd or dd/MM/yyyy).',
    params: { value: '31/02/2026' },
  },
  // A server from before `params`: its English message must not show either.
  { line: 10, column: 'SO_PHA', code: 'invalid_phases', message: '"2" is not a number of phases (1 or 3).' },
];

function reviewRecord(flags: string[], withCompletion = true): ReviewRecordView {
  const wo = makeWorkOrder({ status: 'completed', oldMeterSerial: '00123456', lastBilledReading: 1234.5, customerName: 'Nguyễn Văn Đức' });
  const completionId = testUuid();
  const item = (code: string) => ({
    id: testUuid(),
    workOrderId: wo.id,
    completionId: withCompletion ? completionId : null,
    code,
    // What server/services/mutations/swapComplete.ts writes.
    detail:
      code === 'COMPLETION'
        ? 'First submission.'
        : code === 'COMMISSIONING_MISMATCH'
          ? "First remote reading 4321.5 (read 2026-11-24T05:00:00.000Z) disagrees with the installed meter's initial index 0.5 (implausible_consumption)."
          : `Serial EV2600001 is already installed on another work order (${code}).`,
    status: 'open',
    createdAt: '2026-11-24T02:00:00.000Z',
    technicianName: 'Lê Văn Kỹ',
  });
  return ReviewRecordView.parse({
    key: wo.id,
    workOrderId: wo.id,
    status: 'open',
    createdAt: '2026-11-24T02:00:00.000Z',
    note: null,
    resolvedBy: null,
    resolvedAt: null,
    workOrder: wo,
    technicianName: 'Lê Văn Kỹ',
    gpsDistanceM: 420,
    items: [...flags.map(item), item('COMPLETION')],
    serialHeldBy: [],
    completion: withCompletion
      ? {
          completionId,
          id: completionId,
          workOrderId: wo.id,
          baseVersion: 1,
          technicianId: testUuid(),
          primary: true,
          mediaStatus: 'partial',
          receivedAt: '2026-11-24T02:00:00.000Z',
          flags: [...flags, 'gps_far_from_site', 'removed_registers_sum_mismatch'],
          removed: { serial: '99988877', serialMatches: false, readings: { total: 1300 }, sealCondition: 'broken', photoIds: [photo(1)] },
          installed: { serial: 'EV2600001', readings: { total: 0.5 }, seals: [{ code: 'TH-123', beads: 2 }], photoIds: [photo(2)] },
          gps: { lat: 19.8, lng: 105.8, accuracyM: 8, at: '2026-11-24T01:50:00.000Z' },
          handover: {
            signerName: 'Nguyễn Văn Đức',
            signerRole: 'customer',
            signaturePhotoId: photo(3),
            cashless: { currentMethod: 'cash', enrolledMethod: 'e_wallet', provider: 'MoMo', consent: true },
          },
          completedAt: '2026-11-24T01:55:00.000Z',
          commissioning: flags.includes('COMMISSIONING_MISMATCH')
            ? {
                state: 'mismatch',
                firstReadAt: '2026-11-24T05:00:00.000Z',
                firstReadTotal: 4321.5,
                reason: 'implausible_consumption',
                commType: 'rf_mesh',
              }
            : { state: 'awaiting', firstReadAt: null, firstReadTotal: null, reason: null, commType: null },
        }
      : null,
  });
}

describe('the English-only texts the screens are checked against', () => {
  it('hold the English sentences and none of the Vietnamese ones', () => {
    const english = englishOnlyTexts();
    expect(english).toContain('Sign out');
    expect(english).toContain('is not a Vietnamese mobile number');
    expect(english).not.toContain('Đăng xuất');
    expect(english).not.toContain('SMS');
  });

  it('find an English text, a server sentence and a raw code in a Vietnamese page', () => {
    document.body.innerHTML =
      '<p>Sign out</p><p>First submission.</p><p>Cảnh báo: SERIAL_ALREADY_INSTALLED</p><p>console.reviews.flags.x</p><p class="mono">SO_CTO</p>';
    expect(untranslatedTexts(document.body, ['First submission.']).map((f) => f.text)).toEqual([
      'Sign out',
      'First submission.',
      'Cảnh báo: SERIAL_ALREADY_INSTALLED',
      'console.reviews.flags.x',
    ]);
    document.body.innerHTML = '';
  });
});

describe('console screens in Vietnamese', () => {
  it('import: the row errors say what is wrong in Vietnamese, the English messages stay on the wire', async () => {
    const refusal = problemAnswer(422, 'IMPORT_INVALID', {
      detail: `The file has ${rowErrors.length} error(s); nothing was imported.`,
      errors: rowErrors.map((e) => ({ path: `line ${e.line}.${e.column ?? ''}`, ...e })),
    });
    const server = fakeServer({ 'POST /work-orders/import': () => refusal });
    await renderConsole(<ImportPage me={supervisor} />, { transport: server.transport });
    const input = document.querySelector<HTMLInputElement>('input[type="file"]');
    fireEvent.change(input!, { target: { files: [new File(['x;y\n1;2\n'], 'cmis.csv', { type: 'text/csv' })] } });
    await screen.findByText(`Tệp có ${rowErrors.length} lỗi. Chưa nhập dòng nào.`);

    expectVietnamese(serverTextsOf(refusal.body));
    expect(screen.getByText('"012345" không phải số di động Việt Nam.')).toBeTruthy();
    expect(screen.getByText('Công việc WO-9 đang ở trạng thái "Hoàn thành".')).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Theo loại lỗi'));
    expectVietnamese(serverTextsOf(refusal.body));
  });

  it('reviews: a flagged record and a record without its completion', async () => {
    const records = [reviewRecord(['SERIAL_ALREADY_INSTALLED', 'METER_SERIAL_MISMATCH', 'COMMISSIONING_MISMATCH']), reviewRecord([], false)];
    const body = { items: records, nextCursor: null, openCount: records.length };
    const server = fakeServer({ 'GET /reviews/records': ({ query }) => ({ body: query.get('status') === 'open' ? body : { ...body, items: [] } }) });
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    await screen.findByRole('article');
    await waitFor(() => expect(screen.getAllByText('Nguyễn Văn Đức').length).toBeGreaterThan(1));
    expectVietnamese(serverTextsOf(body));
    expect(screen.getByTestId('review-commissioning').textContent).toMatch(/^Đo xa sai lệch: chỉ số 4\.321,5/);
    expect(screen.getByText(/Hệ thống đo xa đọc công tơ EV2600001 được 4\.321,5 kWh/)).toBeTruthy();

    const list = screen.getByRole('list', { name: 'Danh sách cần đối soát' });
    const second = within(list).getAllByRole('button').at(-1);
    if (second === undefined) throw new Error('no second record in the list');
    fireEvent.click(second);
    // The record without a completion has no flags: once its flags section is gone, it is the one shown.
    await waitFor(() => expect(screen.queryByText(/^Cảnh báo \(/)).toBeNull());
    expectVietnamese(serverTextsOf(body));
    expect(screen.getByText('Mục này không kèm biên bản.')).toBeTruthy();
  });

  it("progress: figures, failure reasons, the technicians' backlog and the export", async () => {
    const platform = fakePlatform();
    const now = platform.clock.now();
    const figures = {
      planned: 40,
      completed: 25,
      approved: 20,
      returned: 1,
      failed: 5,
      remaining: 10,
      firstVisitSuccessRate: 0.8,
      awaitingPhotos: 2,
      failureReasons: { KV01: 4, KV07: 1 },
      cashlessBefore: 10,
      cashlessEnrolled: 5,
    };
    const report = ProgressReport.parse({
      groupBy: 'commune',
      generatedAt: new Date(now).toISOString(),
      rows: [{ key: 'Hoằng Hóa', label: 'Hoằng Hóa', ...figures }],
      totals: figures,
    });
    const backlog = SyncBacklogReport.parse({
      items: [
        {
          technicianId: testUuid(),
          displayName: 'Lê Văn Kỹ',
          lastContactAt: new Date(now - 3 * 3_600_000).toISOString(),
          pendingRecords: 2,
          pendingPhotos: 5,
          oldestPendingAt: new Date(now - 30 * 3_600_000).toISOString(),
        },
      ],
    });
    const server = fakeServer({
      'GET /reports/progress': ({ query }) => ({
        body: { ...report, groupBy: query.get('groupBy') ?? 'commune', rows: query.get('groupBy') === 'day' ? [] : report.rows },
      }),
      'GET /reports/sync-backlog': () => ({ body: backlog }),
      'GET /reports/commissioning': ({ query }) => {
        const row = (key: string, label: string) => ({
          key,
          label,
          installed: 12,
          within24h: 8,
          within48h: 9,
          confirmed: 9,
          mismatched: 1,
          overdue: 1,
          awaiting: 1,
          medianHoursToFirstRead: 3.5,
        });
        return {
          body: {
            groupBy: query.get('groupBy') ?? 'commune',
            rows: [row('rf_mesh', 'RF-Mesh'), row('unknown', 'unknown')],
            totals: row('total', 'Tổng'),
            unmatched: 2,
          },
        };
      },
    });
    await renderConsole(<DashboardPage me={supervisor} />, { transport: server.transport, platform });
    await screen.findByRole('table', { name: /Tiến độ theo xã/ });
    await screen.findByText('Lê Văn Kỹ');
    await screen.findByText('Đo xa thấy 2 công tơ chưa có biên bản: kiểm tra số công tơ đã ghi.');
    expect(screen.getAllByText('3,5 giờ').length).toBeGreaterThan(0);
    expectVietnamese();
  });

  it('messages: the queue with a failure the gateway explained in English, and the households no message reaches', async () => {
    const notice = (status: string, lastError: string | null, attempts: number) => ({
      messageId: testUuid(),
      status,
      template: 'visit_notice',
      channel: 'zalo',
      to: '0912345678',
      customerCode: 'PA07HH4086429',
      workOrderId: testUuid(),
      createdAt: '2026-11-24T02:00:00.000Z',
      sentAt: null,
      deliveredAt: null,
      attempts,
      lastError,
    });
    const overview = {
      counts: { queued: 1, sending: 0, sent: 0, delivered: 0, failed: 1, skipped: 1 },
      gateway: true,
      items: [notice('failed', 'HTTP 503: upstream timed out', 5), notice('skipped', 'opted out', 0), notice('queued', null, 0)],
      invalidPhones: {
        total: 1,
        items: [
          {
            workOrderId: testUuid(),
            code: 'TT-1',
            customerCode: 'PA07HH0000001',
            customerName: 'Ngô Văn Tư',
            phone: '012345',
            commune: 'Hoằng Hóa',
            plannedDate: null,
          },
        ],
      },
    };
    const server = fakeServer({ 'GET /notices': () => ({ body: overview }) });
    await renderConsole(<NoticesPage me={supervisor} />, { transport: server.transport });
    await screen.findByText('Ngô Văn Tư');
    await screen.findByText('HTTP 503: upstream timed out');
    expectVietnamese();
  });

  it('map: the markers, the list beside them, a selection with the technician picker and its load', async () => {
    const ids = [testUuid(), testUuid(), testUuid()];
    const tech = { id: testUuid(), username: 'tech1', displayName: 'Nguyễn Văn Hùng', teamId: supervisor.teamId };
    const points = {
      ids,
      codes: ['TT-0001', 'TT-0002', 'TT-0003'],
      lat: [19.8, 19.801, 19.802],
      lng: [105.77, 105.771, 105.772],
      status: ['unassigned', 'assigned', 'failed_visit'],
      assigneeIds: [null, tech.id, tech.id],
      communes: ['Hoằng Đạo', 'Hoằng Đạo', 'Hoằng Phong'],
      plannedDates: ['2026-12-08', '2026-12-08', null],
    };
    const server = fakeServer({
      'GET /work-orders/map': () => ({ body: points }),
      'GET /work-orders': () => ({
        body: {
          items: ids.map((id, i) => makeWorkOrder({ id, code: points.codes[i], customerName: `Khách ${i + 1}`, commune: 'Hoằng Đạo' })),
          nextCursor: null,
        },
      }),
      'GET /technicians': ({ query }) => ({ body: { items: [{ ...tech, ...(query.get('date') === null ? {} : { load: 7 }) }] } }),
      'GET /map/config': () => ({
        body: { tileUrl: 'http://tiles.invalid/{z}/{x}/{y}.png', attribution: '© OSM', bulkDownload: false, maxCachedTiles: 100 },
      }),
      'GET /reports/progress': () => ({ body: { groupBy: 'commune', generatedAt: '2026-12-07T00:00:00.000Z', rows: [], totals: null } }),
    });
    await renderConsole(<MapPage me={supervisor} />, { transport: server.transport });
    await waitFor(() => expect(server.requests('GET', '/work-orders/map')).toHaveLength(1));
    await screen.findByText(/TT-0001/);
    expectVietnamese();
    fireEvent.click(screen.getByText(/TT-0001/));
    await screen.findByRole('heading', { name: 'Đã chọn 1 công việc' });
    await waitFor(() =>
      expect([...screen.getByLabelText<HTMLSelectElement>('Giao cho').options].map((o) => o.textContent)).toContain(
        'Nguyễn Văn Hùng (tech1) · đã có 7 việc',
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Phân công' }));
    await screen.findByText('Hãy chọn kỹ thuật viên trước khi phân công.');
    expectVietnamese();
  });

  it('cashless: claimed against real per commune, before any billing file and after one', async () => {
    const figures = cashlessFigures({
      visited: 40,
      claimedBefore: 8,
      claimedEnrolled: 12,
      realBefore: 6,
      realAfter: 15,
      noDataBefore: 2,
      noDataAfter: 5,
    });
    const report = CashlessReport.parse({
      groupBy: 'commune',
      commune: null,
      latestPeriod: '2026-11',
      rows: [{ key: 'Hoằng Đạo', label: 'Hoằng Đạo', ...figures }],
      totals: figures,
    });
    const server = fakeServer({ 'GET /reports/cashless': () => ({ body: report }), 'GET /teams': () => ({ body: { items: [] } }) });
    await renderConsole(<CashlessPage me={supervisor} />, { transport: server.transport });
    await screen.findAllByText('Hoằng Đạo');
    expectVietnamese();
  });

  it('stock: the holdings, and an issue refused item by item in Vietnamese', async () => {
    const techId = testUuid();
    const summary = {
      teamId: testUuid(),
      warehouse: { meters: 1200, seals: 5000 },
      technicians: [{ technicianId: techId, name: 'Nguyễn Văn Hùng', meters: 20, seals: 50 }],
    };
    const refusal = problemAnswer(400, 'VALIDATION_FAILED', {
      detail: '2 item(s) cannot be issued; nothing was moved.',
      errors: [
        { path: 'meters.0', code: 'not_in_warehouse', message: 'DL0001 is not in the warehouse now.', params: { value: 'DL0001' } },
        {
          path: 'sealRanges.0',
          code: 'reversed_range',
          message: 'SA0050–SA0001 ends before it starts: put the smaller code first.',
          params: { from: 'SA0050', to: 'SA0001' },
        },
      ],
    });
    // The end-of-day reconciliation: one technician's figures and a difference of each kind.
    const flag = {
      technicianId: techId,
      technicianName: 'Nguyễn Văn Hùng',
      workOrderId: testUuid(),
      workOrderCode: 'PC07-0001',
      days: null,
      photoIds: [] as string[],
    };
    const reconciliation = {
      date: '2026-11-24',
      teamId: summary.teamId,
      returnDays: 3,
      from: '2026-11-23T17:00:00.000Z',
      to: '2026-11-24T17:00:00.000Z',
      technicians: [
        {
          technicianId: techId,
          name: 'Nguyễn Văn Hùng',
          ...Object.fromEntries(
            ['swaps', 'openingMeters', 'openingSeals', 'issuedMeters', 'issuedSeals', 'returnedMeters', 'returnedSeals', 'returnedRemoved']
              .concat(['installedMeters', 'sealsUsed', 'voidedMeters', 'voidedSeals', 'removedTaken', 'onHandMeters', 'onHandSeals', 'toReturn'])
              .map((k) => [k, 1]),
          ),
        },
      ],
      flags: [
        { ...flag, code: 'installed_not_issued', itemKind: 'meter', itemCode: 'DT0099', at: '2026-11-24T03:00:00.000Z' },
        { ...flag, code: 'installed_not_issued', itemKind: 'seal', itemCode: 'SA0099', at: '2026-11-24T03:00:00.000Z' },
        { ...flag, code: 'removed_no_label', itemKind: 'removed', itemCode: 'OLD0002', at: '2026-11-24T03:00:00.000Z' },
        { ...flag, code: 'removed_not_returned', itemKind: 'removed', itemCode: 'OLD0001', at: '2026-11-19T03:00:00.000Z', days: 5 },
        {
          ...flag,
          code: 'void_not_held',
          itemKind: 'seal',
          itemCode: 'SA0001',
          workOrderId: null,
          workOrderCode: null,
          at: '2026-11-24T04:00:00.000Z',
          photoIds: ['cd'.repeat(32)],
        },
      ],
    };
    const server = fakeServer({
      'GET /stock/summary': () => ({ body: summary }),
      'GET /stock/reconciliation': () => ({ body: reconciliation }),
      'POST /stock/issue': () => refusal,
    });
    await renderConsole(<StockPage me={supervisor} />, { transport: server.transport });
    await screen.findByText('Kho của đội');
    await screen.findByText('Chênh lệch cần kiểm tra: 5');
    expectVietnamese([...serverTextsOf(summary), ...serverTextsOf(reconciliation)]);
    fireEvent.change(screen.getByLabelText('Kỹ thuật viên'), { target: { value: techId } });
    fireEvent.change(screen.getByLabelText('Số công tơ'), { target: { value: 'dl0001' } });
    fireEvent.change(screen.getByLabelText('Mã niêm chì'), { target: { value: 'SA0050 - SA0001' } });
    fireEvent.click(screen.getByRole('button', { name: 'Cấp vật tư' }));
    await screen.findByText(/Có 2 mã không hợp lệ/);
    expect(server.requests('POST', '/stock/issue')[0]?.body).toMatchObject({
      technicianId: techId,
      meters: ['dl0001'],
      sealRanges: [{ from: 'SA0050', to: 'SA0001' }],
    });
    expectVietnamese(serverTextsOf(refusal.body));
  });

  it('users: the list', async () => {
    const users = [
      UserView.parse({
        id: testUuid(),
        username: 'tech1',
        displayName: 'Trần Văn Hải',
        role: 'technician',
        teamId: null,
        active: true,
        createdAt: '2026-11-01T00:00:00.000Z',
      }),
      UserView.parse({
        id: testUuid(),
        username: 'sup1',
        displayName: 'Lê Thị Lan',
        role: 'supervisor',
        teamId: null,
        active: false,
        createdAt: '2026-11-01T00:00:00.000Z',
      }),
    ];
    const server = fakeServer({
      'GET /users': () => ({ body: { items: users } }),
      'GET /teams': () => ({ body: { items: [{ id: testUuid(), name: 'Thanh Hóa', province: 'Thanh Hóa' }] } }),
      'GET /api-tokens': () => ({
        body: {
          tokens: [
            {
              id: testUuid(),
              name: 'HES Thanh Hóa',
              scope: 'hes.readings',
              createdAt: '2026-11-20T01:00:00.000Z',
              createdByName: 'Quản trị',
              lastUsedAt: null,
              revokedAt: null,
            },
            {
              id: testUuid(),
              name: 'HES cũ',
              scope: 'hes.readings',
              createdAt: '2026-11-01T01:00:00.000Z',
              createdByName: null,
              lastUsedAt: '2026-11-10T01:00:00.000Z',
              revokedAt: '2026-11-19T01:00:00.000Z',
            },
          ],
        },
      }),
    });
    await renderConsole(<UsersPage me={admin} />, { transport: server.transport });
    await screen.findByText('Trần Văn Hải');
    await screen.findByText('HES Thanh Hóa');
    expectVietnamese();
  });
});

describe('technician screens in Vietnamese', () => {
  /** A device with open work of every kind and a swap the supervisor returned (its review as the server sends it). */
  async function deviceWithWork() {
    const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => Date.parse('2026-11-24T09:00:00Z') });
    opened.push(db);
    const returned = makeWorkOrder({ ...SITE, customerName: 'Hoàng Thị Mai', status: 'returned', version: 3 });
    const others = [
      makeWorkOrder({ customerName: 'Phạm Văn Bình', status: 'assigned', plannedDate: '2026-11-20' }),
      makeWorkOrder({ customerName: 'Đỗ Thị Hạnh', status: 'in_progress' }),
      makeWorkOrder({ customerName: 'Vũ Văn Nam', status: 'failed_visit' }),
    ];
    const args = sentArgs(returned.id);
    const record: RecordRow = {
      kind: 'swap',
      id: args.completionId,
      workOrderId: returned.id,
      workOrder: returned,
      technicianName: 'Lê Văn Kỹ',
      seq: 1,
      day: '2026-11-24',
      createdAt: 1,
      args,
      recordNo: 'BB-20261124-ABCDEF12',
    };
    await db.records.add(record);
    const review = { ...returnedReview({ workOrderId: returned.id, completionId: args.completionId }), detail: 'First submission.' };
    await applyPull(db, page([upsert(returned), ...others.map((wo) => upsert(wo)), reviewChange(review)]));
    return { db, returned, review };
  }

  it('the work list and a returned work order', async () => {
    const { db, returned, review } = await deviceWithWork();
    const list = await renderPage(<WorkOrderListPage />, { db, platform: fakePlatform() });
    await screen.findByText('Hoàng Thị Mai');
    await screen.findByText('Phạm Văn Bình');
    expectVietnamese(serverTextsOf(review));
    list.unmount();

    await renderPage(<WorkOrderDetailPage />, { db, platform: fakePlatform(), path: `/work-orders/${returned.id}`, route: '/work-orders/:id' });
    await screen.findByTestId('returned-section');
    expectVietnamese(serverTextsOf(review));
  });

  it('a swapped work order: the remote-read confirmation the pull brought, and one still awaiting', async () => {
    const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => Date.parse('2026-11-24T09:00:00Z') });
    opened.push(db);
    const confirmed = makeWorkOrder({ customerName: 'Bùi Thị Thu', status: 'completed' });
    const waiting = makeWorkOrder({ customerName: 'Đặng Văn Lâm', status: 'completed' });
    const commissioning = {
      state: 'confirmed' as const,
      firstReadAt: '2026-11-24T04:30:00.000Z',
      firstReadTotal: 1.4,
      reason: null,
      commType: 'rf_mesh' as const,
    };
    await applyPull(db, page([upsert(confirmed), upsert(waiting), completionChange(completionView(sentArgs(confirmed.id), { commissioning }))]));
    const first = await renderPage(<WorkOrderDetailPage />, {
      db,
      platform: fakePlatform(),
      path: `/work-orders/${confirmed.id}`,
      route: '/work-orders/:id',
    });
    const state = await screen.findByTestId('commissioning-state');
    expect(state.dataset.state).toBe('confirmed');
    expect(state.textContent).toMatch(/^Đã xác nhận đo xa: chỉ số đầu tiên 1,4 kWh/);
    expectVietnamese();
    first.unmount();
    await renderPage(<WorkOrderDetailPage />, { db, platform: fakePlatform(), path: `/work-orders/${waiting.id}`, route: '/work-orders/:id' });
    expect((await screen.findByTestId('commissioning-state')).dataset.state).toBe('awaiting');
  });

  it('stock: the meters and seals the technician holds', async () => {
    const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
    opened.push(db);
    const base = {
      teamId: testUuid(),
      verificationNo: null,
      lot: 'LO-1',
      holder: { kind: 'technician' as const, id: testUuid(), name: 'Nguyễn Văn Hùng' },
      since: '2026-11-24T03:00:00.000Z',
    };
    const meter = {
      ...base,
      id: testUuid(),
      kind: 'meter' as const,
      code: 'DL0001',
      model: 'DDS26D-RF',
      phases: 1 as const,
      manufactureYear: 2026,
      verifiedOn: '2026-10-15',
      remoteRead: 'rf_mesh' as const,
      sealKind: null,
      pliersNumber: null,
    };
    const seals = ['SA0001', 'SA0002', 'SA0003'].map((code) => ({
      ...base,
      id: testUuid(),
      kind: 'seal' as const,
      code,
      model: null,
      phases: null,
      manufactureYear: null,
      verifiedOn: null,
      remoteRead: null,
      sealKind: 'box' as const,
      pliersNumber: 'K-07',
    }));
    await applyPull(
      db,
      page([meter, ...seals].map((data) => ({ entity: 'stockItem' as const, op: 'upsert' as const, id: data.id, version: 2, data }))),
    );
    await renderPage(<MyStockPage />, { db, platform: fakePlatform(), path: '/stock', route: '/stock' });
    await screen.findByText('Bạn đang giữ 1 công tơ và 3 niêm chì.');
    expect(screen.getByText('SA0001 – SA0003')).toBeTruthy();
    expect(screen.getByText('DDS26D-RF · 1 pha · kiểm định 15/10/2026')).toBeTruthy();
    expectVietnamese();

    // "Báo hỏng / mất": the form, and its refusal without a reason or a photo.
    fireEvent.click(screen.getByRole('button', { name: 'Báo hỏng / mất Công tơ DL0001' }));
    await screen.findByRole('heading', { name: 'Báo hỏng / mất: Công tơ DL0001' });
    fireEvent.click(screen.getByRole('button', { name: 'Ghi nhận báo hỏng / mất' }));
    await screen.findByText('Chưa có ảnh. Hãy chụp ảnh này.');
    expectVietnamese();
  });

  it("capture: a photo the device could not store says so in Vietnamese, not with the browser's English error", async () => {
    const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
    opened.push(db);
    const wo = makeWorkOrder({ ...SITE });
    await applyPull(db, page([upsert(wo)]));
    await startVisit(db, { workOrder: wo }, { uuid: testUuid, now: () => 0 });
    const browserError = 'QuotaExceededError: The quota has been exceeded.';
    const devices: CaptureDevices = {
      geolocation: { current: () => Promise.resolve({ ok: true, fix: fixNear() }), watch: () => () => undefined },
      photos: { process: () => Promise.reject(new Error(browserError)), dispose: () => undefined },
      estimateStorage: () => Promise.resolve({ usage: 1, quota: 10 ** 10 }),
    };
    await renderPage(<CapturePage me={makeMe()} devices={devices} />, {
      db,
      platform: fakePlatform(),
      path: `/work-orders/${wo.id}/capture`,
      route: '/work-orders/:id/capture',
    });
    const input = (await screen.findAllByTestId('camera-removed_meter'))[0];
    if (input === undefined) throw new Error('no camera input');
    fireEvent.change(input, { target: { files: [new File([new Uint8Array([9])], 'meter.jpg', { type: 'image/jpeg' })] } });
    await screen.findByText(/Không lưu được ảnh/);
    expectVietnamese([browserError]);
  });
});
