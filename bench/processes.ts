/** Starts each server under test as a child process and reads its port from stdout. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

export type ServerProcess = {
  name: string;
  port: number;
  pid: number;
  /** Live JS heap after a full GC, in KiB (bench/gc-hook.mjs). */
  heapKiB(): Promise<number>;
  /** After a full GC, in KiB: live JS heap, resident set, and memory outside the heap (Buffers). */
  memory(): Promise<Memory>;
  stop(): Promise<void>;
};

export type Memory = { heapKiB: number; rssKiB: number; externalKiB: number };

const PRELOAD = ['--expose-gc', '--import', join(root, 'bench/gc-hook.mjs')];
/**
 * Extra Node flags for every server process (Taskflow, the reference, the echo floor), e.g.
 * BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" for a CPU profile of the server
 * (written when it stops; Node refuses --cpu-prof in NODE_OPTIONS).
 */
const SERVER_NODE_ARGS = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);

function memoryReader(child: ChildProcess): () => Promise<Memory> {
  let waiting: ((memory: Memory) => void) | undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    const m = /bench-heap (\d+) (\d+) (\d+)/.exec(chunk.toString());
    if (m && waiting) {
      const [heap, rss, external] = m.slice(1).map((x) => Number(x) / 1024) as [number, number, number];
      waiting({ heapKiB: heap, rssKiB: rss, externalKiB: external });
      waiting = undefined;
    }
  });
  return () =>
    new Promise((resolve) => {
      waiting = resolve;
      child.kill('SIGUSR2');
    });
}

function readers(child: ChildProcess): Pick<ServerProcess, 'heapKiB' | 'memory'> {
  const memory = memoryReader(child);
  return { memory, heapKiB: async () => (await memory()).heapKiB };
}

function waitForPort(child: ChildProcess, pattern: RegExp): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (m?.[1]) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${out}`)));
  });
}

function stopper(child: ChildProcess, cleanup?: () => void): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      child.once('exit', () => {
        cleanup?.();
        resolve();
      });
      child.kill('SIGTERM');
    });
}

export async function startPeer(kind: 'echo' | 'reference' | 'hocuspocus'): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_ARGS, ...PRELOAD, join(root, 'bench/peer-servers.mjs'), kind],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const port = await waitForPort(child, /listening (\d+)/);
  return { name: kind, port, pid: child.pid as number, ...readers(child), stop: stopper(child) };
}

/**
 * The bench measures the server, not its rate limits: hundreds of sockets and moves a second from
 * one bench user on 127.0.0.1 are far past what one person sends, so every limit is off (0).
 */
const NO_RATE_LIMITS = Object.fromEntries(
  ['REST_WRITES', 'SYNC_CONNECTIONS', 'SYNC_UPDATES'].flatMap((what) =>
    ['PERSON', 'ADDRESS'].map((per) => [`RATE_LIMIT_${what}_PER_${per}`, '0']),
  ),
);

/** A Taskflow server process on a fresh temp data dir; `env` adds or overrides its settings. */
export async function startTaskflow(env: Record<string, string> = {}): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'taskflow-bench-'));
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_ARGS, ...PRELOAD, '--import', 'tsx', join(root, 'server/src/main.ts')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...NO_RATE_LIMITS, ...env },
    },
  );
  const port = await waitForPort(child, /taskflow listening on http:\/\/[^:]+:(\d+)/);
  return {
    name: 'taskflow',
    port,
    pid: child.pid as number,
    ...readers(child),
    stop: stopper(child, () => rmSync(dataDir, { recursive: true, force: true })),
  };
}

/** CPU time (user + system) a process has used so far, in ms (Linux; 10 ms resolution). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const TICKS_PER_SECOND = 100;

/** Resident memory of a process in KiB (Linux). */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}
