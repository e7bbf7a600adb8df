import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ReviewRecordView, type SerialHolder } from '../../src/domain/console/reviews';
import { ReviewsPage } from '../../src/features/console/reviews/ReviewsPage';
import { makeMe, makeWorkOrder, testUuid } from './support/fixtures';
import { fakeServer, problemAnswer, renderConsole, type SeenRequest } from './support/consoleHarness';

afterEach(cleanup);

const supervisor = makeMe({ role: 'supervisor', username: 'supervisor1' });
const photo = (n: number) => n.toString(16).padStart(64, 'a');

interface RecordOverrides {
  /** The record's flags (conflict codes); the COMPLETION item is always there. */
  flags?: string[];
  serial?: string;
  mediaStatus?: 'partial' | 'complete';
  gpsDistanceM?: number;
  customerName?: string;
  serialHeldBy?: SerialHolder[];
  /** installed.stockNote: why the technician used stock not issued to them. */
  stockNote?: string;
  /** removed.bagLabel. */
  bagLabel?: string;
}

function makeRecord(overrides: RecordOverrides = {}): ReviewRecordView {
  const wo = makeWorkOrder({
    status: 'completed',
    oldMeterSerial: '00123456',
    lastBilledReading: 1234.5,
    customerName: overrides.customerName ?? 'Nguyễn Văn Đức',
  });
  const completionId = testUuid();
  const item = (code: string) => ({
    id: testUuid(),
    workOrderId: wo.id,
    completionId,
    code,
    detail: code === 'COMPLETION' ? 'First submission.' : 'English detail from the server.',
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
    gpsDistanceM: overrides.gpsDistanceM ?? 35,
    items: [...(overrides.flags ?? []).map(item), item('COMPLETION')],
    serialHeldBy: overrides.serialHeldBy ?? [],
    completion: {
      completionId,
      id: completionId,
      workOrderId: wo.id,
      baseVersion: 1,
      technicianId: testUuid(),
      primary: true,
      mediaStatus: overrides.mediaStatus ?? 'complete',
      receivedAt: '2026-11-24T02:00:00.000Z',
      flags: [...(overrides.flags ?? []), ...(overrides.gpsDistanceM !== undefined && overrides.gpsDistanceM > 200 ? ['gps_far_from_site'] : [])],
      removed: {
        serial: overrides.serial ?? '00123456',
        serialMatches: (overrides.serial ?? '00123456') === '00123456',
        readings: { total: 1300 },
        sealCondition: 'intact',
        photoIds: [photo(1)],
        ...(overrides.bagLabel === undefined ? {} : { bagLabel: overrides.bagLabel }),
      },
      installed: {
        serial: 'EV2600001',
        readings: { total: 0.5 },
        seals: [{ code: 'TH-123', beads: 2 }],
        photoIds: [photo(2)],
        ...(overrides.stockNote === undefined ? {} : { stockNote: overrides.stockNote }),
      },
      gps: { lat: 19.8, lng: 105.8, accuracyM: 8, at: '2026-11-24T01:50:00.000Z' },
      handover: {
        signerName: 'Nguyễn Văn Đức',
        signerRole: 'customer',
        signaturePhotoId: photo(3),
        cashless: { currentMethod: 'cash', enrolledMethod: 'e_wallet', provider: 'MoMo', consent: true },
      },
      completedAt: '2026-11-24T01:55:00.000Z',
    },
  });
}

function reviewServer(records: ReviewRecordView[]) {
  let open = [...records];
  return fakeServer({
    'GET /reviews/records': ({ query }) => ({
      body: { items: query.get('status') === 'open' ? open : [], nextCursor: null, openCount: open.length },
    }),
    'POST /reviews/records/:workOrderId/decision': ({ path }: SeenRequest) => {
      const decided = open.find((record) => path.includes(record.workOrderId));
      open = open.filter((record) => record !== decided);
      if (decided === undefined) throw new Error(`no record at ${path}`);
      return { body: { record: { ...decided, status: 'approved' }, workOrderStatus: 'approved', resolvedIds: decided.items.map((i) => i.id) } };
    },
  });
}

describe('console review queue', () => {
  it('shows the photos beside the recorded data, with the serial difference and far GPS highlighted', async () => {
    const item = makeRecord({ flags: ['METER_SERIAL_MISMATCH'], serial: '99988877', gpsDistanceM: 420 });
    const server = reviewServer([item]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });

    const detail = await screen.findByRole('article');
    expect(within(screen.getByRole('list', { name: 'Danh sách cần đối soát' })).getByText('Số công tơ tháo khác dữ liệu')).toBeTruthy();
    const images = within(detail).getAllByRole('img');
    expect(images.map((img) => img.getAttribute('src'))).toEqual([
      `/api/v1/photos/${photo(1)}`,
      `/api/v1/photos/${photo(2)}`,
      `/api/v1/photos/${photo(3)}`,
    ]);
    const serialRow = within(detail).getByRole('row', { name: /Số công tơ tháo/ });
    expect(serialRow.textContent).toContain('00123456');
    expect(serialRow.textContent).toContain('99988877');
    expect(serialRow.textContent).toContain('Khác dữ liệu');
    expect(within(detail).getByText(/Xa địa điểm hơn 200 m/)).toBeTruthy();
    expect(within(detail).getByText(/Đăng ký: Ví điện tử \(MoMo\)/)).toBeTruthy();
    expect(
      within(detail)
        .getByRole('link', { name: /biên bản treo tháo \(PDF\)/ })
        .getAttribute('href'),
    ).toBe(`/api/v1/completions/${item.completion?.id ?? ''}/handover.pdf`);
    // Flags in words, never raw codes or the server's English detail.
    expect(detail.textContent).not.toMatch(/METER_SERIAL_MISMATCH|gps_far_from_site|English detail|First submission/);
    expect(within(detail).getByRole('row', { name: /Cảnh báo/ }).textContent).toContain('Vị trí GPS xa địa điểm');
  });

  it("shows the technician's stock reason on a STOCK_NOT_ISSUED record (in its flag and its data) and the removed meter's bag label", async () => {
    const server = reviewServer([makeRecord({ flags: ['STOCK_NOT_ISSUED'], stockNote: 'Mượn công tơ của tổ 2', bagLabel: 'TUI-0042' })]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    const detail = await screen.findByRole('article');
    expect(within(detail).getByText('Lý do nhân viên ghi: “Mượn công tơ của tổ 2”')).toBeTruthy();
    const reason = within(detail).getByRole('row', { name: /Lý do dùng vật tư không được cấp/ });
    expect(reason.textContent).toContain('Mượn công tơ của tổ 2');
    expect(within(detail).getByRole('row', { name: /Số túi\/nhãn công tơ tháo/ }).textContent).toContain('TUI-0042');
  });

  it('says no reason was given on a STOCK_NOT_ISSUED record without one; a record without the flag, reason or bag label has neither row', async () => {
    const server = reviewServer([makeRecord({ flags: ['STOCK_NOT_ISSUED'] })]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    const detail = await screen.findByRole('article');
    expect(within(detail).getByText('Nhân viên không ghi lý do.')).toBeTruthy();
    expect(within(detail).getByRole('row', { name: /Lý do dùng vật tư không được cấp/ }).textContent).toContain('Không ghi lý do');
    cleanup();
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: reviewServer([makeRecord()]).transport });
    const plain = await screen.findByRole('article');
    expect(within(plain).queryByRole('row', { name: /Lý do dùng vật tư/ })).toBeNull();
    expect(within(plain).queryByRole('row', { name: /Số túi/ })).toBeNull();
  });

  it('says a photo is awaited when the record is partial and the photo does not load', async () => {
    const server = reviewServer([makeRecord({ mediaStatus: 'partial' })]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    const detail = await screen.findByRole('article');

    const first = within(detail).getAllByRole('img')[0]!;
    fireEvent.error(first);

    expect(await within(detail).findByText('Đang chờ ảnh')).toBeTruthy();
    expect(within(detail).getByText(/chưa gửi đủ ảnh/)).toBeTruthy();
  });

  it('will not return a record without a note, and says what to write', async () => {
    const server = reviewServer([makeRecord()]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    await screen.findByRole('article');

    fireEvent.click(screen.getByRole('button', { name: 'Trả lại' }));
    fireEvent.click(screen.getByRole('button', { name: 'Trả lại' }));

    expect(screen.getByRole('alert').textContent).toBe('Ghi rõ nhân viên cần sửa gì trước khi trả lại.');
    expect(server.seen.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('returns with the note, then shows the next item', async () => {
    const first = makeRecord({ customerName: 'Trần Thị Mai' });
    const second = makeRecord({ customerName: 'Phạm Văn Hùng' });
    const server = reviewServer([first, second]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    expect(await screen.findByRole('heading', { name: 'Trần Thị Mai' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Trả lại' }));
    fireEvent.change(screen.getByLabelText(/Ghi chú cho nhân viên/), { target: { value: '  Chụp lại ảnh chỉ số tháo  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Trả lại' }));

    expect(await screen.findByRole('heading', { name: 'Phạm Văn Hùng' })).toBeTruthy();
    const posts = server.seen.filter((r) => r.method === 'POST');
    expect(posts).toEqual([
      expect.objectContaining({
        path: `/reviews/records/${first.workOrderId}/decision`,
        body: { decision: 'return', note: 'Chụp lại ảnh chỉ số tháo', reviewIds: first.items.map((i) => i.id) },
      }),
    ]);
  });

  it('approves with one press and moves on with j / k keys', async () => {
    const first = makeRecord({ customerName: 'Trần Thị Mai' });
    const second = makeRecord({ customerName: 'Phạm Văn Hùng' });
    const server = reviewServer([first, second]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    await screen.findByRole('heading', { name: 'Trần Thị Mai' });

    fireEvent.keyDown(window, { key: 'j' });
    expect(screen.getByRole('heading', { name: 'Phạm Văn Hùng' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Duyệt' }));

    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Phạm Văn Hùng' })).toBeNull());
    expect(screen.getByRole('heading', { name: 'Trần Thị Mai' })).toBeTruthy();
    expect(server.seen.filter((r) => r.method === 'POST')).toEqual([
      expect.objectContaining({
        path: `/reviews/records/${second.workOrderId}/decision`,
        body: { decision: 'approve', note: '', reviewIds: second.items.map((i) => i.id) },
      }),
    ]);
  });

  it('filters by code and shows the history tabs', async () => {
    const server = reviewServer([
      makeRecord({ customerName: 'Trần Thị Mai' }),
      makeRecord({ flags: ['READING_BELOW_LAST_BILLED'], customerName: 'Phạm Văn Hùng' }),
    ]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    await screen.findByRole('article');

    fireEvent.change(screen.getByLabelText('Loại'), { target: { value: 'READING_BELOW_LAST_BILLED' } });
    expect(within(screen.getByRole('list', { name: 'Danh sách cần đối soát' })).getAllByRole('button')).toHaveLength(1);
    expect(screen.getByRole('heading', { name: 'Phạm Văn Hùng' })).toBeTruthy();

    fireEvent.click(screen.getByRole('tab', { name: 'Đã duyệt' }));
    expect(await screen.findByText('Chưa có mục nào.')).toBeTruthy();
    expect(server.requests('GET', '/reviews/records').map((r) => r.query.get('status'))).toEqual(['open', 'approved']);
  });

  it('fetches the next page with the server’s cursor on “Xem thêm”', async () => {
    const first = makeRecord({ customerName: 'Trần Thị Mai' });
    const second = makeRecord({ customerName: 'Phạm Văn Hùng' });
    const server = fakeServer({
      'GET /reviews/records': ({ query }) =>
        query.get('cursor') === 'page-2'
          ? { body: { items: [second], nextCursor: null, openCount: 2 } }
          : { body: { items: [first], nextCursor: 'page-2', openCount: 2 } },
    });
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    await screen.findByRole('heading', { name: 'Trần Thị Mai' });

    fireEvent.click(screen.getByRole('button', { name: 'Xem thêm' }));

    await waitFor(() => expect(within(screen.getByRole('list', { name: 'Danh sách cần đối soát' })).getAllByRole('button')).toHaveLength(2));
    expect(screen.queryByRole('button', { name: 'Xem thêm' })).toBeNull();
    expect(server.requests('GET', '/reviews/records').map((r) => r.query.get('cursor'))).toEqual([null, 'page-2']);
  });

  it('shows a record with a conflict as one item with its flag inside, counts records, and approves it once every flag is seen', async () => {
    const held = makeRecord({ customerName: 'Trần Thị Mai' });
    const record = makeRecord({
      flags: ['SERIAL_ALREADY_INSTALLED', 'READING_BELOW_LAST_BILLED'],
      customerName: 'Phạm Văn Hùng',
      serialHeldBy: [
        {
          serial: 'EV2600001',
          workOrderId: held.workOrderId,
          workOrderCode: held.workOrder.code,
          customerName: 'Trần Thị Mai',
          technicianName: 'Nguyễn Văn Hùng',
          workOrderStatus: 'completed',
        },
      ],
    });
    const server = reviewServer([record, held]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    const list = await screen.findByRole('list', { name: 'Danh sách cần đối soát' });

    // Two records (three items for the first one): two entries, counted as two.
    expect(within(list).getAllByRole('button')).toHaveLength(2);
    expect(screen.getByRole('tab', { name: /Chờ xử lý/ }).textContent).toContain('2');
    expect(screen.getByText('2 biên bản chờ duyệt')).toBeTruthy();
    expect(within(list).getAllByRole('button')[0]?.textContent).toContain('+ 1 cảnh báo khác');

    const flags = screen.getByRole('region', { name: 'Cảnh báo (2)' });
    expect(flags.textContent).toContain(
      `Công tơ EV2600001 đã được ghi là treo ở công việc ${held.workOrder.code} (Trần Thị Mai), do Nguyễn Văn Hùng thực hiện.`,
    );
    expect(
      within(flags)
        .getByRole('link', { name: `Xem công việc ${held.workOrder.code}` })
        .getAttribute('href'),
    ).toBe(`/console/reviews?workOrder=${held.workOrderId}`);
    expect(flags.textContent).toContain('Chỉ số tháo 1.300 thấp hơn chỉ số lần ghi cuối 1.234,5.');

    // Approving before each flag is ticked says what to do and sends nothing.
    fireEvent.click(screen.getByRole('button', { name: 'Duyệt' }));
    expect(screen.getByRole('alert').textContent).toBe('Đánh dấu "Đã xem" cho 2 cảnh báo còn lại trước khi duyệt.');
    const boxes = within(flags).getAllByRole('checkbox');
    expect(boxes.map((b) => b.getAttribute('aria-labelledby') !== null)).toEqual([true, true]);
    expect(document.activeElement).toBe(boxes[0]);
    fireEvent.click(boxes[0]!);
    fireEvent.click(screen.getByRole('button', { name: 'Duyệt' }));
    expect(screen.getByRole('alert').textContent).toBe('Đánh dấu "Đã xem" cho 1 cảnh báo còn lại trước khi duyệt.');
    expect(server.seen.filter((r) => r.method === 'POST')).toHaveLength(0);

    fireEvent.click(boxes[1]!);
    fireEvent.click(screen.getByRole('button', { name: 'Duyệt' }));
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Phạm Văn Hùng' })).toBeNull());
    expect(server.seen.filter((r) => r.method === 'POST')).toEqual([
      expect.objectContaining({
        path: `/reviews/records/${record.workOrderId}/decision`,
        body: { decision: 'approve', note: '', reviewIds: record.items.map((i) => i.id) },
      }),
    ]);
    expect(await screen.findByText('1 biên bản chờ duyệt')).toBeTruthy();
  });

  it('reloads the record and says so when a flag arrived since it was shown (409 REVIEW_CHANGED)', async () => {
    const record = makeRecord({ customerName: 'Trần Thị Mai' });
    const server = fakeServer({
      'GET /reviews/records': () => ({ body: { items: [record], nextCursor: null, openCount: 1 } }),
      'POST /reviews/records/:workOrderId/decision': () => problemAnswer(409, 'REVIEW_CHANGED'),
    });
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    await screen.findByRole('heading', { name: 'Trần Thị Mai' });
    fireEvent.click(screen.getByRole('button', { name: 'Duyệt' }));
    expect(await screen.findByText(/Biên bản vừa có thêm cảnh báo mới/)).toBeTruthy();
    await waitFor(() => expect(server.requests('GET', '/reviews/records')).toHaveLength(2));
  });
});
