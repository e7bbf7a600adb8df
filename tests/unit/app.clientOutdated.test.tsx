import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { I18nextProvider } from 'react-i18next';
import { PwaUpdateContext, SyncEngineContext } from '../../src/runtime/contexts';
import { ClientOutdatedBanner } from '../../src/app/ClientOutdatedBanner';
import { PwaUpdate } from '../../src/runtime/pwaUpdate';
import type { PullResponse } from '../../src/domain/protocol/sync';
import { createI18n } from '../../src/i18n';
import { memoryKeyValue } from '../../src/platform';
import { SyncEngine, type ApiResult, type PullStore } from '../../src/sync';
import { page } from './support/fixtures';
import { fakePlatform, settle } from './support/fakePlatform';

afterEach(() => {
  cleanup();
});

const outdated: ApiResult<PullResponse> = { ok: false, error: { code: 'CLIENT_OUTDATED', status: 426, retryable: false } };
const accepted: ApiResult<PullResponse> = { ok: true, value: page([], { cursor: 'c', hasMore: false }) };

const store: PullStore & { getLastPulledAt(): Promise<number | null> } = {
  getClientId: () => Promise.resolve('client-1'),
  getPullCursor: () => Promise.resolve(null),
  applyPage: () => Promise.resolve(),
  markPulled: () => Promise.resolve(),
  getLastPulledAt: () => Promise.resolve(null),
};

async function renderBanner() {
  let answer = outdated;
  const pull = vi.fn(() => Promise.resolve(answer));
  const engine = new SyncEngine({ api: { pull }, store, platform: fakePlatform(), lockName: 'test', onUnauthenticated: () => undefined });
  const reload = vi.fn();
  const update = new PwaUpdate(reload);
  const check = vi.fn();
  update.updateCheckAvailable(check);
  const i18n = await createI18n(memoryKeyValue(), document.createElement('html'));
  render(
    <I18nextProvider i18n={i18n}>
      <PwaUpdateContext.Provider value={update}>
        <SyncEngineContext.Provider value={engine}>
          <ClientOutdatedBanner />
        </SyncEngineContext.Provider>
      </PwaUpdateContext.Provider>
    </I18nextProvider>,
  );
  return { engine, update, reload, check, pull, accept: () => (answer = accepted) };
}

describe('outdated-app notice', () => {
  it('says "Có phiên bản mới — hãy cập nhật" once sync meets CLIENT_OUTDATED, asks for the new version, and reloads when none is waiting', async () => {
    const { engine, reload, check } = await renderBanner();
    expect(screen.queryByTestId('client-outdated')).toBeNull();
    await act(() => engine.start());
    await act(() => settle());

    expect(screen.getByTestId('client-outdated').textContent).toContain('Có phiên bản mới — hãy cập nhật');
    expect(check).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole('button', { name: 'Cập nhật' }));
    expect(reload).toHaveBeenCalledTimes(1);
    engine.stop();
  });

  it('applies the waiting version when there is one, even after "Để sau", instead of a plain reload', async () => {
    const { engine, update, reload } = await renderBanner();
    const apply = vi.fn(() => Promise.resolve());
    update.updateWaiting(apply);
    update.dismiss();
    await act(() => engine.start());
    await act(() => settle());

    fireEvent.click(screen.getByRole('button', { name: 'Cập nhật' }));
    expect(apply).toHaveBeenCalledTimes(1);
    expect(reload).not.toHaveBeenCalled();
    engine.stop();
  });

  it('goes away once the server accepts the version again', async () => {
    const { engine, accept } = await renderBanner();
    await act(() => engine.start());
    await act(() => settle());
    expect(screen.getByTestId('client-outdated')).toBeTruthy();

    accept();
    await act(() => engine.requestSync('manual'));
    expect(screen.queryByTestId('client-outdated')).toBeNull();
    engine.stop();
  });
});
