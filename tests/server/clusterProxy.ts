import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the proxy routed it. */
export interface ProxyHit {
  /** The round-robin counter it was counted on (see `counter`). */
  counter: string;
  method: string;
  path: string;
  /** Index of the backend that took the request; null when none would (every process refused the connection). */
  backend: number | null;
  /** The backend first chosen refused the connection and another one took the request. */
  rerouted: boolean;
  /** The upstream's status, 502 when the upstream failed, null while in flight. */
  status: number | null;
}

export interface RoundRobinProxy {
  url: string;
  /** Every request in arrival order. */
  readonly hits: readonly ProxyHit[];
  /** How many requests each backend took (index = backend). */
  served(): number[];
  /** How many requests each backend is working on now (sent, answer not yet complete). */
  inFlight(): number[];
  close(): Promise<void>;
}

export interface ProxyOptions {
  /**
   * Which round-robin counter a request advances (default: one counter for all). The e2e test keeps pushes on a
   * counter of their own, so a push and its retry always land on different processes.
   */
  counter?: (req: IncomingMessage) => string;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade']);

/** The headers a proxy passes on: all but the hop-by-hop ones, which describe one connection. */
function endToEnd(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A round-robin reverse proxy in front of several server processes on loopback: each request goes to the next
 * backend in turn, so one device's consecutive requests land on different processes.
 *
 * It behaves like nginx's defaults (`proxy_request_buffering on`, `proxy_next_upstream error timeout`, which since
 * nginx 1.9.13 never passes a request that was already sent on to another upstream unless told `non_idempotent`):
 * the body is read first; a backend that refuses the connection (a dead process) is skipped and the next one tried,
 * since nothing was sent to it; a backend that dies after the request was sent answers 502, because the request may
 * have been applied and only the client may decide to retry. A client that goes away aborts the upstream request.
 */
export async function startRoundRobinProxy(ports: readonly number[], options: ProxyOptions = {}): Promise<RoundRobinProxy> {
  const counters = new Map<string, number>();
  const hits: ProxyHit[] = [];
  const busy = ports.map(() => 0);
  const server = createServer((req, res) => {
    const counter = options.counter?.(req) ?? 'all';
    const turn = counters.get(counter) ?? 0;
    counters.set(counter, turn + 1);
    const hit: ProxyHit = { counter, method: req.method ?? 'GET', path: req.url ?? '/', backend: null, rerouted: false, status: null };
    hits.push(hit);
    const fail = () => {
      hit.status = 502;
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('Bad gateway');
      else res.destroy();
    };
    const headers = endToEnd(req.headers);

    const attempt = (body: Buffer, tried: number) => {
      if (tried >= ports.length) return fail();
      const backend = (turn + tried) % ports.length;
      hit.backend = backend;
      hit.rerouted = tried > 0;
      busy[backend] = (busy[backend] ?? 0) + 1;
      let done = false;
      const finish = () => {
        if (!done) busy[backend] = (busy[backend] ?? 1) - 1;
        done = true;
      };
      // A connection of its own per request (agent: false): a refused connection then surely means nothing was sent.
      const upstream = httpRequest(
        {
          host: '127.0.0.1',
          port: ports[backend],
          method: req.method,
          path: req.url,
          headers: { ...headers, 'content-length': String(body.length) },
          agent: false,
        },
        (answer) => {
          hit.status = answer.statusCode ?? 502;
          res.writeHead(hit.status, endToEnd(answer.headers));
          answer.on('error', () => res.destroy());
          answer.on('close', finish);
          answer.pipe(res);
        },
      );
      upstream.on('close', () => {
        if (hit.status === null) finish();
      });
      upstream.on('error', (error: NodeJS.ErrnoException) => {
        finish();
        if (error.code === 'ECONNREFUSED') attempt(body, tried + 1);
        else fail();
      });
      // The client went away before its answer was complete: so does the upstream request.
      res.on('close', () => {
        if (!res.writableFinished) upstream.destroy();
      });
      upstream.end(body);
    };

    readBody(req).then(
      (body) => attempt(body, 0),
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    inFlight: () => [...busy],
    served: () => ports.map((_port, i) => hits.filter((h) => h.backend === i && h.status !== null && h.status !== 502).length),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
