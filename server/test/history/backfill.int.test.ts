/**
 * Issue 10: "Backfill whatever history exists at migration time." A database from before history
 * was kept (schema 6): compaction had deleted the rows its snapshot held, and a few rows came
 * after it. Starting the server migrates it: the snapshot becomes where history starts, its
 * records are reported as created by whoever the document's stamps name, as of the snapshot, and
 * the rows after it are projected with their senders. Before the snapshot, history says it is not kept.
 */
import path from 'node:path';
import {
  addComment,
  archiveTask,
  createTask,
  FIRST_PROJECT_ID,
  seedWorkspace,
  updateTask,
  userOrigin,
} from '@taskflow/model';
import { startServer } from '@taskflow/server';
import Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { DATABASE_FILE } from '../../src/persistence/database.ts';
import { runMigrations } from '../../src/persistence/migrations.ts';
import { call, firstOwner } from '../helpers/auth.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const dir = tempDir('backfill');
afterAll(() => dir.remove());

type Item = { kind: string; entityId: string; actorId: string | null; arrivedAt: string; changes: unknown[] };

test('a pre-history database is backfilled: its snapshot as created, later rows with their senders', async () => {
  const db = new Database(path.join(dir.path, DATABASE_FILE));
  runMigrations(db, Date.now, 6);
  const doc = new Y.Doc();
  const rows: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => rows.push(u));
  const snapshotAt = Date.now() - 3_600_000;
  seedWorkspace(doc, { workspaceId: 'default', now: () => snapshotAt - 60_000 });
  const legacy = { origin: userOrigin('legacy-user'), now: () => snapshotAt - 30_000 };
  const kept = createTask(doc, legacy, { projectId: FIRST_PROJECT_ID, title: 'from before' });
  addComment(doc, legacy, kept, 'an old comment');
  const inSnapshot = rows.length;
  const snapshot = Y.encodeStateAsUpdate(doc);
  const later = { origin: userOrigin('later-user'), now: () => snapshotAt + 60_000 };
  updateTask(doc, later, kept, { title: 'renamed after' });
  archiveTask(doc, later, kept);
  const insert = db.prepare(
    'INSERT INTO updates (document, data, received_at, client_id, user_id) VALUES (?, ?, ?, ?, ?)',
  );
  for (const [i, row] of rows.entries()) {
    const old = i < inSnapshot;
    insert.run(
      'default',
      row,
      old ? snapshotAt - 1000 : snapshotAt + 60_000,
      null,
      old ? null : 'later-user',
    );
  }
  // What compaction did before issue 10: the snapshot, and the rows it holds deleted.
  db.prepare('INSERT INTO snapshots (document, data, upto_id, updated_at) VALUES (?, ?, ?, ?)').run(
    'default',
    snapshot,
    inSnapshot,
    snapshotAt,
  );
  db.prepare('DELETE FROM updates WHERE id <= ?').run(inSnapshot);
  db.close();

  const server = await startServer({ port: 0, dataDir: dir.path });
  try {
    const owner = await firstOwner(server.url);
    const res = await call<{ items: Item[] }>(server.url, 'GET', '/workspaces/default/activity?limit=200', {
      token: owner.accessToken,
    });
    expect(res.status).toBe(200);
    const ofTask = res.body.items.filter((i) => i.entityId === kept).reverse();
    expect(ofTask.map((i) => [i.kind, i.actorId])).toEqual([
      ['task.created', 'legacy-user'],
      ['task.updated', 'later-user'],
      ['task.archived', 'later-user'],
    ]);
    expect(Date.parse(ofTask[0]?.arrivedAt ?? '')).toBe(snapshotAt);
    expect(res.body.items.some((i) => i.kind === 'comment.added' && i.actorId === 'legacy-user')).toBe(true);
    expect(res.body.items.some((i) => i.kind === 'project.created')).toBe(true);

    const before = new Date(snapshotAt - 10_000).toISOString();
    const refused = await call<{ error: { message: string } }>(
      server.url,
      'GET',
      `/workspaces/default/board?at=${before}`,
      { token: owner.accessToken },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('not kept');
    const atSnapshot = await call<{ projects: { columns: { tasks: { id: string; title: string }[] }[] }[] }>(
      server.url,
      'GET',
      `/workspaces/default/board?at=${new Date(snapshotAt + 1000).toISOString()}`,
      { token: owner.accessToken },
    );
    const tasks = atSnapshot.body.projects.flatMap((p) => p.columns.flatMap((c) => c.tasks));
    expect(tasks.map((t) => t.title)).toEqual(['from before']);
  } finally {
    await server.close();
  }
});
