import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter, Route, Routes } from 'react-router';
import { PlatformProvider } from '../../../src/app/PlatformContext';
import { createI18n } from '../../../src/i18n';
import { LocalDatabaseProvider, type UserDatabase } from '../../../src/local';
import { memoryKeyValue } from '../../../src/platform';
import type { FakePlatform } from './fakePlatform';

/** Renders a page the way the app does: Vietnamese, fake platform, one user's database, a router. */
export async function renderPage(
  element: ReactNode,
  { db, platform, path = '/', route = '/' }: { db: UserDatabase; platform: FakePlatform; path?: string; route?: string },
) {
  const i18n = await createI18n(memoryKeyValue(), document.createElement('html'));
  return render(
    <I18nextProvider i18n={i18n}>
      <PlatformProvider platform={platform}>
        <LocalDatabaseProvider db={db}>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path={route} element={element} />
            </Routes>
          </MemoryRouter>
        </LocalDatabaseProvider>
      </PlatformProvider>
    </I18nextProvider>,
  );
}
