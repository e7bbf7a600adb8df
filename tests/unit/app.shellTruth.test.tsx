import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, Routes, useNavigate } from 'react-router';
import { AppShell } from '../../src/app/AppShell';
import { ConnectivityContext, PwaUpdateContext, SessionContext, SyncEngineContext } from '../../src/runtime/contexts';
import { PwaUpdate } from '../../src/runtime/pwaUpdate';
import { PlatformProvider } from '../../src/platform/PlatformContext';
import { Session } from '../../src/runtime/session';
import { OutboxPage } from '../../src/features/technician/outbox/OutboxPage';
import { WorkOrderListPage } from '../../src/features/technician/workOrders/WorkOrderListPage';
import { createI18n } from '../../src/i18n';
import { applyPull, DeviceProvider, pullStoreFor, type UserDatabase } from '../../src/local';
import { startVisit } from '../../src/local/capture';
import { OutboxOverviewProvider } from '../../src/local/OutboxOverviewProvider';
import { pushStoreFor } from '../../src/local/outboxStore';
import { memoryKeyValue } from '../../src/platform';
import { Connectivity, createApiClient, SyncEngine } from '../../src/sync';
import { SITE } from './support/captureFixtures';
import { fakePlatform, settle, type FakePlatform } from './support/fakePlatform';
import { makeMe, makeWorkOrder, page, testUuid, upsert } from './support/fixtures';
import { freshDatabase, queueVisits } from './support/outboxFixtures';

const opened: UserDatabase[] = [];
const disposers: (() => void)[] = [];
afterEach(async () => {
  cleanup();
  for (const dispose of disposers.splice(0)) dispose();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

/** The phone's back button (MemoryRouter has no browser history). */
function Back() {
  const navigate = useNavigate();
  return (
    <button type="button" onClick={() => void navigate(-1)}>
      back
    </button>
  );
}

/**
 * The technician's shell wired as main.tsx wires it (API client → connectivity, sync engine, one outbox query),
 * on a phone whose browser says "online" while no request gets through: signal bars, no data.
 */
async function renderShell(platform: FakePlatform) {
  const db = await freshDatabase(opened);
  const today = new Date(platform.clock.now()).toISOString().slice(0, 10);
  const orders = [1, 2, 3, 4].map(() => makeWorkOrder({ ...SITE, plannedDate: today }));
  await applyPull(db, page(orders.map(upsert)));
  const connectivity = new Connectivity(platform.network);
  disposers.push(() => connectivity.dispose());
  const api = createApiClient({ transport: () => Promise.reject(new TypeError('Failed to fetch')), clock: platform.clock, connectivity });
  const engine = new SyncEngine({
    api,
    store: pullStoreFor(db),
    platform,
    lockName: 'test',
    onUnauthenticated: () => undefined,
    push: { api, store: pushStoreFor(db) },
  });
  disposers.push(() => engine.stop());
  const session = new Session({ api, platform });
  const i18n = await createI18n(memoryKeyValue(), document.createElement('html'));
  render(
    <I18nextProvider i18n={i18n}>
      <PlatformProvider platform={platform}>
        <ConnectivityContext.Provider value={connectivity}>
          <PwaUpdateContext.Provider value={new PwaUpdate(() => undefined)}>
            <SessionContext.Provider value={session}>
              <DeviceProvider db={db} deps={{ now: () => platform.clock.now(), uuid: () => platform.random.uuid() }}>
                <SyncEngineContext.Provider value={engine}>
                  <OutboxOverviewProvider>
                    <MemoryRouter initialEntries={['/']}>
                      <Back />
                      <Routes>
                        <Route element={<AppShell me={makeMe()} />}>
                          <Route index element={<WorkOrderListPage />} />
                          <Route path="outbox" element={<OutboxPage />} />
                        </Route>
                      </Routes>
                    </MemoryRouter>
                  </OutboxOverviewProvider>
                </SyncEngineContext.Provider>
              </DeviceProvider>
            </SessionContext.Provider>
          </PwaUpdateContext.Provider>
        </ConnectivityContext.Provider>
      </PlatformProvider>
    </I18nextProvider>,
  );
  await act(() => engine.start());
  return { db, orders, engine };
}

/** Every count of unsent work on screen: the header's status chip, and the outbox summary when shown. */
function countsOnScreen(): number[] {
  const counts: number[] = [];
  const waiting = screen.getByTestId('status-waiting').textContent;
  counts.push(waiting.startsWith('Đã gửi hết') ? 0 : Number(/^(\d+)/.exec(waiting)?.[1]));
  const summary = screen.queryByTestId('outbox-summary')?.textContent;
  if (summary != null) counts.push(summary.startsWith('Đã gửi hết') ? 0 : Number(/(\d+)/.exec(summary)?.[1]));
  // A count anywhere else in the header (a badge on the sync button, say) would be a second source.
  for (const badge of document.querySelectorAll('header .badge')) counts.push(Number(badge.textContent));
  return counts;
}

/** Whether anything on screen says "online": the chip's state, its word, or the announcement of it. */
function saysOnline(): boolean {
  const text = document.body.textContent;
  return screen.getByTestId('status-chip').dataset.connectivity === 'online' || text.includes('Trực tuyến') || text.includes('Đã kết nối máy chủ');
}

/**
 * Every state the screen goes through (one snapshot per DOM change), so that a moment of disagreement between
 * two sources cannot hide between two assertions.
 */
function watchScreen() {
  const seen: { counts: number[]; online: boolean }[] = [];
  const observer = new MutationObserver(() => {
    // Until the outbox is read the chip shows no count: nothing to compare yet.
    if (screen.queryByTestId('status-waiting')?.textContent !== '') seen.push({ counts: countsOnScreen(), online: saysOnline() });
  });
  observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  disposers.push(() => observer.disconnect());
  return seen;
}

/** No "online" anywhere, and every count the same as `expected`. */
async function expectTruthful(expected: number) {
  await waitFor(() => expect(countsOnScreen().every((n) => n === expected)).toBe(true));
  expect(saysOnline()).toBe(false);
}

describe('the shell tells the truth about the connection and what waits to be sent', () => {
  it('offline with the browser claiming online, through several records, the outbox and back: never "online", counts always agree', async () => {
    const platform = fakePlatform({ online: true });
    const { db, orders } = await renderShell(platform);
    const seen = watchScreen();
    await screen.findByTestId('status-chip');
    await waitFor(() => expect(screen.getByTestId('status-chip').textContent).toContain('Ngoại tuyến'));
    await expectTruthful(0);

    // A visit started (a draft and its workOrder.start), then failed visits recorded, one after another.
    const [first] = orders;
    if (first === undefined) throw new Error('no order');
    await act(() => startVisit(db, { workOrder: first }, { uuid: testUuid, now: () => platform.clock.now() }));
    await expectTruthful(1);
    await act(() => queueVisits(db, 1, { photosEach: 1 }));
    await expectTruthful(3);
    await act(() => queueVisits(db, 2));
    await expectTruthful(5);

    // The end-of-day view, a manual sync that fails, and back to the list.
    fireEvent.click(screen.getByTestId('status-chip'));
    await screen.findByTestId('outbox-summary');
    await expectTruthful(5);
    fireEvent.click(screen.getAllByRole('button', { name: /Đồng bộ/ })[0] ?? document.body);
    await act(() => settle());
    await expectTruthful(5);
    expect(screen.getByTestId('status-chip').textContent).toContain('Ngoại tuyến');
    fireEvent.click(screen.getByRole('button', { name: 'back' }));
    await screen.findByRole('heading', { name: 'Danh sách công việc' });
    expect(screen.queryByTestId('outbox-summary')).toBeNull();
    await expectTruthful(5);

    // The browser notices and says offline, then claims online again: still not "online" until the server answers.
    act(() => platform.network.set(false));
    await expectTruthful(5);
    act(() => platform.network.set(true));
    await act(() => settle());
    await expectTruthful(5);

    expect(seen.length).toBeGreaterThan(10);
    expect(seen.filter((s) => s.online)).toEqual([]);
    expect(seen.filter((s) => new Set(s.counts).size > 1)).toEqual([]);
  });
});

describe('Connectivity (the one source of "online")', () => {
  it('is "checking" while the browser claims a network that no answer has confirmed, then follows each request', () => {
    const platform = fakePlatform({ online: true });
    const connectivity = new Connectivity(platform.network);
    expect(connectivity.getSnapshot()).toBe('checking');
    connectivity.requestStarted()(false);
    expect(connectivity.getSnapshot()).toBe('offline');
    connectivity.requestStarted()(true);
    expect(connectivity.getSnapshot()).toBe('online');
    connectivity.dispose();
  });

  it('goes offline on the browser\'s event, and an answer that was on the wire before it cannot bring "online" back', () => {
    const platform = fakePlatform({ online: true });
    const connectivity = new Connectivity(platform.network);
    connectivity.requestStarted()(true);
    const late = connectivity.requestStarted();
    platform.network.set(false);
    expect(connectivity.getSnapshot()).toBe('offline');
    late(true);
    expect(connectivity.getSnapshot()).toBe('offline');
    platform.network.set(true);
    expect(connectivity.getSnapshot()).toBe('checking');
    connectivity.dispose();
  });

  it("counts an answer from the server, even an error, as reached, but not a captive portal or a proxy's 502 page", async () => {
    const platform = fakePlatform({ online: true });
    const connectivity = new Connectivity(platform.network);
    const answer = (body: string, status: number, type: string) => () =>
      Promise.resolve(new Response(body, { status, headers: { 'Content-Type': type } }));
    const through = (transport: () => Promise<Response>) => createApiClient({ transport, clock: platform.clock, connectivity }).me();

    await through(
      answer(
        '{"type":"about:blank","title":"x","status":401,"code":"UNAUTHENTICATED","detail":"x","retryable":false}',
        401,
        'application/problem+json',
      ),
    );
    expect(connectivity.getSnapshot()).toBe('online');
    await through(answer('<html>Wi-Fi login</html>', 200, 'text/html'));
    expect(connectivity.getSnapshot()).toBe('offline');
    await through(
      answer(
        '{"type":"about:blank","title":"x","status":401,"code":"UNAUTHENTICATED","detail":"x","retryable":false}',
        401,
        'application/problem+json',
      ),
    );
    await through(answer('<html>Bad gateway</html>', 502, 'text/html'));
    expect(connectivity.getSnapshot()).toBe('offline');
    connectivity.dispose();
  });
});
