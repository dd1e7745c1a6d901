/**
 * Issue 11 must-show 2 (SPEC M21): two people create 200 tasks each offline in one project and
 * reconnect: 400 distinct final keys on both clients and on the server; a key a client read as
 * final before the other reconnected never changes, also across a server restart. Real server in
 * this process, real SQLite in a temp dir, real providers over ws.
 */

import path from 'node:path';
import {
  createProject,
  createTask,
  type Editor,
  FIRST_PROJECT_ID,
  numberTasks,
  readProject,
  readProjectTasks,
  taskKey,
} from '@taskflow/model';
import { startServer } from '@taskflow/server';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DATABASE_FILE } from '../../src/persistence/database.ts';
import { UpdateLog } from '../../src/persistence/update-log.ts';
import { addMember, createWorkspace, login, type Session, signUp } from '../helpers/auth.ts';
import { connectClient, type TestClient, until } from '../helpers/client.ts';
import { editOf, freshView, sendContent } from '../helpers/content.ts';
import { tempDir } from '../helpers/temp-dir.ts';

const PER_PERSON = 200;

type Running = { url: string; wsUrl: string; dataDir: string; close(): Promise<void> };

async function serve(dataDir: string): Promise<Running> {
  const server = await startServer({
    port: 0,
    dataDir,
    limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
  });
  return {
    url: server.url,
    wsUrl: `${server.url.replace('http', 'ws')}/sync`,
    dataDir,
    close: () => server.close(),
  };
}

/** Every task's key text in the project, by id; provisional keys included. */
function keysOf(doc: Y.Doc, projectId: string): Map<string, { text: string; final: boolean }> {
  const key = readProject(doc, projectId)?.key ?? '?';
  const out = new Map<string, { text: string; final: boolean }>();
  for (const task of readProjectTasks(doc, projectId)) out.set(task.id, taskKey(key, task));
  return out;
}

const allFinal = (doc: Y.Doc, projectId: string, count: number) => {
  const keys = keysOf(doc, projectId);
  return keys.size === count && [...keys.values()].every((k) => k.final);
};

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

async function setUp() {
  const dir = tempDir('keys');
  cleanup.push(() => dir.remove());
  let server = await serve(dir.path);
  cleanup.push(() => server.close());
  const ann = await signUp(server.url, { name: 'Ann' });
  const bob = await signUp(server.url, { name: 'Bob' });
  const ws = await createWorkspace(ann, 'Keys');
  await addMember(ann, ws, bob, 'member');
  const connect = (who: Session, doc?: Y.Doc): TestClient => {
    const c = connectClient(server.wsUrl, { name: ws, token: who.token, ...(doc ? { doc } : {}) });
    cleanup.push(() => c.destroy());
    return c;
  };
  const restart = async () => {
    await server.close();
    server = await serve(dir.path);
    return server;
  };
  return { ann, bob, ws, connect, restart, server: () => server };
}

/** Ann's project WEB with a few tasks made online, numbered by the server: their keys are final. */
async function onlineStart(annC: TestClient, bobC: TestClient) {
  const project = createProject(annC.doc, annC.editor, { name: 'Web', key: 'WEB' }).id;
  for (let i = 0; i < 5; i++) createTask(annC.doc, annC.editor, { projectId: project, title: `online ${i}` });
  await annC.acked();
  await until(bobC.doc, (d) => allFinal(d, project, 5));
  await until(annC.doc, (d) => allFinal(d, project, 5));
  return project;
}

function createOffline(c: TestClient, editor: Editor, project: string, who: string): string[] {
  const ids: string[] = [];
  for (let i = 0; i < PER_PERSON; i++)
    ids.push(createTask(c.doc, editor, { projectId: project, title: `${who} ${i}` }));
  return ids;
}

function expectDistinctFinal(doc: Y.Doc, project: string, count: number): Map<string, string> {
  const keys = keysOf(doc, project);
  expect(keys.size).toBe(count);
  expect([...keys.values()].every((k) => k.final)).toBe(true);
  const texts = [...keys.values()].map((k) => k.text);
  expect(new Set(texts).size).toBe(count);
  expect(texts.map((t) => Number(t.slice('WEB-'.length))).sort((a, b) => a - b)).toEqual(
    Array.from({ length: count }, (_, i) => i + 1),
  );
  return new Map([...keys].map(([id, k]) => [id, k.text]));
}

describe('issue 11: task keys across offline creation', () => {
  it(`M21: two clients create ${PER_PERSON} tasks each offline; one reconnects, then the other: ${2 * PER_PERSON + 5} distinct final keys everywhere, none changes, also after a restart`, async () => {
    const { ann, bob, ws, connect, restart, server } = await setUp();
    const annC = connect(ann);
    const bobC = connect(bob);
    await Promise.all([annC.synced, bobC.synced]);
    const project = await onlineStart(annC, bobC);
    const finalBefore = new Map([...keysOf(bobC.doc, project)].map(([id, k]) => [id, k.text]));

    annC.destroy();
    bobC.destroy();
    const annIds = createOffline(annC, annC.editor, project, 'ann');
    const bobIds = createOffline(bobC, bobC.editor, project, 'bob');
    // Fully usable offline, with provisional keys.
    for (const id of annIds) expect(keysOf(annC.doc, project).get(id)?.final).toBe(false);
    expect(keysOf(annC.doc, project).get(annIds[0] as string)?.text).toMatch(/^WEB-·/);

    const annBack = connect(ann, annC.doc);
    await annBack.synced;
    await until(annC.doc, (d) => allFinal(d, project, 5 + PER_PERSON));
    // What Ann reads as final while Bob is still offline.
    const annFinal = new Map([...keysOf(annC.doc, project)].map(([id, k]) => [id, k.text]));
    for (const [id, text] of finalBefore) expect(annFinal.get(id)).toBe(text);

    const bobBack = connect(bob, bobC.doc);
    await bobBack.synced;
    const total = 5 + 2 * PER_PERSON;
    await until(bobC.doc, (d) => allFinal(d, project, total));
    await until(annC.doc, (d) => allFinal(d, project, total));
    const onAnn = expectDistinctFinal(annC.doc, project, total);
    const onBob = expectDistinctFinal(bobC.doc, project, total);
    expect(onBob).toEqual(onAnn);
    for (const [id, text] of annFinal) expect(onBob.get(id)).toBe(text);
    // Bob's tasks reached the server last: they come after everything it had numbered.
    expect(Math.min(...bobIds.map((id) => Number(onBob.get(id)?.slice(4))))).toBe(5 + PER_PERSON + 1);
    const onServer = expectDistinctFinal(await freshView(server().wsUrl, ann.token, ws), project, total);
    expect(onServer).toEqual(onAnn);
    // Nothing was refused on the way.
    expect([...annBack.stateless, ...bobBack.stateless]).toEqual([]);

    annBack.destroy();
    bobBack.destroy();
    const again = await restart();
    const annAgain = await login(again.url, ann.email, ann.password);
    const view = await freshView(again.wsUrl, annAgain.token, ws);
    expect(expectDistinctFinal(view, project, total)).toEqual(onAnn);
    // And nothing is left for the server to number at load.
    expect(numberTasks(view, { origin: { kind: 'server', reason: 'repair' } })).toBe(0);
  }, 120_000);

  it(`M21: both reconnect at once: ${2 * PER_PERSON + 5} distinct final keys, the keys final before unchanged`, async () => {
    const { ann, bob, ws, connect, server } = await setUp();
    const annC = connect(ann);
    const bobC = connect(bob);
    await Promise.all([annC.synced, bobC.synced]);
    const project = await onlineStart(annC, bobC);
    const finalBefore = new Map([...keysOf(annC.doc, project)].map(([id, k]) => [id, k.text]));
    annC.destroy();
    bobC.destroy();
    createOffline(annC, annC.editor, project, 'ann');
    createOffline(bobC, bobC.editor, project, 'bob');
    const [annBack, bobBack] = [connect(ann, annC.doc), connect(bob, bobC.doc)];
    await Promise.all([annBack.synced, bobBack.synced]);
    const total = 5 + 2 * PER_PERSON;
    await Promise.all([
      until(annC.doc, (d) => allFinal(d, project, total)),
      until(bobC.doc, (d) => allFinal(d, project, total)),
    ]);
    const onAnn = expectDistinctFinal(annC.doc, project, total);
    expect(expectDistinctFinal(bobC.doc, project, total)).toEqual(onAnn);
    expect(expectDistinctFinal(await freshView(server().wsUrl, bob.token, ws), project, total)).toEqual(
      onAnn,
    );
    for (const [id, text] of finalBefore) expect(onAnn.get(id)).toBe(text);
  }, 120_000);
  it('M21: tasks a stored document holds without numbers (saved before keys existed) are numbered when it loads, after the numbers it has, once', async () => {
    const { ann, ws, connect, restart, server } = await setUp();
    const annC = connect(ann);
    await annC.synced;
    const online = [0, 1, 2].map((i) =>
      createTask(annC.doc, annC.editor, { projectId: FIRST_PROJECT_ID, title: `online ${i}` }),
    );
    await annC.acked();
    await until(annC.doc, (d) => allFinal(d, FIRST_PROJECT_ID, 3));
    annC.destroy();
    const dataDir = server().dataDir;
    await server().close();

    // An old client's edit in the log: three tasks and no counter, as before keys existed.
    const legacy = editOf(Y.encodeStateAsUpdate(annC.doc), 7_000_001, (d) => {
      for (const [title, at] of [
        ['third', 3],
        ['first', 1],
        ['second', 2],
      ] as const) {
        createTask(
          d,
          { origin: annC.editor.origin, now: () => Date.UTC(2020, 0, at) },
          { projectId: FIRST_PROJECT_ID, title },
        );
      }
      d.getMap<Y.Map<unknown>>('projects').get(FIRST_PROJECT_ID)?.delete('lastNumber');
    });
    const db = new Database(path.join(dataDir, DATABASE_FILE));
    new UpdateLog(db).append(ws, legacy, { clientId: 7_000_001 });
    db.close();

    const once = await restart();
    const view = await freshView(once.wsUrl, (await login(once.url, ann.email, ann.password)).token, ws);
    const byTitle = new Map(readProjectTasks(view, FIRST_PROJECT_ID).map((t) => [t.title, t.number]));
    expect(
      online.map((id) => readProjectTasks(view, FIRST_PROJECT_ID).find((t) => t.id === id)?.number),
    ).toEqual([1, 2, 3]);
    expect(['first', 'second', 'third'].map((t) => byTitle.get(t))).toEqual([4, 5, 6]);
    const keys = keysOf(view, FIRST_PROJECT_ID);
    const twice = await restart();
    const again = await freshView(twice.wsUrl, (await login(twice.url, ann.email, ann.password)).token, ws);
    expect(keysOf(again, FIRST_PROJECT_ID)).toEqual(keys);
  }, 60_000);
  it('M21: a task that reaches the server before its project (a second tab had the project first) is numbered when the project arrives', async () => {
    const { ann, bob, ws, connect, server } = await setUp();
    // Ann's board stays open, so the server keeps the document loaded (no numbering at load).
    const annC = connect(ann);
    await annC.synced;
    const base = Y.encodeStateAsUpdate(annC.doc);
    // Ann creates a project offline; Bob's tab gets it from hers directly and adds a task to it.
    const annTab = new Y.Doc();
    Y.applyUpdate(annTab, base);
    annTab.clientID = 7_100_001;
    const beforeProject = Y.encodeStateVector(annTab);
    const project = createProject(annTab, annC.editor, { name: 'Tabs', key: 'TAB' }).id;
    const projectUpdate = Y.encodeStateAsUpdate(annTab, beforeProject);
    const bobTab = new Y.Doc();
    Y.applyUpdate(bobTab, Y.encodeStateAsUpdate(annTab));
    bobTab.clientID = 7_100_002;
    const beforeTask = Y.encodeStateVector(bobTab);
    const task = createTask(
      bobTab,
      { origin: { kind: 'user', actorId: bob.user.id } },
      { projectId: project, title: 'early' },
    );
    const taskUpdate = Y.encodeStateAsUpdate(bobTab, beforeTask);
    // Bob's provider gets through first.
    expect(await sendContent(server().wsUrl, bob.accessToken, ws, taskUpdate, 'update')).toEqual({
      kind: 'saved',
    });
    const waiting = await freshView(server().wsUrl, bob.token, ws);
    expect(readProject(waiting, project)).toBeUndefined();
    expect(await sendContent(server().wsUrl, ann.accessToken, ws, projectUpdate, 'update')).toEqual({
      kind: 'saved',
    });
    const view = await freshView(server().wsUrl, bob.token, ws);
    expect(keysOf(view, project).get(task)).toEqual({ text: 'TAB-1', final: true });
    await until(annC.doc, (d) => keysOf(d, project).get(task)?.final === true);
  });
});
