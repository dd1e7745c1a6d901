/**
 * Issue 8: a DATA_DIR the server cannot use stops it at start with one line naming the path,
 * not a stack trace or SQLite's "unable to open database file". Run as the real process
 * (main.ts), since the line on stderr and the exit code are what an operator sees.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { REPO_ROOT } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

/** Starts main.ts with `dataDir` and resolves with its exit code and stderr once it exits. */
async function start(dataDir: string, asUser?: number): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(asUser === undefined ? {} : { uid: asUser, gid: asUser }),
  });
  let stderr = '';
  let stdout = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    // It started after all: stop it, the assertions below then say so.
    if (stdout.includes('taskflow listening on')) child.kill('SIGKILL');
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stderr };
}

function expectOneLine(stderr: string, ...parts: string[]): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  for (const part of parts) expect(lines[0]).toContain(part);
}

describe('DATA_DIR errors at start (issue 8)', () => {
  const dir = tempDir('data-dir');
  afterAll(() => dir.remove());

  test('a file where the directory should be', async () => {
    const file = path.join(dir.path, 'not-a-dir');
    writeFileSync(file, 'x');
    const { code, stderr } = await start(file);
    expect(code).toBe(1);
    expectOneLine(stderr, `DATA_DIR ${file} is not a directory`);
  });

  test('a directory that cannot be created', async () => {
    const file = path.join(dir.path, 'plain-file');
    writeFileSync(file, 'x');
    const inside = path.join(file, 'data');
    const { code, stderr } = await start(inside);
    expect(code).toBe(1);
    expectOneLine(stderr, `DATA_DIR ${inside} does not exist and cannot be created`, 'ENOTDIR');
  });

  test('a read-only directory', async () => {
    // Root writes through any mode bits: run the server as nobody then, as a real deployment would.
    const root = process.getuid?.() === 0;
    chmodSync(dir.path, 0o755);
    const readOnly = path.join(dir.path, 'read-only');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    const { code, stderr } = await start(readOnly, root ? 65534 : undefined);
    expect(code).toBe(1);
    expectOneLine(stderr, `DATA_DIR ${readOnly} is not writable`, 'EACCES');
  });
});
