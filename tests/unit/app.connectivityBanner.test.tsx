import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { ConnectivityContext, SyncEngineContext } from '../../src/runtime/contexts';
import { ConnectivityBanner } from '../../src/app/ConnectivityBanner';
import { PlatformProvider } from '../../src/platform/PlatformContext';
import { createI18n } from '../../src/i18n';
import { DeviceProvider, markPulled, openUserDatabase, pullStoreFor, type UserDatabase } from '../../src/local';
import { memoryKeyValue } from '../../src/platform';
import { Connectivity, SyncEngine } from '../../src/sync';
import { testUuid } from './support/fixtures';
import { fakePlatform, type FakePlatform } from './support/fakePlatform';

const opened: UserDatabase[] = [];
const connectivities: Connectivity[] = [];
afterEach(async () => {
  cleanup();
  for (const c of connectivities.splice(0)) c.dispose();
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

async function renderBanner(platform: FakePlatform) {
  const db = await openUserDatabase(testUuid(), { uuid: testUuid, now: () => 0 });
  opened.push(db);
  const engine = new SyncEngine({
    api: { pull: () => Promise.resolve({ ok: false, error: { code: 'OFFLINE', status: null, retryable: true } }) },
    store: pullStoreFor(db),
    platform,
    lockName: 'test',
    onUnauthenticated: () => undefined,
  });
  const connectivity = new Connectivity(platform.network);
  connectivities.push(connectivity);
  const i18n = await createI18n(memoryKeyValue(), document.createElement('html'));
  render(
    <I18nextProvider i18n={i18n}>
      <PlatformProvider platform={platform}>
        <ConnectivityContext.Provider value={connectivity}>
          <DeviceProvider db={db} deps={{ now: () => platform.clock.now(), uuid: () => platform.random.uuid() }}>
            <SyncEngineContext.Provider value={engine}>
              <ConnectivityBanner />
            </SyncEngineContext.Provider>
          </DeviceProvider>
        </ConnectivityContext.Provider>
      </PlatformProvider>
    </I18nextProvider>,
  );
  return { db, connectivity };
}

describe('connectivity banner', () => {
  it('says offline, that data stays on the device, and that nothing was synced yet', async () => {
    await renderBanner(fakePlatform({ online: false }));
    const banner = screen.getByTestId('connectivity-banner');

    expect(banner.textContent).toContain('Ngoại tuyến — dữ liệu lưu trên máy');
    expect(await screen.findByText('Chưa đồng bộ lần nào')).toBeTruthy();
  });

  it('shows online once the server has answered, and the last successful pull as HH:mm dd/MM/yyyy in Vietnam time', async () => {
    const platform = fakePlatform();
    const { db, connectivity } = await renderBanner(platform);
    expect(screen.getByTestId('connectivity-banner').textContent).toContain('Đang kiểm tra kết nối…');
    act(() => connectivity.requestStarted()(true));
    await act(() => markPulled(db, Date.parse('2026-11-24T07:05:00Z')));

    expect(await screen.findByText('Cập nhật lúc 14:05 24/11/2026')).toBeTruthy();
    expect(screen.getByTestId('connectivity-banner').textContent).toContain('Đang trực tuyến');
  });

  it('follows the browser going offline, and says online again only when the server answers', async () => {
    const platform = fakePlatform();
    const { connectivity } = await renderBanner(platform);
    act(() => connectivity.requestStarted()(true));
    act(() => platform.network.set(false));
    expect(screen.getByTestId('connectivity-banner').textContent).toContain('Ngoại tuyến');

    act(() => platform.network.set(true));
    expect(screen.getByTestId('connectivity-banner').textContent).toContain('Đang kiểm tra kết nối…');
    act(() => connectivity.requestStarted()(true));
    expect(screen.getByTestId('connectivity-banner').textContent).toContain('Đang trực tuyến');
  });

  it('never says online beside "no network" when the browser claims a network the requests do not get through', async () => {
    const platform = fakePlatform();
    const { connectivity } = await renderBanner(platform);
    act(() => connectivity.requestStarted()(false));
    const banner = screen.getByTestId('connectivity-banner');
    expect(banner.textContent).toContain('Ngoại tuyến');
    expect(banner.textContent).not.toContain('Đang trực tuyến');
  });
});
