// What the load benches (bench/importLoad.ts, bench/pdfLoad.ts) share: raw HTTP requests to a server process on
// loopback (no cookie jar, no retries: what is measured is the server), demo sign-in, latency summaries, and a
// connection to the PostgreSQL server itself for scratch databases.
import http from 'node:http';
import { Readable } from 'node:stream';
import pg from 'pg';

export interface Answer {
  status: number;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
}

/** One request; `agent: false` opens a connection of its own. A Readable body is streamed. */
export function request(
  agent: http.Agent | false,
  port: number,
  method: string,
  target: string,
  headers: Record<string, string>,
  body?: string | Readable,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: '127.0.0.1', port, method, path: target, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on('error', reject);
    if (body instanceof Readable) body.pipe(req);
    else req.end(body);
  });
}

/** Signs a demo account in; answers its session cookie (`sid=…`). */
export async function login(port: number, username: string, password: string): Promise<string> {
  const res = await request(
    false,
    port,
    'POST',
    '/api/v1/auth/login',
    { 'content-type': 'application/json' },
    JSON.stringify({ username, password }),
  );
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${res.body.toString('utf8')}`);
  return (res.headers['set-cookie']?.[0] ?? '').split(';')[0] ?? '';
}

export const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
export const round = (x: number): number => Math.round(x * 10) / 10;

/** Latencies of one kind of probe, in ms. */
export interface Probes {
  count: number;
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarizeProbes(ms: readonly number[], failed: number): Probes {
  const sorted = [...ms].sort((a, b) => a - b);
  return { count: ms.length, failed, p50: round(quantile(sorted, 0.5)), p99: round(quantile(sorted, 0.99)), max: round(sorted.at(-1) ?? NaN) };
}

/** Runs `fn` on a connection to the server's `postgres` database (to create or drop a scratch database). */
export async function onPostgresServer<T>(databaseUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
