import type { i18n as I18n } from 'i18next';
import { lazy, Suspense } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import type { Platform } from '../platform';
import type { Connectivity } from '../sync';
import { ConnectivityContext, PwaUpdateContext, SessionContext, useConnectivity, useSession, useSessionState } from '../runtime/contexts';
import { PlatformProvider } from '../platform/PlatformContext';
import type { PwaUpdate } from '../runtime/pwaUpdate';
import type { Session } from '../runtime/session';
import { SignedInApp } from './SignedInApp';
import { UpdatePrompt } from './UpdatePrompt';

// A returning technician opens straight onto the list: the sign-in screen is its own chunk
// (precached by the service worker like every chunk, so it still loads offline).
const SignInPage = lazy(() => import('../features/auth/SignInPage').then((m) => ({ default: m.SignInPage })));

export interface AppProps {
  session: Session;
  platform: Platform;
  i18n: I18n;
  pwaUpdate: PwaUpdate;
  connectivity: Connectivity;
}

/** Providers, then sign-in or the signed-in app depending on the session. */
export function App({ session, platform, i18n, pwaUpdate, connectivity }: AppProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <PlatformProvider platform={platform}>
        <ConnectivityContext.Provider value={connectivity}>
          <SessionContext.Provider value={session}>
            <PwaUpdateContext.Provider value={pwaUpdate}>
              <SessionSwitch />
              <UpdatePrompt />
            </PwaUpdateContext.Provider>
          </SessionContext.Provider>
        </ConnectivityContext.Provider>
      </PlatformProvider>
    </I18nextProvider>
  );
}

function SessionSwitch() {
  const { t } = useTranslation();
  const session = useSession();
  const state = useSessionState();
  // Still checking counts as online here: the sign-in attempt is what finds out.
  const online = useConnectivity() !== 'offline';
  const loading = (
    <p className="app-loading" role="status">
      {t('app.loading')}
    </p>
  );
  switch (state.status) {
    case 'loading':
      return loading;
    case 'signedOut':
    case 'expired':
      return (
        <Suspense fallback={loading}>
          <SignInPage
            online={online}
            expiredUser={state.status === 'expired' ? state.me : null}
            onSignIn={(username, password) => session.signIn(username, password)}
          />
        </Suspense>
      );
    case 'signedIn':
      // Keyed by user: nothing of one user's screens survives into another's.
      return <SignedInApp key={state.me.id} me={state.me} db={state.db} engine={state.engine} />;
  }
}
