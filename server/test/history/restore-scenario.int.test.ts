/**
 * Issue 10 must-show 4: a member archives 500 tasks; meanwhile an offline client edits the titles
 * of 10 of them; an admin restores the workspace to just before the archive; the offline client
 * reconnects. All 500 tasks are live, the 10 carry the offline titles, and history shows all of
 * it: the archive by the member, the restore by the admin, the offline edits as made offline.
 */
import { archiveTask, createTask, FIRST_PROJECT_ID, readTask, updateTask } from '@taskflow/model';
import { afterAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addMember, call, createWorkspace, signUp } from '../helpers/auth.ts';
import { connectClient, readServerState, until } from '../helpers/client.ts';
import { startTestServer } from '../helpers/in-process.ts';

const P = FIRST_PROJECT_ID;
const N = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Item = {
  kind: string;
  taskId: string;
  actorId: string;
  madeAt: string;
  arrivedAt: string;
  offline: boolean;
};

const server = await startTestServer({ compactEvery: 50, checkpointEvery: 200 });
afterAll(() => server.close());

test('restore undoes a mass archive while an offline colleague keeps their edits', async () => {
  const admin = await signUp(server.url, { name: 'Ada' });
  const member = await signUp(server.url, { name: 'Max' });
  const offline = await signUp(server.url, { name: 'Olga' });
  const ws = await createWorkspace(admin, 'Restore');
  await addMember(admin, ws, member, 'member');
  await addMember(admin, ws, offline, 'member');

  const adminClient = connectClient(server.wsUrl, { name: ws, token: admin.accessToken });
  await adminClient.synced;
  const ids: string[] = [];
  adminClient.doc.transact(() => {
    for (let i = 0; i < N; i++)
      ids.push(createTask(adminClient.doc, adminClient.editor, { projectId: P, title: `task ${i}` }));
  });
  await adminClient.acked();

  // Olga syncs, then goes offline (her tab keeps its document) and edits 10 titles.
  const olgaDoc = new Y.Doc();
  let olga = connectClient(server.wsUrl, { name: ws, token: offline.accessToken, doc: olgaDoc });
  await olga.synced;
  await until(olgaDoc, (d) => ids.every((id) => readTask(d, id) !== undefined));
  const olgaEditor = olga.editor;
  olga.destroy();
  const wentOffline = Date.now();
  const edited = ids.slice(100, 110);
  for (const id of edited) updateTask(olgaDoc, olgaEditor, id, { title: `offline ${id.slice(0, 6)}` });

  // Max archives all 500 (one action, one change); the moment before it is what the admin restores to.
  await sleep(15);
  const beforeArchive = new Date().toISOString();
  await sleep(15);
  const max = connectClient(server.wsUrl, { name: ws, token: member.accessToken });
  await max.synced;
  max.doc.transact(() => {
    for (const id of ids) archiveTask(max.doc, max.editor, id);
  });
  await max.acked();
  max.destroy();

  const asked = await call<{ restored: number }>(server.url, 'POST', `/workspaces/${ws}/restore`, {
    token: admin.accessToken,
    body: { at: beforeArchive, dryRun: true },
  });
  expect(asked.body.restored).toBe(N);
  const restored = await call<{ restored: number }>(server.url, 'POST', `/workspaces/${ws}/restore`, {
    token: admin.accessToken,
    body: { at: beforeArchive },
  });
  expect(restored.status).toBe(200);
  expect(restored.body.restored).toBe(N);

  // Olga comes back after a while: her offline titles merge with the restore.
  await sleep(300);
  olga = connectClient(server.wsUrl, { name: ws, token: offline.accessToken, doc: olgaDoc });
  await olga.synced;
  await olga.acked();
  const reconnectedAt = Date.now();
  olga.destroy();
  adminClient.destroy();

  const server1 = await readServerState(server.wsUrl, admin.accessToken, ws);
  for (const d of [server1.doc, olgaDoc]) {
    expect(ids.filter((id) => readTask(d, id)?.archivedAt !== null)).toEqual([]);
    expect(edited.map((id) => readTask(d, id)?.title)).toEqual(
      edited.map((id) => `offline ${id.slice(0, 6)}`),
    );
    expect(readTask(d, ids[0] as string)?.title).toBe('task 0');
  }

  // History shows all of it.
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${cursor}` : '';
    const page: { body: { items: Item[]; nextCursor: string | null } } = await call(
      server.url,
      'GET',
      `/workspaces/${ws}/activity?limit=200${q}`,
      { token: admin.accessToken },
    );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  const count = (kind: string, actor: string) =>
    items.filter((i) => i.kind === kind && i.actorId === actor).length;
  expect(count('task.created', admin.user.id)).toBe(N);
  expect(count('task.archived', member.user.id)).toBe(N);
  expect(count('task.restored', admin.user.id)).toBe(N);
  const olgas = items.filter((i) => i.actorId === offline.user.id && i.kind === 'task.updated');
  expect(olgas.map((i) => i.taskId).sort()).toEqual([...edited].sort());
  for (const i of olgas) {
    // Made while offline, arrived after reconnecting: the gap covers the offline stretch.
    expect(Date.parse(i.madeAt)).toBeGreaterThanOrEqual(wentOffline);
    expect(Date.parse(i.arrivedAt) - Date.parse(i.madeAt)).toBeGreaterThanOrEqual(300);
    expect(Date.parse(i.arrivedAt)).toBeLessThanOrEqual(reconnectedAt);
  }
  // The task's own history tells the story in order.
  const story = await call<{ items: Item[] }>(
    server.url,
    'GET',
    `/tasks/${edited[0]}/activity?workspaceId=${ws}`,
    { token: offline.accessToken },
  );
  expect(story.body.items.map((i) => [i.kind, i.actorId])).toEqual([
    ['task.created', admin.user.id],
    ['task.archived', member.user.id],
    ['task.restored', admin.user.id],
    ['task.updated', offline.user.id],
  ]);
}, 120_000);
