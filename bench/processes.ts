/** Starts each server under test as a child process and reads its port from stdout. */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

export type ServerProcess = { name: string; port: number; pid: number; stop(): Promise<void> };

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
  const child = spawn(process.execPath, [join(root, 'bench/peer-servers.mjs'), kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await waitForPort(child, /listening (\d+)/);
  return { name: kind, port, pid: child.pid as number, stop: stopper(child) };
}

export async function startTaskflow(): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'taskflow-bench-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'server/src/main.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' },
  });
  const port = await waitForPort(child, /taskflow listening on http:\/\/[^:]+:(\d+)/);
  return {
    name: 'taskflow',
    port,
    pid: child.pid as number,
    stop: stopper(child, () => rmSync(dataDir, { recursive: true, force: true })),
  };
}

/** Resident memory of a process in KiB (Linux). */
export function rssKiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}
