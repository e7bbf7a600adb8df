import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ReviewQueueItem } from '../../src/domain/console/reviews';
import { ReviewsPage } from '../../src/features/console/reviews/ReviewsPage';
import { makeMe, makeWorkOrder, testUuid } from './support/fixtures';
import { fakeServer, renderConsole, type SeenRequest } from './support/consoleHarness';

afterEach(cleanup);

const supervisor = makeMe({ role: 'supervisor', username: 'supervisor1' });
const photo = (n: number) => n.toString(16).padStart(64, 'a');

function makeItem(
  overrides: { code?: string; serial?: string; mediaStatus?: 'partial' | 'complete'; gpsDistanceM?: number; customerName?: string } = {},
): ReviewQueueItem {
  const wo = makeWorkOrder({
    status: 'completed',
    oldMeterSerial: '00123456',
    lastBilledReading: 1234.5,
    customerName: overrides.customerName ?? 'Nguyễn Văn Đức',
  });
  const completionId = testUuid();
  return ReviewQueueItem.parse({
    id: testUuid(),
    workOrderId: wo.id,
    completionId,
    code: overrides.code ?? 'COMPLETION',
    detail: '',
    status: 'open',
    createdAt: '2026-11-24T02:00:00.000Z',
    note: null,
    resolvedBy: null,
    resolvedAt: null,
    workOrder: wo,
    technicianName: 'Lê Văn Kỹ',
    gpsDistanceM: overrides.gpsDistanceM ?? 35,
    completion: {
      completionId,
      id: completionId,
      workOrderId: wo.id,
      baseVersion: 1,
      technicianId: testUuid(),
      primary: true,
      mediaStatus: overrides.mediaStatus ?? 'complete',
      receivedAt: '2026-11-24T02:00:00.000Z',
      flags: [],
      removed: {
        serial: overrides.serial ?? '00123456',
        serialMatches: (overrides.serial ?? '00123456') === '00123456',
        readings: { total: 1300 },
        sealCondition: 'intact',
        photoIds: [photo(1)],
      },
      installed: { serial: 'EV2600001', readings: { total: 0.5 }, seals: [{ code: 'TH-123', beads: 2 }], photoIds: [photo(2)] },
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

function reviewServer(items: ReviewQueueItem[]) {
  let open = [...items];
  return fakeServer({
    'GET /reviews': ({ query }) => ({ body: { items: query.get('status') === 'open' ? open : [], nextCursor: null } }),
    'POST /reviews/:id/resolve': ({ path }: SeenRequest) => {
      open = open.filter((item) => !path.includes(item.id));
      return { body: { ok: true } };
    },
  });
}

describe('console review queue', () => {
  it('shows the photos beside the recorded data, with the serial difference and far GPS highlighted', async () => {
    const item = makeItem({ code: 'METER_SERIAL_MISMATCH', serial: '99988877', gpsDistanceM: 420 });
    const server = reviewServer([item]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });

    const detail = await screen.findByRole('article');
    expect(within(screen.getByRole('list')).getByText('Số công tơ tháo khác dữ liệu')).toBeTruthy();
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
    ).toBe(`/api/v1/completions/${item.completionId ?? ''}/handover.pdf`);
  });

  it('says a photo is awaited when the record is partial and the photo does not load', async () => {
    const server = reviewServer([makeItem({ mediaStatus: 'partial' })]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    const detail = await screen.findByRole('article');

    const first = within(detail).getAllByRole('img')[0]!;
    fireEvent.error(first);

    expect(await within(detail).findByText('Đang chờ ảnh')).toBeTruthy();
    expect(within(detail).getByText(/chưa gửi đủ ảnh/)).toBeTruthy();
  });

  it('will not return a record without a note, and says what to write', async () => {
    const server = reviewServer([makeItem()]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    await screen.findByRole('article');

    fireEvent.click(screen.getByRole('button', { name: 'Trả lại' }));
    fireEvent.click(screen.getByRole('button', { name: 'Trả lại' }));

    expect(screen.getByRole('alert').textContent).toBe('Ghi rõ nhân viên cần sửa gì trước khi trả lại.');
    expect(server.seen.filter((r) => r.method === 'POST')).toHaveLength(0);
  });

  it('returns with the note, then shows the next item', async () => {
    const first = makeItem({ customerName: 'Trần Thị Mai' });
    const second = makeItem({ customerName: 'Phạm Văn Hùng' });
    const server = reviewServer([first, second]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    expect(await screen.findByRole('heading', { name: 'Trần Thị Mai' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Trả lại' }));
    fireEvent.change(screen.getByLabelText(/Ghi chú cho nhân viên/), { target: { value: '  Chụp lại ảnh chỉ số tháo  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Trả lại' }));

    expect(await screen.findByRole('heading', { name: 'Phạm Văn Hùng' })).toBeTruthy();
    const posts = server.seen.filter((r) => r.method === 'POST');
    expect(posts).toEqual([
      expect.objectContaining({ path: `/reviews/${first.id}/resolve`, body: { decision: 'return', note: 'Chụp lại ảnh chỉ số tháo' } }),
    ]);
  });

  it('approves with one press and moves on with j / k keys', async () => {
    const first = makeItem({ customerName: 'Trần Thị Mai' });
    const second = makeItem({ customerName: 'Phạm Văn Hùng' });
    const server = reviewServer([first, second]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    await screen.findByRole('heading', { name: 'Trần Thị Mai' });

    fireEvent.keyDown(window, { key: 'j' });
    expect(screen.getByRole('heading', { name: 'Phạm Văn Hùng' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Duyệt' }));

    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Phạm Văn Hùng' })).toBeNull());
    expect(screen.getByRole('heading', { name: 'Trần Thị Mai' })).toBeTruthy();
    expect(server.seen.filter((r) => r.method === 'POST')).toEqual([
      expect.objectContaining({ path: `/reviews/${second.id}/resolve`, body: { decision: 'approve', note: '' } }),
    ]);
  });

  it('filters by code and shows the history tabs', async () => {
    const server = reviewServer([
      makeItem({ customerName: 'Trần Thị Mai' }),
      makeItem({ code: 'READING_BELOW_LAST_BILLED', customerName: 'Phạm Văn Hùng' }),
    ]);
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    await screen.findByRole('article');

    fireEvent.change(screen.getByLabelText('Loại'), { target: { value: 'READING_BELOW_LAST_BILLED' } });
    expect(within(screen.getByRole('list')).getAllByRole('button')).toHaveLength(1);
    expect(screen.getByRole('heading', { name: 'Phạm Văn Hùng' })).toBeTruthy();

    fireEvent.click(screen.getByRole('tab', { name: 'Đã duyệt' }));
    expect(await screen.findByText('Chưa có mục nào.')).toBeTruthy();
    expect(server.requests('GET', '/reviews').map((r) => r.query.get('status'))).toEqual(['open', 'approved']);
  });

  it('fetches the next page with the server’s cursor on “Xem thêm”', async () => {
    const first = makeItem({ customerName: 'Trần Thị Mai' });
    const second = makeItem({ customerName: 'Phạm Văn Hùng' });
    const server = fakeServer({
      'GET /reviews': ({ query }) =>
        query.get('cursor') === 'page-2' ? { body: { items: [second], nextCursor: null } } : { body: { items: [first], nextCursor: 'page-2' } },
    });
    await renderConsole(<ReviewsPage me={supervisor} />, { transport: server.transport });
    await screen.findByRole('heading', { name: 'Trần Thị Mai' });

    fireEvent.click(screen.getByRole('button', { name: 'Xem thêm' }));

    await waitFor(() => expect(within(screen.getByRole('list')).getAllByRole('button')).toHaveLength(2));
    expect(screen.queryByRole('button', { name: 'Xem thêm' })).toBeNull();
    expect(server.requests('GET', '/reviews').map((r) => r.query.get('cursor'))).toEqual([null, 'page-2']);
  });
});
