/**
 * A transparent TCP proxy in front of a server that counts what the server's sockets receive and send (HTTP headers
 * and bodies, not TCP/IP headers) and the HTTP/1.1 requests in the client's stream. Bytes are piped untouched, each
 * client connection to a connection of its own upstream, with backpressure both ways.
 *
 * Requests are counted by reading the request stream: a head up to its blank line, then a body of Content-Length
 * bytes. A chunked body (no browser fetch with a buffer body sends one) is not followed: the proxy says so in
 * `unparsed`, and stops counting requests on that connection.
 */
import net from 'node:net';

export interface ProxyCounters {
  /** Client → server bytes. */
  up: number;
  /** Server → client bytes. */
  down: number;
  requests: number;
  connections: number;
  /** Connections whose request stream could not be followed (chunked bodies): `requests` undercounts them. */
  unparsed: number;
}

export interface ByteCountingProxy {
  address: string;
  port: number;
  counters(): ProxyCounters;
  close(): Promise<void>;
}

const HEAD_END = Buffer.from('\r\n\r\n');
/** A head longer than this is not HTTP as the browser sends it: stop reading it. */
const MAX_HEAD_BYTES = 64 * 1024;

/** Follows one connection's request stream, calling `onRequest` at each request head. */
function requestReader(onRequest: (head: string) => void, onUnparsed: () => void): (chunk: Buffer) => void {
  let head: Buffer = Buffer.alloc(0);
  let bodyLeft = 0;
  let lost = false;
  return (chunk) => {
    let at = 0;
    while (!lost && at < chunk.length) {
      if (bodyLeft > 0) {
        const skip = Math.min(bodyLeft, chunk.length - at);
        bodyLeft -= skip;
        at += skip;
        continue;
      }
      // The blank line may straddle chunks: keep the head's last bytes with the new ones.
      const searchFrom = Math.max(0, head.length - 3);
      head = Buffer.concat([head, chunk.subarray(at)]);
      const end = head.indexOf(HEAD_END, searchFrom);
      if (end === -1) {
        if (head.length > MAX_HEAD_BYTES) {
          lost = true;
          onUnparsed();
        }
        return;
      }
      const text = head.subarray(0, end).toString('latin1');
      const consumed = end + HEAD_END.length - (head.length - (chunk.length - at));
      head = Buffer.alloc(0);
      at += consumed;
      onRequest(text);
      if (/^transfer-encoding:/im.test(text)) {
        lost = true;
        onUnparsed();
        return;
      }
      bodyLeft = Number(/^content-length:\s*(\d+)/im.exec(text)?.[1] ?? 0);
    }
  };
}

/** Listens on `listen` and forwards every connection to `target`. */
export async function startByteCountingProxy(
  listen: { host: string; port: number },
  target: { host: string; port: number },
  /** Called with each request's first line and its connection's number (a timeline: `DRAIN_TRACE=1`). */
  onRequest?: (line: string, connection: number) => void,
): Promise<ByteCountingProxy> {
  const counters: ProxyCounters = { up: 0, down: 0, requests: 0, connections: 0, unparsed: 0 };
  const open = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    counters.connections += 1;
    const connection = counters.connections;
    const upstream = net.connect({ ...target, allowHalfOpen: true, noDelay: true });
    open.add(client);
    open.add(upstream);
    const readRequests = requestReader(
      (head) => {
        counters.requests += 1;
        onRequest?.(head.slice(0, head.indexOf('\r\n') >>> 0), connection);
      },
      () => (counters.unparsed += 1),
    );
    client.on('data', (chunk: Buffer) => {
      counters.up += chunk.length;
      readRequests(chunk);
    });
    upstream.on('data', (chunk: Buffer) => (counters.down += chunk.length));
    client.pipe(upstream);
    upstream.pipe(client);
    const fail = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', fail);
    upstream.on('error', fail);
    client.on('close', () => open.delete(client));
    upstream.on('close', () => open.delete(upstream));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  return {
    address: listen.host,
    port: listen.port,
    counters: () => ({ ...counters }),
    close: async () => {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
