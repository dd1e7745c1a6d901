/**
 * Issue 10: `HISTORY_KEEP_DAYS` — a daily pass removes history older than the setting, the same
 * purge an owner can ask for, recorded as an event by Taskflow itself. The clock is injected: the
 * second start is 40 days later with 30 days kept.
 */
import { createTask, FIRST_PROJECT_ID, readTask } from '@taskflow/model';
import { startServer } from '@taskflow/server';
import { afterAll, expect, test } from 'vitest';
import { call, createWorkspace, signUp } from '../helpers/auth.ts';
import { connectClient, readServerState } from '../helpers/client.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const DAY = 86_400_000;
const dir = tempDir('retention');
afterAll(() => dir.remove());

type Item = { kind: string; actorId: string | null; actorName: string };

test('history older than HISTORY_KEEP_DAYS is purged by the daily pass, and the purge is recorded', async () => {
  let server = await startServer({ port: 0, dataDir: dir.path, compactEvery: 5 });
  const owner = await signUp(server.url, { name: 'Ann' });
  const ws = await createWorkspace(owner, 'Old');
  const client = connectClient(`${server.url.replace('http', 'ws')}/sync`, {
    name: ws,
    token: owner.accessToken,
  });
  await client.synced;
  const ids = Array.from({ length: 12 }, (_, i) =>
    createTask(client.doc, client.editor, { projectId: FIRST_PROJECT_ID, title: `old ${i}` }),
  );
  await client.acked();
  client.destroy();
  const madeAt = Date.now();
  await server.close(); // compacts: every row is in the snapshot, so every row may go

  server = await startServer({
    port: 0,
    dataDir: dir.path,
    historyKeepDays: 30,
    now: () => Date.now() + 40 * DAY,
  });
  try {
    const token = owner.accessToken;
    let items: Item[] = [];
    for (let i = 0; i < 100 && !items.some((x) => x.kind === 'history.purged'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      const res = await call<{ items: Item[] }>(server.url, 'GET', `/workspaces/${ws}/activity`, { token });
      items = res.body.items;
    }
    expect(items[0]).toMatchObject({ kind: 'history.purged', actorId: null, actorName: 'Taskflow' });
    expect(items.filter((x) => x.kind === 'task.created')).toEqual([]);
    const old = await call(
      server.url,
      'GET',
      `/workspaces/${ws}/board?at=${new Date(madeAt).toISOString()}`,
      {
        token,
      },
    );
    expect(old.status).toBe(400);
    // The workspace itself is whole: a purge removes history, never the present.
    const now = await readServerState(`${server.url.replace('http', 'ws')}/sync`, token, ws);
    expect(ids.every((id) => readTask(now.doc, id)?.title.startsWith('old'))).toBe(true);
  } finally {
    await server.close();
  }
});
