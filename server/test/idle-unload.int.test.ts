/**
 * Issue 13: a workspace document stays loaded for a while after its last use (DOC_IDLE_UNLOAD_MS),
 * so REST with nobody's board open does not load the whole document per request, and it unloads
 * after that delay with nothing lost. Counts loads and unloads (never times them); unloads are
 * waited for, with a short idle delay, by watching the server's counters.
 */
import path from 'node:path';
import { createTask, readTask, taskWalks } from '@taskflow/model';
import { type RunningServer, startServer } from '@taskflow/server';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import type * as Y from 'yjs';
import { call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, readServerState } from './helpers/client.ts';
import { tempDir } from './helpers/temp-dir.ts';

type Started = { server: RunningServer; ann: Session; ws: string; projectId: string; url: string };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function start(docIdleUnloadMs: number, dataDir?: string): Promise<RunningServer> {
  const dir = dataDir ? undefined : tempDir('idle-unload');
  const server = await startServer({
    port: 0,
    dataDir: dataDir ?? (dir?.path as string),
    docIdleUnloadMs,
    limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
  });
  cleanups.push(async () => {
    await server.close();
    dir?.remove();
  });
  return server;
}

async function workspace(server: RunningServer): Promise<Started> {
  const ann = await signUp(server.url, { name: 'Ann' });
  const ws = await createWorkspace(ann, 'Idle');
  const p = await call(server.url, 'POST', '/projects', {
    token: ann.accessToken,
    body: { workspaceId: ws, name: 'Board' },
  });
  expect(p.status).toBe(201);
  return { server, ann, ws, projectId: p.body.project.id, url: server.url };
}

const wsUrl = (url: string) => `${url.replace('http', 'ws')}/sync`;

/** Resolves once `check` holds, looking each 10 ms (at most `tries` times). */
async function eventually(check: () => boolean, tries = 1000): Promise<void> {
  for (let i = 0; i < tries && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

/** Socket connections the server has on the document (its idle hold is a direct one, not counted). */
const sockets = (server: RunningServer, ws: string) =>
  (server.document(ws) as unknown as { connections: Map<unknown, unknown> } | undefined)?.connections.size ??
  0;

/** A board opens, adds a task and closes; resolves once the server has seen the socket go. */
async function boardSession(s: Started, title: string): Promise<string> {
  const client = connectClient(wsUrl(s.url), { name: s.ws, token: s.ann.token });
  try {
    await client.synced;
    const id = createTask(client.doc, client.editor, { projectId: s.projectId, title });
    await client.acked();
    return id;
  } finally {
    client.destroy();
    await eventually(() => sockets(s.server, s.ws) === 0);
  }
}

const rest = (s: Started, method: string, path: string, body?: unknown) =>
  call(s.url, method, path, { token: s.ann.accessToken, body });

describe('idle documents stay loaded, then unload (DOC_IDLE_UNLOAD_MS)', () => {
  test('REST after the last connection closed uses the loaded document: no load per request', async () => {
    const s = await workspace(await start(60_000));
    const taskId = await boardSession(s, 'From the board');
    const doc = s.server.document(s.ws);
    expect(doc, 'still loaded after its last socket closed').toBeDefined();
    const before = s.server.documentLoads(s.ws);
    for (let i = 0; i < 3; i++) {
      expect((await rest(s, 'GET', `/tasks/${taskId}`)).status).toBe(200);
      expect((await rest(s, 'PATCH', `/tasks/${taskId}`, { title: `Edited ${i}` })).status).toBe(200);
      expect((await rest(s, 'POST', '/tasks', { projectId: s.projectId, title: `REST ${i}` })).status).toBe(
        201,
      );
    }
    expect(s.server.documentLoads(s.ws)).toEqual(before);
    expect(s.server.document(s.ws)).toBe(doc);
  });

  test('with DOC_IDLE_UNLOAD_MS=0 each such request loads the document again (the counter counts)', async () => {
    const s = await workspace(await start(0));
    const taskId = await boardSession(s, 'From the board');
    await eventually(() => s.server.document(s.ws) === undefined);
    const before = s.server.documentLoads(s.ws).loads;
    for (let i = 0; i < 3; i++) expect((await rest(s, 'GET', `/tasks/${taskId}`)).status).toBe(200);
    expect(s.server.documentLoads(s.ws).loads).toBe(before + 3);
  });

  test('a document unloads after the idle delay; the next connection loads it with nothing lost', async () => {
    const s = await workspace(await start(150));
    const fromBoard = await boardSession(s, 'From the board');
    await eventually(() => s.server.documentLoads(s.ws).unloads >= 1);
    expect(s.server.document(s.ws)).toBeUndefined();
    const { loads } = s.server.documentLoads(s.ws);
    // REST with nobody connected: loads once, and the document stays for the next request.
    const created = await rest(s, 'POST', '/tasks', { projectId: s.projectId, title: 'From REST' });
    expect(created.status).toBe(201);
    expect((await rest(s, 'GET', `/tasks/${fromBoard}`)).status).toBe(200);
    expect(s.server.documentLoads(s.ws).loads).toBe(loads + 1);
    await eventually(() => s.server.documentLoads(s.ws).unloads >= 2);
    // A later board sees both edits.
    const { doc: state } = await readServerState(wsUrl(s.url), s.ann.token, s.ws);
    expect(readTask(state, fromBoard)?.title).toBe('From the board');
    expect(readTask(state, created.body.task.id)?.title).toBe('From REST');
    expect(s.server.documentLoads(s.ws).loads).toBe(loads + 2);
  });

  test('unloads racing boards and REST writes lose nothing (checked after a restart)', async () => {
    const dir = tempDir('idle-race');
    cleanups.push(() => dir.remove());
    const first = await startServer({
      port: 0,
      dataDir: dir.path,
      docIdleUnloadMs: 1,
      limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
    });
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await first.close();
    });
    const s = await workspace(first);
    const expected = new Map<string, string>();
    // Each round: a board edit and two REST writes at once, while the 1 ms idle timer keeps
    // unloading the document between (and during) them.
    for (let round = 0; round < 25; round++) {
      const [fromBoard, a, b] = await Promise.all([
        boardSession(s, `board ${round}`),
        rest(s, 'POST', '/tasks', { projectId: s.projectId, title: `rest a ${round}` }),
        rest(s, 'POST', '/tasks', { projectId: s.projectId, title: `rest b ${round}` }),
      ]);
      expected.set(fromBoard, `board ${round}`);
      expect([a.status, b.status]).toEqual([201, 201]);
      expected.set(a.body.task.id, `rest a ${round}`);
      expected.set(b.body.task.id, `rest b ${round}`);
      if (round % 5 === 4) await eventually(() => s.server.document(s.ws) === undefined);
    }
    const { loads, unloads } = first.documentLoads(s.ws);
    expect(unloads, 'the document was unloaded between rounds').toBeGreaterThanOrEqual(5);
    expect(loads).toBeGreaterThanOrEqual(unloads);
    closed = true;
    await first.close();
    const second = await start(60_000, dir.path);
    const { doc: state } = await readServerState(wsUrl(second.url), s.ann.token, s.ws);
    for (const [id, title] of expected) expect(readTask(state, id)?.title, id).toBe(title);
  }, 60_000);
});

describe('a load builds no projection that is current (issue 13)', () => {
  test('a document loaded again walks no task for the schedule or the notifications; with their marks gone it rebuilds them', async () => {
    const dir = tempDir('load-walks');
    cleanups.push(() => dir.remove());
    const first = await start(60_000, dir.path);
    const s = await workspace(first);
    for (let i = 0; i < 5; i++) {
      const res = await rest(s, 'POST', '/tasks', {
        projectId: s.projectId,
        title: `due ${i}`,
        deadline: '2027-01-15',
        assignee: s.ann.user.id,
      });
      expect(res.status).toBe(201);
    }
    await first.close();
    cleanups.pop();
    /** Full task walks made while a board's connection loads the document (the handshake reads none). */
    const loadWalks = async (server: RunningServer) => {
      await readServerState(wsUrl(server.url), s.ann.token, s.ws);
      const doc = server.document(s.ws);
      expect(doc).toBeDefined();
      return taskWalks(doc as Y.Doc);
    };
    const second = await start(60_000, dir.path);
    // At most one, and not ours: task numbering looks for tasks without a number (keys only).
    const current = await loadWalks(second);
    expect(current).toBeLessThanOrEqual(1);
    await second.close();
    cleanups.pop();
    const db = new Database(path.join(dir.path, 'taskflow.sqlite'));
    db.prepare('DELETE FROM projection_marks').run();
    db.close();
    const third = await start(60_000, dir.path);
    // The notifications' views walk once, the schedule's rows once per project (two here).
    expect(await loadWalks(third)).toBe(current + 3);
  });
});
