/**
 * Issue 8: a log stored before the content guard may hold updates Yjs cannot integrate (a clock
 * gap). At load the server drops what Yjs parks and compacts, so nothing parked reaches a client
 * or survives the next start, and honest clients keep syncing.
 */

import path from 'node:path';
import { createTask, FIRST_PROJECT_ID, readTask } from '@taskflow/model';
import { startServer } from '@taskflow/server';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { UpdateLog } from '../src/persistence/update-log.ts';
import { createWorkspace, signUp } from './helpers/auth.ts';
import { connectClient } from './helpers/client.ts';
import { tempDir } from './helpers/temp-dir.ts';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

async function start(dataDir: string) {
  const server = await startServer({
    dataDir,
    port: 0,
    limits: { registerPerAddress: 100, loginPerAddress: 100 },
  });
  cleanup.push(() => server.close());
  return server;
}

describe('a stored log with parked structs (issue 8)', () => {
  it('is cleaned at load: clients never receive parked structs, honest edits are acknowledged, and the next start is clean', async () => {
    const dir = tempDir('parked');
    cleanup.push(() => dir.remove());
    let server = await start(dir.path);
    const ann = await signUp(server.url, { name: 'Ann' });
    const ws = await createWorkspace(ann, 'Old log');
    const wsUrl = () => `${server.url.replace('http', 'ws')}/sync`;
    const first = connectClient(wsUrl(), { name: ws, token: ann.token });
    await first.synced;
    first.destroy();
    await server.close();

    // What an attacker left in the log before the guard: the second of two updates, whose first
    // the server never received, so Yjs would park it.
    const scratch = new Y.Doc();
    scratch.getMap('scratch').set('a', 1);
    const before = Y.encodeStateVector(scratch);
    scratch.getMap('scratch').set('b', 2);
    const gap = Y.encodeStateAsUpdate(scratch, before);
    const db = new Database(path.join(dir.path, 'taskflow.sqlite'));
    new UpdateLog(db).append(ws, gap, { clientId: scratch.clientID });
    db.close();
    const parked = new Y.Doc();
    Y.applyUpdate(parked, gap);
    expect(parked.store.pendingStructs).not.toBeNull();

    server = await start(dir.path);
    const client = connectClient(wsUrl(), { name: ws, token: ann.token });
    cleanup.push(() => client.destroy());
    await client.synced;
    expect(client.doc.store.pendingStructs).toBeNull();
    const id = createTask(client.doc, client.editor, { projectId: FIRST_PROJECT_ID, title: 'still syncing' });
    await client.acked();
    expect(client.stateless).toEqual([]);
    client.destroy();
    await server.close();

    const db2 = new Database(path.join(dir.path, 'taskflow.sqlite'));
    const stored = new UpdateLog(db2).load(ws);
    db2.close();
    const doc = new Y.Doc();
    Y.applyUpdate(doc, stored?.state ?? new Uint8Array());
    expect(doc.store.pendingStructs).toBeNull();
    expect(doc.store.pendingDs).toBeNull();
    expect(readTask(doc, id)?.title).toBe('still syncing');
  });
});
