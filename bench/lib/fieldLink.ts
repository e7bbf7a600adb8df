/**
 * An emulated field link between a client in a network namespace of its own and the servers of this machine: the
 * client's traffic to `hostAddress` crosses two veth pairs and, between them, a wire that delays and rate-limits every
 * frame like `tc netem delay <rtt/2> rate <bw>` on both ends (./fieldLinkWire.py; this kernel has no sch_netem).
 *
 *   root namespace                 <name>l (the wire)                  <name>c (the client)
 *   hostAddress on <veth>s  ⇄  <veth>s1 ═ fieldLinkWire.py ═ <veth>c1  ⇄  <veth>c clientAddress
 *
 * The servers stay in the root namespace, so they reach PostgreSQL on loopback as usual; the client (a Chromium, a
 * Node peer) is started through `ip netns exec <clientNamespace>` and talks to `hostAddress`, which only the link
 * reaches. The link starts unshaped (setting up a device is not what is measured); `shape()` applies the figures.
 * Needs root (ip netns, veth) and python3.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface LinkFigures {
  upMbit: number;
  downMbit: number;
  rttMs: number;
}

/** What each direction of the wire carried (Ethernet frames, headers included) and dropped, since the link opened. */
export interface WireCounters {
  up: { frames: number; bytes: number; dropped: number; largestFrame: number };
  down: { frames: number; bytes: number; dropped: number; largestFrame: number };
}

export interface FieldLink {
  /** The root namespace's end: servers listen here for the client. */
  hostAddress: string;
  clientAddress: string;
  clientNamespace: string;
  /** The wire's process (python3, in the link's namespace): its CPU is the link's, neither side's. */
  wirePid: number;
  /** Applies the link's figures from now on (frames already on the wire keep their schedule). */
  shape(figures: LinkFigures): Promise<void>;
  counters(): Promise<WireCounters>;
  /** A shell script that runs `executable` inside the client's namespace (for Playwright's executablePath). */
  wrapExecutable(executable: string): string;
  close(): Promise<void>;
}

/** netem's default queue: frames held per direction (serializing or travelling) before the next one is dropped. */
export const WIRE_QUEUE_FRAMES = 1000;

const WIRE_SCRIPT = path.join(import.meta.dirname, 'fieldLinkWire.py');

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

function namesFor(id: number) {
  const name = `drain${id}`;
  return { client: `${name}c`, link: `${name}l`, hostVeth: `dr${id}s`, clientVeth: `dr${id}c` };
}

/** Removes what an earlier run with this id left behind (a killed bench cannot clean up after itself). */
export function removeFieldLink(id: number): void {
  const names = namesFor(id);
  for (const namespace of [names.client, names.link]) {
    try {
      ip('netns', 'del', namespace);
    } catch {
      // Not there: nothing to remove.
    }
  }
  try {
    ip('link', 'del', names.hostVeth);
  } catch {
    // Deleting the link namespace took its peer, and with it this end.
  }
}

/**
 * Builds the namespaces and the wire for link `id` (a small number that makes names and addresses unique on this
 * machine, e.g. the bench's port minus 8600: 10.86.<id>.1 for the host, .2 for the client).
 */
export async function openFieldLink(id: number): Promise<FieldLink> {
  if (!Number.isInteger(id) || id < 0 || id > 255) throw new Error(`link id ${id} is not 0…255`);
  const names = namesFor(id);
  const hostAddress = `10.86.${id}.1`;
  const clientAddress = `10.86.${id}.2`;
  removeFieldLink(id);
  const scratch = mkdtempSync(path.join(tmpdir(), 'field-link-'));
  let wire: ChildProcess | null = null;
  const killOnExit = () => wire?.kill('SIGKILL');
  process.once('exit', killOnExit);
  const close = async () => {
    process.off('exit', killOnExit);
    if (wire !== null && wire.exitCode === null && wire.signalCode === null) {
      const exited = new Promise((resolve) => wire?.once('exit', resolve));
      wire.stdin?.end();
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
      wire.kill('SIGKILL');
    }
    removeFieldLink(id);
    rmSync(scratch, { recursive: true, force: true });
  };
  try {
    ip('netns', 'add', names.client);
    ip('netns', 'add', names.link);
    ip('link', 'add', names.hostVeth, 'type', 'veth', 'peer', 'name', `${names.hostVeth}1`, 'netns', names.link);
    ip('link', 'add', names.clientVeth, 'netns', names.client, 'type', 'veth', 'peer', 'name', `${names.clientVeth}1`, 'netns', names.link);
    ip('addr', 'add', `${hostAddress}/24`, 'dev', names.hostVeth);
    ip('link', 'set', names.hostVeth, 'up');
    ip('-n', names.client, 'addr', 'add', `${clientAddress}/24`, 'dev', names.clientVeth);
    ip('-n', names.client, 'link', 'set', names.clientVeth, 'up');
    ip('-n', names.client, 'link', 'set', 'lo', 'up');
    ip('-n', names.link, 'link', 'set', `${names.hostVeth}1`, 'up');
    ip('-n', names.link, 'link', 'set', `${names.clientVeth}1`, 'up');
    // The ends that hold addresses compute their checksums and segment in software: the wire copies whole, finished frames.
    execFileSync('python3', [WIRE_SCRIPT, '--checksum-in-software', names.hostVeth]);
    execFileSync('ip', ['netns', 'exec', names.client, 'python3', WIRE_SCRIPT, '--checksum-in-software', names.clientVeth]);

    // A = the client's side, B = the host's: A→B is up.
    const child = spawn('ip', ['netns', 'exec', names.link, 'python3', WIRE_SCRIPT, `${names.clientVeth}1`, `${names.hostVeth}1`], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    wire = child;
    const lines = createInterface({ input: child.stdout });
    const waiting: ((line: string) => void)[] = [];
    lines.on('line', (line) => waiting.shift()?.(line));
    const nextLine = () =>
      new Promise<string>((resolve, reject) => {
        const onExit = () => reject(new Error('the link wire exited'));
        child.once('exit', onExit);
        waiting.push((line) => {
          child.off('exit', onExit);
          resolve(line);
        });
      });
    const ask = async (command: string): Promise<unknown> => {
      const answer = nextLine();
      child.stdin.write(`${command}\n`);
      return JSON.parse(await answer) as unknown;
    };
    if ((JSON.parse(await nextLine()) as unknown) !== 'ready') throw new Error('the link wire did not start');

    return {
      hostAddress,
      clientAddress,
      clientNamespace: names.client,
      wirePid: child.pid ?? NaN,
      async shape({ upMbit, downMbit, rttMs }) {
        await ask(`shape ${upMbit * 1e6} ${downMbit * 1e6} ${rttMs / 2} ${WIRE_QUEUE_FRAMES}`);
      },
      async counters() {
        const { aToB, bToA } = (await ask('counters')) as { aToB: WireCounters['up']; bToA: WireCounters['down'] };
        return { up: aToB, down: bToA };
      },
      wrapExecutable(executable) {
        const script = path.join(scratch, `${path.basename(executable)}-in-${names.client}`);
        writeFileSync(script, `#!/bin/sh\nexec ip netns exec ${names.client} ${executable} "$@"\n`);
        chmodSync(script, 0o755);
        return script;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
