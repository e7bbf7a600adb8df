/**
 * What plain TCP gets through an emulated field link (./fieldLink.ts): `flows` connections from the client's
 * namespace each send their share of `bytes` to a sink on the host's side, as fast as the kernel's TCP goes (python3,
 * `sendall`), timed from the first connect to the last byte received. Its utilisation is the ceiling of any drain
 * over the same link: Ethernet, IP and TCP headers (~4.5 % of a full frame), the handshake and slow start are
 * counted in the link's bandwidth but not in the payload, so even raw TCP stays below 1.
 *
 *   node --import tsx bench/lib/linkCeiling.ts --link 1/1/300 --bytes 2490000 [--flows 4]
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { openFieldLink, type LinkFigures } from './fieldLink';

export interface LinkCeiling {
  flows: number;
  bytes: number;
  seconds: number;
  /** bytes ÷ (up bandwidth × seconds). */
  utilisation: number;
}

const SINK_PORT = 9077;

export async function measureLinkCeiling(link: LinkFigures, bytes: number, { flows = 4, id = 77 } = {}): Promise<LinkCeiling> {
  const field = await openFieldLink(id);
  const sockets = new Set<net.Socket>();
  const sink = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  try {
    await field.shape(link);
    const share = Math.ceil(bytes / flows);
    let received = 0;
    let lastAt = 0;
    const allIn = new Promise<void>((resolve) => {
      sink.on('connection', (socket) =>
        socket.on('data', (chunk: Buffer) => {
          received += chunk.length;
          lastAt = performance.now();
          if (received >= share * flows) resolve();
        }),
      );
    });
    await new Promise<void>((resolve) => sink.listen(SINK_PORT, field.hostAddress, () => resolve()));
    const sender = [
      'import socket, threading',
      'def send():',
      `    s = socket.create_connection(('${field.hostAddress}', ${SINK_PORT}))`,
      `    s.sendall(bytes(${share}))`,
      '    s.shutdown(socket.SHUT_WR)',
      '    s.recv(1)',
      `threads = [threading.Thread(target=send) for _ in range(${flows})]`,
      'for t in threads: t.start()',
      'for t in threads: t.join()',
    ].join('\n');
    const startedAt = performance.now();
    const child = spawn('ip', ['netns', 'exec', field.clientNamespace, 'python3', '-c', sender], { stdio: 'ignore' });
    const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`the sender exited (${code}) early`))));
    await Promise.race([allIn, exited]);
    for (const socket of sockets) socket.destroy();
    child.kill();
    const seconds = (lastAt - startedAt) / 1000;
    return { flows, bytes: share * flows, seconds, utilisation: (share * flows) / ((link.upMbit * 1e6) / 8) / seconds };
  } finally {
    await new Promise((resolve) => sink.close(resolve));
    await field.close();
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const args = new Map<string, string>();
  for (let i = 2; i < process.argv.length; i += 2) args.set(process.argv[i]?.replace(/^--/, '') ?? '', process.argv[i + 1] ?? '');
  const [upMbit = 1, downMbit = 1, rttMs = 300] = (args.get('link') ?? '1/1/300').split('/').map(Number);
  const result = await measureLinkCeiling({ upMbit, downMbit, rttMs }, Number(args.get('bytes') ?? 2_490_000), {
    flows: Number(args.get('flows') ?? 4),
  });
  console.log(JSON.stringify(result));
}
