import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, Routes } from 'react-router';
import { ConnectivityContext } from '../../../src/runtime/contexts';
import { PlatformProvider } from '../../../src/platform/PlatformContext';
import { createI18n } from '../../../src/i18n';
import { DeviceProvider, type UserDatabase } from '../../../src/local';
import { memoryKeyValue } from '../../../src/platform';
import { Connectivity } from '../../../src/sync';
import type { FakePlatform } from './fakePlatform';

/**
 * Renders a page the way the app does: Vietnamese, fake platform, one user's database, a router, and the app's
 * connectivity (from the fake network unless a test hands its own).
 */
export async function renderPage(
  element: ReactNode,
  {
    db,
    platform,
    path = '/',
    route = '/',
    connectivity = new Connectivity(platform.network),
  }: { db: UserDatabase; platform: FakePlatform; path?: string; route?: string; connectivity?: Connectivity },
) {
  const i18n = await createI18n(memoryKeyValue(), document.createElement('html'));
  return render(
    <I18nextProvider i18n={i18n}>
      <PlatformProvider platform={platform}>
        <ConnectivityContext.Provider value={connectivity}>
          <DeviceProvider db={db} deps={{ now: () => platform.clock.now(), uuid: () => platform.random.uuid() }}>
            <MemoryRouter initialEntries={[path]}>
              <Routes>
                <Route path={route} element={element} />
              </Routes>
            </MemoryRouter>
          </DeviceProvider>
        </ConnectivityContext.Provider>
      </PlatformProvider>
    </I18nextProvider>,
  );
}
