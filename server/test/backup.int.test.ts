/**
 * Must-show 3 (issue 15), the backup half: `npm run backup` runs as its own process while three
 * sync clients move and create cards and a REST client creates tasks, all as fast as the server
 * acknowledges them. The backup is then restored into a fresh data directory the documented way
 * (its files copied in), a server started on it, and every change acknowledged before the backup
 * command started must be there; the restored database passes SQLite's integrity_check.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTask, FIRST_PROJECT_ID, moveTask, readBoard, readTask } from '@taskflow/model';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { call, firstOwner, type Session } from './helpers/auth.ts';
import { connectClient, readServerState, type TestClient } from './helpers/client.ts';
import { REPO_ROOT, spawnServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const COLUMNS = [1, 2, 3].map((i) => `${FIRST_PROJECT_ID}:col${i}`);
const dirs = [tempDir('backup-src'), tempDir('backup-out'), tempDir('backup-restored')];
const [source, out, restored] = dirs as [
  ReturnType<typeof tempDir>,
  ReturnType<typeof tempDir>,
  ReturnType<typeof tempDir>,
];
afterAll(() => {
  for (const d of dirs) d.remove();
});

/** What one writer had acknowledged: a sync client's own Yjs clock and the tasks it created. */
type Acked = { clientId: number | null; clock: number; created: string[] };

function runBackup(
  dataDir: string,
  args: string[],
): { child: ChildProcess; done: Promise<{ code: number | null; out: string }> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backup.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (c: Buffer) => {
    text += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    text += c.toString();
  });
  const done = once(child, 'exit').then(([code]) => ({ code: code as number | null, out: text }));
  return { child, done };
}

test('a backup taken under write load, restored, holds every change acknowledged before it began', async () => {
  const server = await spawnServer({ dataDir: source.path, env: { COMPACT_EVERY: '25' } });
  const owner = await firstOwner(server.url);
  const clients = Array.from({ length: 3 }, () => connectClient(server.wsUrl, { token: owner.token }));
  await Promise.all(clients.map((c) => c.synced));
  const records: Acked[] = clients.map((c) => ({ clientId: c.doc.clientID, clock: 0, created: [] }));
  const rest: Acked = { clientId: null, clock: 0, created: [] };
  let stop = false;
  let acks = 0;
  let backupRunning = false;
  let acksDuringBackup = 0;
  let warmedUp: () => void = () => {};
  const warm = new Promise<void>((resolve) => {
    warmedUp = resolve;
  });
  const counted = () => {
    acks += 1;
    if (backupRunning) acksDuringBackup += 1;
    // Some history first (and some compactions, at COMPACT_EVERY=25).
    if (acks >= 60) warmedUp();
  };

  const syncLoad = async (client: TestClient, record: Acked, seed: number) => {
    let n = seed;
    while (!stop) {
      n += 1;
      const created = editOnce(client, n);
      await client.acked();
      record.clock = Y.getState(client.doc.store, client.doc.clientID);
      if (created) record.created.push(created);
      counted();
    }
  };
  const restLoad = async (who: Session) => {
    let n = 0;
    while (!stop) {
      n += 1;
      const res = await call(server.url, 'POST', '/tasks', {
        token: who.accessToken,
        body: { projectId: FIRST_PROJECT_ID, workspaceId: 'default', title: `rest ${n}` },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      rest.created.push(res.body.task.id);
      counted();
    }
  };
  const load = Promise.all([
    ...clients.map((c, i) => syncLoad(c, records[i] as Acked, i * 1000)),
    restLoad(owner),
  ]);

  await warm;
  const before: Acked[] = [...records, rest].map((r) => ({ ...r, created: [...r.created] }));
  const target = path.join(out.path, 'nightly');
  backupRunning = true;
  const backup = runBackup(source.path, [target]);
  const result = await backup.done;
  backupRunning = false;
  expect(result.code, result.out).toBe(0);
  expect(result.out).toMatch(/backup written to/);
  // The load went on while the backup command ran: the server kept acknowledging.
  expect(acksDuringBackup).toBeGreaterThan(0);
  stop = true;
  await load;
  for (const c of clients) c.destroy();
  await server.stop();

  expect(readdirSync(target).sort()).toEqual([
    'backup.json',
    'signing-key.json',
    'taskflow.sqlite',
    'unsubscribe-secret',
  ]);
  const manifest = JSON.parse(readFileSync(path.join(target, 'backup.json'), 'utf8'));
  expect(manifest).toMatchObject({ format: 'taskflow-backup', version: 1 });

  // The documented restore: the server is stopped; the backup's files replace DATA_DIR's.
  for (const name of ['taskflow.sqlite', 'signing-key.json', 'unsubscribe-secret']) {
    copyFileSync(path.join(target, name), path.join(restored.path, name));
  }
  const db = new Database(path.join(restored.path, 'taskflow.sqlite'), { readonly: true });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  const rows = (db.prepare('SELECT MAX(id) AS id FROM updates').get() as { id: number }).id;
  expect(rows).toBe(manifest.lastUpdateId);
  db.close();

  const again = await spawnServer({ dataDir: restored.path });
  try {
    // The signing key came along: the owner's token from before the backup still signs in.
    const { doc, stateVector } = await readServerState(again.wsUrl, owner.token);
    let checked = 0;
    for (const r of before) {
      if (r.clientId !== null) {
        expect(
          stateVector.get(r.clientId) ?? 0,
          `client ${r.clientId}'s acknowledged clock`,
        ).toBeGreaterThanOrEqual(r.clock);
      }
      for (const id of r.created) {
        expect(readTask(doc, id), `acknowledged task ${id}`).toBeDefined();
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(0);
    console.info(
      `backup under load: ${acks} acknowledged writes in all, ${acksDuringBackup} while the backup command ran; ` +
        `${checked} tasks acknowledged before it checked in the restore; ${manifest.databaseBytes} bytes`,
    );
  } finally {
    await again.stop();
  }
}, 120_000);

test('the backup refuses an existing target (unless --force) and a data directory without a database', async () => {
  const server = await spawnServer({ dataDir: source.path });
  try {
    const target = path.join(out.path, 'twice');
    expect((await runBackup(source.path, [target]).done).code).toBe(0);
    const second = await runBackup(source.path, [target]).done;
    expect(second.code).toBe(1);
    expect(second.out).toMatch(/already exists.*--force/);
    const forced = await runBackup(source.path, [target, '--force']).done;
    expect(forced.code, forced.out).toBe(0);

    const missing = await runBackup(path.join(out.path, 'no-such-data'), [path.join(out.path, 'x')]).done;
    expect(missing.code).toBe(1);
    expect(missing.out).toMatch(/No database at .*Nothing was written/);
    expect(existsSync(path.join(out.path, 'x'))).toBe(false);

    // --force never replaces something that is not a backup.
    const notBackup = await runBackup(source.path, [restored.path, '--force']).done;
    expect(notBackup.code).toBe(1);
    expect(notBackup.out).toMatch(/not a Taskflow backup/);
  } finally {
    await server.stop();
  }
}, 60_000);

/** One model edit: create a task (returns its id) or move a known one; `n` picks which. */
function editOnce(client: TestClient, n: number): string | undefined {
  const tasks = readBoard(client.doc, FIRST_PROJECT_ID)?.columns.flatMap((c) => c.tasks) ?? [];
  if (tasks.length < 5 || n % 3 === 0) {
    return createTask(client.doc, client.editor, { projectId: FIRST_PROJECT_ID, title: `sync ${n}` });
  }
  const task = tasks[(n * 7) % tasks.length];
  const column = COLUMNS[n % COLUMNS.length];
  if (task && column) moveTask(client.doc, client.editor, task.id, column, n % 4);
  return undefined;
}
