/**
 * CPU time and memory of processes from /proc (Linux): one process (a server), or a family of them (a Chromium: its
 * browser process and every descendant). A family's CPU is followed per process while it runs, so a renderer that
 * exits mid-window keeps what it had used when last seen; its last 100 ms are the error.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface ProcStat {
  ppid: number;
  /** utime + stime of the process itself (its threads included, its children not), in seconds. */
  cpuSeconds: number;
  /** Clock ticks after boot: with the pid, names one process even after the pid is reused. */
  startTicks: string;
}

function readStat(pid: number): ProcStat | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (2nd field) may hold spaces and parentheses: fields are counted after its last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return {
    ppid: Number(fields[1]),
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND,
    startTicks: fields[19] ?? '',
  };
}

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM), or 0 when the process is gone. */
export function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return Number(match?.[1] ?? 0);
  } catch {
    return 0;
  }
}

/** utime and stime of a process apart, in seconds (NaN when it is gone): where its CPU went, its code or the kernel. */
export function cpuSplit(pid: number): { user: number; system: number } {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / TICKS_PER_SECOND, system: Number(fields[12]) / TICKS_PER_SECOND };
  } catch {
    return { user: NaN, system: NaN };
  }
}

export function cpuSeconds(pid: number): number {
  return readStat(pid)?.cpuSeconds ?? NaN;
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

function kindOf(pid: number): string {
  try {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const type = args.find((arg) => arg.startsWith('--type='))?.slice('--type='.length);
    const service = args
      .find((arg) => arg.startsWith('--utility-sub-type='))
      ?.split('.')
      .at(-1);
    return type === undefined ? 'browser' : service === undefined ? type : `${type}:${service}`;
  } catch {
    return 'gone';
  }
}

/**
 * The processes descended from `roots` (the roots included), followed over a window: `sample()` reads each one's CPU
 * and memory (call it every ~100 ms), `rescan()` looks for new descendants (every second is enough).
 */
export class ProcessFamily {
  private readonly seen = new Map<string, { pid: number; kind: string; first: number; last: number }>();
  private members: number[] = [];
  peakRssKb = 0;

  constructor(private readonly roots: readonly number[]) {
    this.rescan();
  }

  rescan(): void {
    const stats = new Map<number, ProcStat>();
    for (const pid of allPids()) {
      const stat = readStat(pid);
      if (stat !== null) stats.set(pid, stat);
    }
    const members = new Set(this.roots.filter((pid) => stats.has(pid)));
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, stat] of stats) {
        if (!members.has(pid) && members.has(stat.ppid)) {
          members.add(pid);
          grew = true;
        }
      }
    }
    this.members = [...members];
    for (const pid of this.members) this.note(pid, stats.get(pid));
  }

  sample(): void {
    let rssKb = 0;
    for (const pid of this.members) {
      this.note(pid, readStat(pid) ?? undefined);
      rssKb += statusKb(pid, 'VmRSS');
    }
    this.peakRssKb = Math.max(this.peakRssKb, rssKb);
  }

  /** Starts the window: CPU counts from now, the memory peak too. */
  reset(): void {
    this.rescan();
    for (const entry of this.seen.values()) entry.first = entry.last;
    this.peakRssKb = 0;
    this.sample();
  }

  /** CPU seconds the family used since reset(): a process born after it counts from zero. */
  cpuSeconds(): number {
    let total = 0;
    for (const { first, last } of this.seen.values()) total += last - first;
    return total;
  }

  /** CPU seconds since reset() by kind of process (Chromium's `--type=`: renderer, utility, gpu-process…; the root is "browser"). */
  cpuSecondsByKind(): Record<string, number> {
    const byKind: Record<string, number> = {};
    for (const { kind, first, last } of this.seen.values()) byKind[kind] = (byKind[kind] ?? 0) + last - first;
    return byKind;
  }

  get processes(): number {
    return this.members.length;
  }

  private note(pid: number, stat: ProcStat | undefined): void {
    if (stat === undefined) return;
    const key = `${pid}:${stat.startTicks}`;
    const entry = this.seen.get(key);
    if (entry === undefined) this.seen.set(key, { pid, kind: kindOf(pid), first: 0, last: stat.cpuSeconds });
    else entry.last = stat.cpuSeconds;
  }
}
