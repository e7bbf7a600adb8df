import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { ConnectivityContext, SessionContext, SyncEngineContext } from '../../src/runtime/contexts';
import { Header } from '../../src/app/Header';
import { SyncProblemBanner } from '../../src/app/SyncProblemBanner';
import { LastSynced } from '../../src/features/technician/workOrders/LastSynced';
import { PlatformProvider } from '../../src/platform/PlatformContext';
import { createI18n } from '../../src/i18n';
import { DeviceProvider, markPulled, openUserDatabase, pullStoreFor, type UserDatabase } from '../../src/local';
import { OutboxOverviewProvider } from '../../src/local/OutboxOverviewProvider';
import { memoryKeyValue } from '../../src/platform';
import { Session } from '../../src/runtime/session';
import { Connectivity, createApiClient, SyncEngine } from '../../src/sync';
import { makeMe, testUuid } from './support/fixtures';
import { fakePlatform, settle, type FakePlatform } from './support/fakePlatform';
import { queueVisits } from './support/outboxFixtures';

const opened: UserDatabase[] = [];
const disposers: (() => void)[] = [];
afterEach(async () => {
  cleanup();
  for (const dispose of disposers.splice(0)) dispose();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

/** The technician's header, the line under it and the list's "updated" line, wired as the app wires them. */
async function renderHeader(platform: FakePlatform, pullError: 'OFFLINE' | 'UNAVAILABLE' = 'OFFLINE') {
  const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
  opened.push(db);
  const engine = new SyncEngine({
    api: { pull: () => Promise.resolve({ ok: false, error: { code: pullError, status: pullError === 'OFFLINE' ? null : 503, retryable: true } }) },
    store: pullStoreFor(db),
    platform,
    lockName: 'test',
    onUnauthenticated: () => undefined,
  });
  disposers.push(() => engine.stop());
  const connectivity = new Connectivity(platform.network);
  disposers.push(() => connectivity.dispose());
  const api = createApiClient({ transport: () => Promise.reject(new TypeError('Failed to fetch')), clock: platform.clock, connectivity });
  const i18n = await createI18n(memoryKeyValue(), document.createElement('html'));
  render(
    <I18nextProvider i18n={i18n}>
      <PlatformProvider platform={platform}>
        <ConnectivityContext.Provider value={connectivity}>
          <SessionContext.Provider value={new Session({ api, platform })}>
            <DeviceProvider db={db} deps={{ now: () => platform.clock.now(), uuid: () => platform.random.uuid() }}>
              <SyncEngineContext.Provider value={engine}>
                <OutboxOverviewProvider>
                  <MemoryRouter>
                    <Header me={makeMe({ displayName: 'Nguyễn Văn Hùng' })} />
                    <SyncProblemBanner />
                    <LastSynced />
                  </MemoryRouter>
                </OutboxOverviewProvider>
              </SyncEngineContext.Provider>
            </DeviceProvider>
          </SessionContext.Provider>
        </ConnectivityContext.Provider>
      </PlatformProvider>
    </I18nextProvider>,
  );
  return { db, connectivity, engine };
}

const chip = () => screen.getByTestId('status-chip');

describe('the technician header', () => {
  it('is one row of three targets: who, one status chip, sync (and no second count anywhere)', async () => {
    await renderHeader(fakePlatform({ online: false }));
    const header = screen.getByRole('banner');
    expect([...header.children].filter((el) => !el.classList.contains('visually-hidden')).map((el) => el.tagName)).toEqual(['BUTTON', 'A', 'BUTTON']);
    // The name as colleagues say it where room is short; in full for a screen reader and in the sheet.
    expect(screen.getByTestId('account-button').querySelector('.account-button__name')?.textContent).toBe('Văn Hùng');
    expect(screen.getByTestId('account-button').textContent).toContain('Nguyễn Văn Hùng');
    expect(screen.getByRole('button', { name: 'Đồng bộ' })).toBeTruthy();
    await waitFor(() => expect(chip().textContent).toContain('Đã gửi hết'));
    expect(header.querySelectorAll('.badge')).toHaveLength(0);
  });

  it('says offline, that data stays on the device, and that nothing was synced yet', async () => {
    await renderHeader(fakePlatform({ online: false }));
    expect(chip().dataset.connectivity).toBe('offline');
    expect(chip().textContent).toMatch(/^Ngoại tuyến/);
    expect(screen.getByRole('banner').textContent).toContain('Ngoại tuyến — dữ liệu lưu trên máy');
    expect(await screen.findByText('Chưa đồng bộ lần nào')).toBeTruthy();
  });

  it('says online only once the server has answered, and the last pull as HH:mm dd/MM/yyyy in Vietnam time', async () => {
    const platform = fakePlatform();
    const { db, connectivity } = await renderHeader(platform);
    expect(chip().dataset.connectivity).toBe('checking');
    expect(chip().textContent).toMatch(/^Đang kiểm tra/);
    act(() => connectivity.requestStarted()(true));
    await act(() => markPulled(db, Date.parse('2026-11-24T07:05:00Z')));
    expect(await screen.findByText('Cập nhật lúc 14:05 24/11/2026')).toBeTruthy();
    expect(chip().textContent).toMatch(/^Trực tuyến/);
  });

  it('follows the browser going offline, and says online again only when the server answers', async () => {
    const platform = fakePlatform();
    const { connectivity } = await renderHeader(platform);
    act(() => connectivity.requestStarted()(true));
    act(() => platform.network.set(false));
    expect(chip().dataset.connectivity).toBe('offline');
    act(() => platform.network.set(true));
    expect(chip().dataset.connectivity).toBe('checking');
    act(() => connectivity.requestStarted()(true));
    expect(chip().dataset.connectivity).toBe('online');
  });

  it('counts what waits in the chip, from the one outbox read', async () => {
    const { db } = await renderHeader(fakePlatform({ online: false }));
    await waitFor(() => expect(chip().textContent).toContain('Đã gửi hết'));
    await act(() => queueVisits(db, 2, { photosEach: 1 }));
    await waitFor(() => expect(screen.getByTestId('status-waiting').textContent).toBe('4 chờ gửi'));
    expect(chip().dataset.waiting).toBe('4');
  });

  it('puts a line under the header only when a sync failed for another reason than the network', async () => {
    const offline = await renderHeader(fakePlatform({ online: false }));
    await act(async () => {
      await offline.engine.start();
      await offline.engine.requestSync('manual');
      await settle();
    });
    expect(screen.queryByTestId('sync-problem')).toBeNull();
    cleanup();

    const refused = await renderHeader(fakePlatform({ online: true }), 'UNAVAILABLE');
    await act(async () => {
      await refused.engine.start();
      await refused.engine.requestSync('manual');
      await settle();
    });
    expect((await screen.findByTestId('sync-problem')).textContent).toMatch(/^Đồng bộ chưa xong: /);
  });

  it('opens the account sheet from the name, with the language and sign-out, and closes it with Escape', async () => {
    await renderHeader(fakePlatform({ online: false }));
    fireEvent.click(screen.getByTestId('account-button'));
    const sheet = screen.getByRole('dialog', { name: 'Nguyễn Văn Hùng' });
    expect(sheet.textContent).toContain('Đăng xuất');
    expect(screen.getByRole('group', { name: /Ngôn ngữ|ngôn ngữ/ })).toBeTruthy();
    expect(document.activeElement?.textContent).toBe('Đóng');
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId('account-button'));
  });
});
