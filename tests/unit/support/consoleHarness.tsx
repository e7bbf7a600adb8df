import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { I18nextProvider } from 'react-i18next';
import { MemoryRouter } from 'react-router';
import { ConnectivityContext, SessionContext } from '../../../src/runtime/contexts';
import { PlatformProvider } from '../../../src/platform/PlatformContext';
import { Session } from '../../../src/runtime/session';
import { createI18n } from '../../../src/i18n';
import { useConsoleMessages } from '../../../src/i18n/console/useConsoleMessages';
import { memoryKeyValue } from '../../../src/platform';
import { Connectivity, createApiClient, type Transport } from '../../../src/sync';
import { fakePlatform, type FakePlatform } from './fakePlatform';

/** One request the console made, as the fake server saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | null;
  body: unknown;
}

export type FakeAnswer = { status?: number; body: unknown; problem?: boolean };
export type Handler = (request: SeenRequest) => FakeAnswer | Promise<FakeAnswer>;

/** A problem+json answer as the server sends it (design §7). */
export function problemAnswer(status: number, code: string, extra: object = {}): FakeAnswer {
  return {
    status,
    problem: true,
    body: { type: `urn:meter-swap:problem:${code}`, title: code, status, code, detail: `${code} detail`, retryable: false, ...extra },
  };
}

async function readBody(init: RequestInit): Promise<unknown> {
  const body = init.body;
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return new Headers(init.headers).get('Content-Type') === 'application/json' ? JSON.parse(body) : body;
  if (body instanceof Blob) return body.text();
  return body;
}

/**
 * A fake server behind the real API client: handlers are keyed by "METHOD /path" (without /api/v1); every request
 * is recorded. Unknown routes answer 404, so a screen calling an unexpected endpoint shows it in the test.
 */
export function fakeServer(handlers: Record<string, Handler>) {
  const seen: SeenRequest[] = [];
  const transport: Transport = async (input, init) => {
    const url = new URL(input, 'http://localhost');
    const path = url.pathname.replace(/^\/api\/v1/, '');
    const request: SeenRequest = {
      method: init.method ?? 'GET',
      path,
      query: url.searchParams,
      contentType: new Headers(init.headers).get('Content-Type'),
      body: await readBody(init),
    };
    seen.push(request);
    const exact = handlers[`${request.method} ${path}`];
    const pattern = Object.entries(handlers).find(([key]) => {
      const [method, template = ''] = key.split(' ');
      return method === request.method && new RegExp(`^${template.replace(/:[a-zA-Z]+/g, '[^/]+')}$`).test(path);
    });
    const handler = exact ?? pattern?.[1];
    const answer = handler === undefined ? problemAnswer(404, 'NOT_FOUND') : await handler(request);
    const status = answer.status ?? 200;
    // A 204 carries no body at all (as the server sends it).
    return new Response(status === 204 ? null : JSON.stringify(answer.body), {
      status,
      headers: { 'Content-Type': answer.problem === true ? 'application/problem+json' : 'application/json' },
    });
  };
  return { transport, seen, requests: (method: string, path: string) => seen.filter((r) => r.method === method && r.path === path) };
}

function ConsoleTexts({ children }: { children: ReactNode }) {
  useConsoleMessages();
  return <>{children}</>;
}

/** Renders a console screen as the app does: Vietnamese, console texts, a session whose API talks to `transport`. */
export async function renderConsole(
  element: ReactNode,
  {
    transport,
    platform = fakePlatform(),
    path = '/',
  }: { transport: Transport; platform?: FakePlatform; /** The router's location (a screen reading its query). */ path?: string },
) {
  const i18n = await createI18n(memoryKeyValue(), document.createElement('html'));
  // The console shares the app's connectivity source (the sign-out button reads it), as App.tsx provides it.
  const connectivity = new Connectivity(platform.network);
  const api = createApiClient({ transport, clock: platform.clock, connectivity });
  const session = new Session({ api, platform });
  const view = render(
    <I18nextProvider i18n={i18n}>
      <PlatformProvider platform={platform}>
        <ConnectivityContext.Provider value={connectivity}>
          <SessionContext.Provider value={session}>
            <MemoryRouter initialEntries={[path]}>
              <ConsoleTexts>{element}</ConsoleTexts>
            </MemoryRouter>
          </SessionContext.Provider>
        </ConnectivityContext.Provider>
      </PlatformProvider>
    </I18nextProvider>,
  );
  return { ...view, i18n, platform };
}
