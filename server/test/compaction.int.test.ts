/**
 * S5: the update log is folded into a snapshot in the background, and loading it gives the same
 * document. Every row stays (issue 10: the log is the history).
 */
import path from 'node:path';
import { createTask, FIRST_PROJECT_ID, moveTask, readBoard } from '@taskflow/model';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { firstOwner } from './helpers/auth.ts';
import { connectClient, readServerState } from './helpers/client.ts';
import { spawnServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const COMPACT_EVERY = 20;
const data = tempDir('compaction');
afterAll(() => data.remove());

function storage(): {
  rows: number;
  maxId: number;
  snapshot: { upto_id: number; bytes: number } | undefined;
} {
  const db = new Database(path.join(data.path, 'taskflow.sqlite'), { readonly: true });
  try {
    const { rows, maxId } = db.prepare('SELECT COUNT(*) AS rows, MAX(id) AS maxId FROM updates').get() as {
      rows: number;
      maxId: number;
    };
    const snapshot = db
      .prepare('SELECT upto_id, length(data) AS bytes FROM snapshots WHERE document = ?')
      .get('default') as { upto_id: number; bytes: number } | undefined;
    return { rows, maxId, snapshot };
  } finally {
    db.close();
  }
}

test('S5: after many updates the log is compacted into a snapshot, and restarts load the identical state', async () => {
  const env = { COMPACT_EVERY: String(COMPACT_EVERY) };
  let server = await spawnServer({ dataDir: data.path, env });
  const owner = await firstOwner(server.url);
  const alice = connectClient(server.wsUrl, { token: owner.token });
  await alice.synced;
  const ids: string[] = [];
  for (let i = 0; i < 110; i++) {
    if (i % 3 === 2 && ids.length > 0) {
      moveTask(
        alice.doc,
        alice.editor,
        ids[i % ids.length] as string,
        `${FIRST_PROJECT_ID}:col${1 + (i % 3)}`,
        0,
      );
    } else {
      ids.push(createTask(alice.doc, alice.editor, { projectId: FIRST_PROJECT_ID, title: `task ${i}` }));
    }
    await alice.acked();
  }
  // Compaction waits for a quiet moment (persistence/compaction-policy.ts), once the rows not yet
  // folded are COMPACT_EVERY or more and an eighth of the snapshot: at most twice that many stay.
  const folded = () => {
    const s = storage();
    return (s.snapshot?.upto_id ?? 0) >= s.maxId - 2 * COMPACT_EVERY;
  };
  for (let i = 0; i < 2000 && !folded(); i++) await new Promise((r) => setTimeout(r, 10));
  const live = await readServerState(server.wsUrl, owner.token);
  const compacted = storage();
  expect(compacted.snapshot?.upto_id).toBeGreaterThanOrEqual(compacted.maxId - 2 * COMPACT_EVERY);
  // History is kept (issue 10): compaction writes the snapshot and deletes nothing.
  expect(compacted.rows).toBeGreaterThanOrEqual(110);

  // Snapshot plus the rows after it, after a kill -9.
  server.kill9();
  alice.destroy();
  await server.exited;
  server = await spawnServer({ dataDir: data.path, env });
  const afterKill = await readServerState(server.wsUrl, owner.token);
  expect(afterKill.state).toEqual(live.state);
  expect(readBoard(afterKill.doc, FIRST_PROJECT_ID)?.columns.flatMap((c) => c.tasks).length).toBe(ids.length);

  // A graceful stop folds the remaining rows in too.
  const exit = await server.stop('SIGTERM');
  expect(exit.code).toBe(0);
  const stopped = storage();
  expect(stopped.rows).toBe(compacted.rows);
  expect(stopped.snapshot?.upto_id).toBe(stopped.maxId);
  server = await spawnServer({ dataDir: data.path, env });
  expect((await readServerState(server.wsUrl, owner.token)).state).toEqual(live.state);
  await server.stop('SIGKILL');
}, 120_000);
