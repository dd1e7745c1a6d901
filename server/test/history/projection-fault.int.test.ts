/**
 * When writing an update's activity entries fails (a fault injected at the edge: a trigger that
 * aborts the insert, as a full disk would), the update itself is still stored and acknowledged,
 * and history has no gap: live projection stops writing until the rows are replayed from the log,
 * which the next activity request does. Entries come back once each, in order.
 */
import { archiveTask, createTask, FIRST_PROJECT_ID, readTask, updateTask } from '@taskflow/model';
import type Database from 'better-sqlite3';
import { afterAll, expect, test } from 'vitest';
import { call, createWorkspace, signUp } from '../helpers/auth.ts';
import { connectClient, readServerState } from '../helpers/client.ts';
import { startTestServer } from '../helpers/in-process.ts';

let db: Database.Database | undefined;
const server = await startTestServer({
  onDatabase: (d) => {
    db = d;
  },
});
afterAll(() => server.close());

type Item = { kind: string; entityId: string; changes: { field: string; to: unknown }[] };

test('a failed activity write loses no history: the rows are replayed later, once each', async () => {
  const ann = await signUp(server.url, { name: 'Ann' });
  const ws = await createWorkspace(ann, 'Faults');
  const client = connectClient(server.wsUrl, { name: ws, token: ann.accessToken });
  await client.synced;
  const id = createTask(client.doc, client.editor, { projectId: FIRST_PROJECT_ID, title: 'one' });
  await client.acked();

  db?.exec(`CREATE TEMP TRIGGER fail_activity BEFORE INSERT ON activity
            WHEN NEW.kind = 'task.archived' BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
  archiveTask(client.doc, client.editor, id);
  await client.acked();
  db?.exec('DROP TRIGGER fail_activity');
  // Stored and acknowledged even though its entries were not.
  updateTask(client.doc, client.editor, id, { title: 'two' });
  await client.acked();
  // The fault happened: neither the archive's entry nor the later edit's were written live.
  const written = db
    ?.prepare(`SELECT kind FROM activity WHERE document = ? AND entity_id = ? ORDER BY row_id, seq`)
    .all(ws, id) as { kind: string }[];
  expect(written.map((r) => r.kind)).toEqual(['task.created']);
  client.destroy();
  const stored = await readServerState(server.wsUrl, ann.accessToken, ws);
  expect(readTask(stored.doc, id)).toMatchObject({ title: 'two' });
  expect(readTask(stored.doc, id)?.archivedAt).not.toBeNull();

  const res = await call<{ items: Item[] }>(server.url, 'GET', `/tasks/${id}/activity?workspaceId=${ws}`, {
    token: ann.accessToken,
  });
  expect(res.body.items.map((i) => i.kind)).toEqual(['task.created', 'task.archived', 'task.updated']);
  const again = await call<{ items: Item[] }>(server.url, 'GET', `/tasks/${id}/activity?workspaceId=${ws}`, {
    token: ann.accessToken,
  });
  expect(again.body.items).toEqual(res.body.items);
});
