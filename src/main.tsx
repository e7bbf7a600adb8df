import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { PwaUpdate } from './runtime/pwaUpdate';
import { registerServiceWorker } from './app/registerServiceWorker';
import { Session } from './runtime/session';
import { createI18n } from './i18n';
import { browserPlatform, requestPersistentStorage } from './platform';
import { Connectivity, createApiClient } from './sync';
import './styles/global.css';

/**
 * Composition root: the only place that picks real implementations. Order: language (so even
 * the loading text is translated), the last user's session from the device (works offline),
 * their database and sync engine (pull on start), then render.
 */
async function boot(): Promise<void> {
  const container = document.getElementById('root');
  if (container === null) throw new Error('index.html has no #root');
  const platform = browserPlatform();
  const i18n = await createI18n(platform.settings);
  const connectivity = new Connectivity(platform.network);
  const api = createApiClient({ transport: (input, init) => fetch(input, init), clock: platform.clock, connectivity });
  const session = new Session({ api, platform });
  const pwaUpdate = new PwaUpdate();

  createRoot(container).render(
    <StrictMode>
      <App session={session} platform={platform} i18n={i18n} pwaUpdate={pwaUpdate} connectivity={connectivity} />
    </StrictMode>,
  );

  session.restore().catch((error: unknown) => {
    console.error('could not open local data', error);
    container.textContent = i18n.t('app.startFailed');
  });
  void requestPersistentStorage();
  // After the page has loaded (Workbox's advice): the worker's precache download must not compete with the
  // first screen for a weak link.
  if (import.meta.env.PROD) afterLoad(() => void registerServiceWorker(pwaUpdate));
}

function afterLoad(run: () => void): void {
  if (document.readyState === 'complete') run();
  else window.addEventListener('load', run, { once: true });
}

void boot();
