/**
 * Sync-side defences of issue 3: the Origin allowlist on the WebSocket handshake, awareness that
 * cannot be spoofed, oversized or flooded, and Updates carrying another user's Yjs clientID.
 */
import { createTask, FIRST_PROJECT_ID, readTask } from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { annBobMallory, type Session } from './helpers/auth.ts';
import { connectClient, readServerState, type TestClient, until } from './helpers/client.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';
import {
  concat,
  MessageType,
  openAuthenticated,
  SyncType,
  syncMessage,
  varBytes,
  varString,
  varUint,
} from './helpers/raw-client.ts';

function handshake(url: string, origin?: string): Promise<number | 'open'> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { headers: { origin } } : {});
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => undefined);
  });
}

describe('WebSocket Origin allowlist', () => {
  test('default: only the server’s own origin (or none); ALLOWED_ORIGINS replaces it', async () => {
    const server = await startTestServer();
    try {
      expect(await handshake(server.wsUrl)).toBe('open');
      expect(await handshake(server.wsUrl, server.url)).toBe('open');
      expect(await handshake(server.wsUrl, 'https://evil.example')).toBe(403);
      expect(await handshake(server.wsUrl, 'null')).toBe(403);
    } finally {
      await server.close();
    }
    const listed = await startTestServer({ allowedOrigins: ['https://board.example.com'] });
    try {
      expect(await handshake(listed.wsUrl, 'https://board.example.com')).toBe('open');
      expect(await handshake(listed.wsUrl, listed.url)).toBe(403);
    } finally {
      await listed.close();
    }
  });
});

describe('awareness and clientIDs', () => {
  let server: TestServer;
  let ann: Session;
  let bob: Session;
  let mallory: Session;
  let ws: string;
  let annBoard: TestClient;
  let bobBoard: TestClient;

  beforeAll(async () => {
    server = await startTestServer();
    ({ ann, bob, mallory, ws } = await annBobMallory(server.url, 'Guarded'));
    annBoard = connectClient(server.wsUrl, { name: ws, token: ann.token });
    bobBoard = connectClient(server.wsUrl, { name: ws, token: bob.token });
    await Promise.all([annBoard.synced, bobBoard.synced]);
  });
  afterAll(async () => {
    annBoard?.destroy();
    bobBoard?.destroy();
    await server?.close();
  });

  const awarenessFrame = (clientId: number, state: Record<string, unknown>) => {
    const doc = new Y.Doc();
    doc.clientID = clientId;
    const a = new Awareness(doc);
    a.setLocalState(state);
    const update = encodeAwarenessUpdate(a, [clientId]);
    a.destroy();
    return concat(varString(ws), varUint(MessageType.Awareness), varBytes(update));
  };
  const stateAtAnn = (clientId: number) => annBoard.provider.awareness?.getStates().get(clientId);
  const seenByAnn = (predicate: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!predicate()) return;
        annBoard.provider.awareness?.off('change', check);
        resolve();
      };
      annBoard.provider.awareness?.on('change', check);
      check();
    });

  test('a connection cannot set another client’s state, cannot claim a name, and is size-capped', async () => {
    bobBoard.provider.setAwarenessField('cursor', 'bob-real');
    await seenByAnn(() => stateAtAnn(bobBoard.doc.clientID)?.cursor === 'bob-real');

    const raw = await openAuthenticated(server.wsUrl, mallory.accessToken, ws);
    const mine = 424242;
    raw.send(
      awarenessFrame(bobBoard.doc.clientID, { cursor: 'hijacked', user: { id: bob.user.id, name: 'Bob' } }),
    );
    raw.send(awarenessFrame(mine + 1, { cursor: 'x'.repeat(3000) }));
    raw.send(awarenessFrame(mine, { cursor: 'mallory', user: { id: ann.user.id, name: 'Ann (really)' } }));
    await seenByAnn(() => stateAtAnn(mine) !== undefined);
    // Her own state went through, with her real identity.
    expect(stateAtAnn(mine)).toEqual({ cursor: 'mallory', user: { id: mallory.user.id, name: 'Mallory' } });
    // Bob's state was not touched, and the 3 KB state was dropped (same connection, earlier frames).
    expect(stateAtAnn(bobBoard.doc.clientID)?.cursor).toBe('bob-real');
    expect(stateAtAnn(mine + 1)).toBeUndefined();
    // No phantom empty states (Hocuspocus's scratch Awareness) reach anyone.
    const own = new Set([annBoard.doc.clientID, bobBoard.doc.clientID, mine]);
    const phantoms = [...(annBoard.provider.awareness?.getStates() ?? [])].filter(
      ([id, state]) => !own.has(id) && Object.keys(state).length === 0,
    );
    expect(phantoms).toEqual([]);
    raw.close();
  });

  test('awareness floods are cut to 20 updates a second per connection', async () => {
    const raw = await openAuthenticated(server.wsUrl, mallory.accessToken, ws);
    const id = 777_001;
    for (let i = 0; i < 100; i++) raw.send(awarenessFrame(id, { n: i }));
    // A fresh connection's burst allowance is 20: some early states pass, the later ones do not.
    const marker = await openAuthenticated(server.wsUrl, mallory.accessToken, ws);
    marker.send(awarenessFrame(777_002, { done: true }));
    await seenByAnn(() => stateAtAnn(777_002) !== undefined);
    const n = stateAtAnn(id)?.n as number | undefined;
    expect(n).toBeDefined();
    expect(n).toBeLessThan(25);
    raw.close();
    marker.close();
  });

  test('an Update carrying another user’s clientID is refused; SyncStep2 may carry it', async () => {
    createTask(bobBoard.doc, bobBoard.editor, { projectId: FIRST_PROJECT_ID, title: 'Bob’s task' });
    await bobBoard.acked();
    // Mallory writes "as" Bob's client: a copy of the server state with Bob's clientID.
    const forged = new Y.Doc();
    Y.applyUpdate(forged, (await readServerState(server.wsUrl, mallory.token, ws)).state);
    forged.clientID = bobBoard.doc.clientID;
    let update: Uint8Array | undefined;
    forged.once('update', (u: Uint8Array) => {
      update = u;
    });
    createTask(
      forged,
      { origin: { kind: 'user', actorId: bob.user.id } },
      { projectId: FIRST_PROJECT_ID, title: 'forged' },
    );
    const raw = await openAuthenticated(server.wsUrl, mallory.accessToken, ws);
    raw.send(syncMessage(ws, SyncType.Update, update as Uint8Array));
    const told = await raw.next((m) => m.kind === 'stateless');
    expect(told).toEqual({
      kind: 'stateless',
      payload: JSON.stringify({ type: 'rejected', reason: 'foreign-client' }),
    });
    raw.close();
    const titles = () =>
      [...(annBoard.doc.getMap<Y.Map<unknown>>('tasks').values() ?? [])].map((t) => t.get('title'));
    await until(annBoard.doc, () => titles().includes('Bob’s task'));
    expect(titles()).not.toContain('forged');

    // A client re-uploading everything it has (SyncStep2) may include Bob's edits: accepted.
    const reupload = await openAuthenticated(server.wsUrl, mallory.accessToken, ws, { handshake: false });
    const whole = new Y.Doc();
    Y.applyUpdate(whole, (await readServerState(server.wsUrl, mallory.token, ws)).state);
    reupload.send(syncMessage(ws, SyncType.Step2, Y.encodeStateAsUpdate(whole)));
    expect(await reupload.next((m) => m.kind === 'sync-status')).toEqual({
      kind: 'sync-status',
      saved: true,
    });
    expect(reupload.received.some((m) => m.kind === 'stateless')).toBe(false);
    reupload.close();

    // Her own clientID is hers from its first Update on.
    const own = new Y.Doc();
    Y.applyUpdate(own, (await readServerState(server.wsUrl, mallory.token, ws)).state);
    let mineUpdate: Uint8Array | undefined;
    own.once('update', (u: Uint8Array) => {
      mineUpdate = u;
    });
    createTask(
      own,
      { origin: { kind: 'user', actorId: mallory.user.id } },
      { projectId: FIRST_PROJECT_ID, title: 'honest' },
    );
    const honest = await openAuthenticated(server.wsUrl, mallory.accessToken, ws);
    honest.send(syncMessage(ws, SyncType.Update, mineUpdate as Uint8Array));
    await until(annBoard.doc, () => titles().includes('honest'));
    honest.close();
  });

  test('M14: an Update that watches a task for someone else is refused; watching for oneself is not', async () => {
    const taskId = createTask(annBoard.doc, annBoard.editor, {
      projectId: FIRST_PROJECT_ID,
      title: 'Watched',
    });
    await annBoard.acked();
    const attempt = async (forUser: string) => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, (await readServerState(server.wsUrl, mallory.token, ws)).state);
      let update: Uint8Array | undefined;
      copy.once('update', (u: Uint8Array) => {
        update = u;
      });
      // What watchTask writes, but under any id: only the server can stop it.
      copy.transact(() =>
        (copy.getMap<Y.Map<unknown>>('tasks').get(taskId) as Y.Map<unknown>).set(`watch:${forUser}`, true),
      );
      const raw = await openAuthenticated(server.wsUrl, mallory.accessToken, ws);
      raw.send(syncMessage(ws, SyncType.Update, update as Uint8Array));
      return raw;
    };
    const forged = await attempt(bob.user.id);
    expect(await forged.next((m) => m.kind === 'stateless')).toEqual({
      kind: 'stateless',
      payload: JSON.stringify({ type: 'rejected', reason: 'foreign-watch' }),
    });
    forged.close();
    const honest = await attempt(mallory.user.id);
    const watchers = () => readTask(annBoard.doc, taskId)?.watchers ?? [];
    await until(annBoard.doc, () => watchers().includes(mallory.user.id));
    honest.close();
    expect(watchers()).toEqual([mallory.user.id]);
  });
});
