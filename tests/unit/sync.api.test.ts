import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../src/platform';
import { createApiClient, REQUEST_TIMEOUT_MS, type Transport } from '../../src/sync';
import { makeMe, makeWorkOrder, page, upsert } from './support/fixtures';
import { FakeClock } from './support/fakePlatform';

function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function problem(status: number, code: string, headers: Record<string, string> = {}, extra: object = {}): Response {
  return new Response(
    JSON.stringify({ type: `about:blank#${code}`, title: code, status, code, detail: 'detail', retryable: status >= 500, ...extra }),
    { status, headers: { 'Content-Type': 'application/problem+json', ...headers } },
  );
}

function clientWith(transport: Transport) {
  return createApiClient({ transport, clock: new FakeClock() });
}

const credentials = { username: 'tech1', password: 'demo1234' };

describe('API client', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('sends a photo as a Blob of exactly its bytes, typed, to its own address (an ArrayBuffer body is slow in Chromium)', async () => {
    const transport = vi.fn<Transport>(() => Promise.resolve(jsonResponse({ id: 'a'.repeat(64), mime: 'image/jpeg', bytes: 7 }, 201)));
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]).buffer;
    const result = await clientWith(transport).putPhoto({ photoId: 'a'.repeat(64), mime: 'image/jpeg', bytes });

    expect(result).toEqual({ ok: true, value: { created: true } });
    const [url, init] = transport.mock.calls[0]!;
    expect(url).toBe(`/api/v1/photos/${'a'.repeat(64)}`);
    expect(init.method).toBe('PUT');
    expect(new Headers(init.headers).get('Content-Type')).toBe('image/jpeg');
    expect(init.body).toBeInstanceOf(Blob);
    const sent = init.body as Blob;
    expect(sent.type).toBe('image/jpeg');
    expect([...new Uint8Array(await sent.arrayBuffer())]).toEqual([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
  });

  it("sends a batch of photos as one Blob: the manifest line, then each photo's bytes in order; reads each outcome", async () => {
    const [a, b] = ['a'.repeat(64), 'b'.repeat(64)];
    const answer = {
      results: [
        { id: a, outcome: 'created', mime: 'image/jpeg', bytes: 3 },
        { id: b, outcome: 'refused', code: 'PHOTO_UNREADABLE', detail: 'cut short' },
      ],
    };
    const transport = vi.fn<Transport>(() => Promise.resolve(jsonResponse(answer)));
    const photos = [
      { photoId: a, mime: 'image/jpeg', bytes: new Uint8Array([1, 2, 3]).buffer },
      { photoId: b, mime: 'image/png', bytes: new Uint8Array([4, 5]).buffer },
    ];
    const result = await clientWith(transport).putPhotos(photos);

    expect(result).toEqual({ ok: true, value: answer.results });
    const [url, init] = transport.mock.calls[0]!;
    expect(url).toBe('/api/v1/photos');
    expect(init.method).toBe('POST');
    expect(new Headers(init.headers).get('Content-Type')).toBe('application/vnd.meter-swap.photo-batch');
    const sent = new Uint8Array(await (init.body as Blob).arrayBuffer());
    const manifest = `${JSON.stringify({
      photos: [
        { id: a, type: 'image/jpeg', bytes: 3 },
        { id: b, type: 'image/png', bytes: 2 },
      ],
    })}\n`;
    expect([...sent]).toEqual([...new TextEncoder().encode(manifest), 1, 2, 3, 4, 5]);
  });

  it('refuses a batch answer that does not speak of exactly the photos sent, in order, and passes a 404 on (a server from before batches)', async () => {
    const photos = [{ photoId: 'a'.repeat(64), mime: 'image/jpeg', bytes: new Uint8Array([1]).buffer }];
    const other = { results: [{ id: 'c'.repeat(64), outcome: 'created', mime: 'image/jpeg', bytes: 1 }] };
    expect(await clientWith(() => Promise.resolve(jsonResponse(other))).putPhotos(photos)).toMatchObject({
      ok: false,
      error: { code: 'BAD_RESPONSE' },
    });
    expect(await clientWith(() => Promise.resolve(problem(404, 'NOT_FOUND'))).putPhotos(photos)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', status: 404, retryable: false },
    });
  });

  it('sends the login as same-origin JSON and parses Me', async () => {
    const me = makeMe();
    const transport = vi.fn<Transport>(() => Promise.resolve(jsonResponse(me)));
    const result = await clientWith(transport).login(credentials);

    expect(result).toEqual({ ok: true, value: me });
    const [url, init] = transport.mock.calls[0]!;
    expect(url).toBe('/api/v1/auth/login');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('same-origin');
    expect(typeof init.body === 'string' ? JSON.parse(init.body) : null).toEqual(credentials);
    expect(new Headers(init.headers).get('Content-Type')).toBe('application/json');
  });

  it('maps a problem+json answer to its code', async () => {
    const result = await clientWith(() => Promise.resolve(problem(401, 'INVALID_CREDENTIALS'))).login(credentials);

    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('INVALID_CREDENTIALS');
      expect(result.error.status).toBe(401);
      expect(result.error.retryable).toBe(false);
    }
  });

  it('reads Retry-After on RATE_LIMITED as milliseconds', async () => {
    const result = await clientWith(() => Promise.resolve(problem(429, 'RATE_LIMITED', { 'Retry-After': '42' }))).login(credentials);

    expect(result.ok ? null : result.error).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 42_000 });
  });

  it('keeps the field errors of a validation problem', async () => {
    const errors = [{ path: 'username', code: 'too_small', message: 'Too small' }];
    const result = await clientWith(() => Promise.resolve(problem(400, 'VALIDATION_FAILED', {}, { errors }))).login(credentials);

    expect(result.ok ? null : result.error.fieldErrors).toEqual(errors);
  });

  it('derives a code from the status when the error has no problem body (proxy page)', async () => {
    const html = () => Promise.resolve(new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }));
    const result = await clientWith(html).me();

    expect(result.ok ? null : result.error).toMatchObject({ code: 'UNAVAILABLE', status: 502, retryable: true });
  });

  it('reads a pull refused as CLIENT_OUTDATED, with its problem body or without one (a proxy dropped it)', async () => {
    const supported = { supported: { min: 2, max: 3 } };
    const withBody = await clientWith(() => Promise.resolve(problem(426, 'CLIENT_OUTDATED', {}, supported))).pull({
      clientId: 'client-1',
      cursor: null,
      limit: 200,
    });
    expect(withBody.ok ? null : withBody.error).toMatchObject({ code: 'CLIENT_OUTDATED', status: 426, retryable: false });
    const bare = () => Promise.resolve(new Response('Upgrade Required', { status: 426, headers: { 'Content-Type': 'text/plain' } }));
    const withoutBody = await clientWith(bare).pull({ clientId: 'client-1', cursor: null, limit: 200 });
    expect(withoutBody.ok ? null : withoutBody.error).toMatchObject({ code: 'CLIENT_OUTDATED', status: 426, retryable: false });
  });

  it('turns a network failure into OFFLINE', async () => {
    const result = await clientWith(() => Promise.reject(new TypeError('Failed to fetch'))).me();

    expect(result.ok ? null : result.error).toMatchObject({ code: 'OFFLINE', status: null, retryable: true });
  });

  it('reports BAD_RESPONSE when a 200 body is not what the contract says (captive portal)', async () => {
    const portal = () => Promise.resolve(new Response('<html>Login to Wi-Fi</html>', { status: 200 }));
    const result = await clientWith(portal).me();

    expect(result.ok ? null : result.error.code).toBe('BAD_RESPONSE');
  });

  it('gives up with TIMEOUT after 30 s without an answer', async () => {
    vi.useFakeTimers();
    const hanging: Transport = (_url, init) =>
      new Promise((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
      });
    const pending = createApiClient({ transport: hanging, clock: systemClock }).me();
    await vi.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1);
    let settled = false;
    void pending.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);

    await vi.advanceTimersByTimeAsync(1);
    const result = await pending;
    expect(result.ok ? null : result.error.code).toBe('TIMEOUT');
  });

  it('asks for a pull page with the protocol version, clientId, cursor and limit, and parses it', async () => {
    const body = page([upsert(makeWorkOrder())], { cursor: 'next', hasMore: true });
    const transport = vi.fn<Transport>(() => Promise.resolve(jsonResponse(body)));
    const result = await clientWith(transport).pull({ clientId: 'client-1', cursor: 'c 1', limit: 200 });

    expect(result).toEqual({ ok: true, value: body });
    expect(transport.mock.calls[0]![0]).toBe('/api/v1/sync/pull?protocolVersion=1&clientId=client-1&limit=200&cursor=c+1&stock=2');
  });

  it('omits the cursor on a first pull', async () => {
    const transport = vi.fn<Transport>(() => Promise.resolve(jsonResponse(page([]))));
    await clientWith(transport).pull({ clientId: 'client-1', cursor: null, limit: 200 });

    expect(transport.mock.calls[0]![0]).toBe('/api/v1/sync/pull?protocolVersion=1&clientId=client-1&limit=200&stock=2');
  });

  it('refuses a pull page whose work-order upsert has no data', async () => {
    const broken = page([{ entity: 'workOrder', op: 'upsert', id: 'x', version: 1 }]);
    const result = await clientWith(() => Promise.resolve(jsonResponse(broken))).pull({
      clientId: 'c',
      cursor: null,
      limit: 200,
    });

    expect(result.ok ? null : result.error.code).toBe('BAD_RESPONSE');
  });

  it('treats a 204 logout as success', async () => {
    const result = await clientWith(() => Promise.resolve(new Response(null, { status: 204 }))).logout();

    expect(result).toEqual({ ok: true, value: null });
  });
});
