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
  stop(): Promise<void>;
};

const PRELOAD = ['--expose-gc', '--import', join(root, 'bench/gc-hook.mjs')];

function heapReader(child: ChildProcess): () => Promise<number> {
  let waiting: ((kib: number) => void) | undefined;
  child.stdout?.on('data', (chunk: Buffer) => {
    const m = /bench-heap (\d+)/.exec(chunk.toString());
    if (m?.[1] && waiting) waiting(Number(m[1]) / 1024);
  });
  return () =>
    new Promise((resolve) => {
      waiting = resolve;
      child.kill('SIGUSR2');
    });
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

export async function startPeer(kind: 'echo' | 'reference'): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...PRELOAD, join(root, 'bench/peer-servers.mjs'), kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await waitForPort(child, /listening (\d+)/);
  return { name: kind, port, pid: child.pid as number, heapKiB: heapReader(child), stop: stopper(child) };
}

export async function startTaskflow(): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'taskflow-bench-'));
  const child = spawn(process.execPath, [...PRELOAD, '--import', 'tsx', join(root, 'server/src/main.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
  });
  const port = await waitForPort(child, /taskflow listening on http:\/\/[^:]+:(\d+)/);
  return {
    name: 'taskflow',
    port,
    pid: child.pid as number,
    heapKiB: heapReader(child),
    stop: stopper(child, () => rmSync(dataDir, { recursive: true, force: true })),
  };
}

/** Resident memory of a process in KiB (Linux). */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}
