export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The body as bytes (images). */
  bytes: Uint8Array;
  /** The body parsed as JSON (throws when it is not JSON). */
  json(): unknown;
}

export interface RequestOptions {
  json?: unknown;
  /** A raw body: text, or bytes (photos). */
  body?: string | Uint8Array;
  headers?: Record<string, string>;
}

/**
 * fetch with a cookie jar: what a browser tab does with the session cookie, and nothing more.
 * The jar judges `Expires` by `now`, which must be the clock the server under test runs on: a fake-clock server
 * with a real-clock jar drops every cookie once the real date passes the fake one plus the session's lifetime.
 */
export class HttpClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    /** Milliseconds since the epoch on the server's clock (`Date.now` only for a server on the real clock). */
    private readonly now: () => number,
  ) {}

  async request(method: string, path: string, options: RequestOptions = {}): Promise<TestResponse> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookies.size > 0 && headers.cookie === undefined) {
      headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    // A copy owns a plain ArrayBuffer, which is what fetch's BodyInit accepts.
    let body: string | Uint8Array<ArrayBuffer> | undefined =
      typeof options.body === 'string' || options.body === undefined ? options.body : new Uint8Array(options.body);
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, redirect: 'manual' });
    for (const cookie of res.headers.getSetCookie()) this.store(cookie);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    return {
      status: res.status,
      headers: res.headers,
      text,
      bytes,
      json: (): unknown => JSON.parse(text),
    };
  }

  get(path: string, options?: RequestOptions): Promise<TestResponse> {
    return this.request('GET', path, options);
  }

  /** PUT raw bytes with a content type (photo upload). */
  put(path: string, bytes: Uint8Array, contentType: string): Promise<TestResponse> {
    return this.request('PUT', path, { body: bytes, headers: { 'content-type': contentType } });
  }

  head(path: string): Promise<TestResponse> {
    return this.request('HEAD', path);
  }

  post(path: string, json?: unknown, options: RequestOptions = {}): Promise<TestResponse> {
    return this.request('POST', path, json === undefined ? options : { ...options, json });
  }

  private store(setCookie: string): void {
    const [pair = '', ...attributes] = setCookie.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => {
      const [k = '', v = ''] = a.trim().split('=');
      return (k.toLowerCase() === 'max-age' && Number(v) <= 0) || (k.toLowerCase() === 'expires' && Date.parse(v) <= this.now());
    });
    if (expired || value === '') this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}
