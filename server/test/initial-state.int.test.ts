/**
 * A new device's handshake (server/src/sync/initial-state.ts) over real sockets: devices with an
 * empty copy get the whole workspace from one encoding while it is unchanged, a device that
 * connects right after an edit gets that edit, and edits themselves never encode the whole
 * document (issue 13: no per-update path grows with the workspace). Not timed: counts and states.
 */
import { rmSync } from 'node:fs';
import { createTask, FIRST_PROJECT_ID, moveTask, readBoard, readTask } from '@taskflow/model';
import { type RunningServer, startServer } from '@taskflow/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { fullEncodingsOf } from '../src/persistence/encoded-state.ts';
import { createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, type TestClient, until } from './helpers/client.ts';
import { tempDir } from './helpers/temp-dir.ts';

const TASKS = 300;

describe('a new device gets the workspace from the cached encoding (issue 13)', () => {
  const dir = tempDir('initial-state');
  let server: RunningServer;
  let ann: Session;
  let ws: string;
  let wsUrl: string;
  let editor: TestClient;
  let serverDoc: Y.Doc;
  let ids: string[];
  let columns: string[];
  const opened: TestClient[] = [];

  /** A device with nothing stored: an empty Y.Doc, so its SyncStep1 has an empty state vector. */
  const newDevice = async (): Promise<TestClient> => {
    const client = connectClient(wsUrl, { name: ws, token: ann.accessToken });
    opened.push(client);
    await client.synced;
    return client;
  };
  const sameState = (doc: Y.Doc) =>
    expect(Y.decodeStateVector(Y.encodeStateVector(doc))).toEqual(
      Y.decodeStateVector(Y.encodeStateVector(serverDoc)),
    );

  beforeAll(async () => {
    // No compaction during the test: it encodes on its own schedule (and shares the cache).
    server = await startServer({
      port: 0,
      dataDir: dir.path,
      compactEvery: 1_000_000,
      limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
    });
    wsUrl = `${server.url.replace('http', 'ws')}/sync`;
    ann = await signUp(server.url, { name: 'Ann' });
    ws = await createWorkspace(ann, 'Handshakes');
    editor = connectClient(wsUrl, { name: ws, token: ann.accessToken });
    await editor.synced;
    editor.doc.transact(() => {
      ids = Array.from({ length: TASKS }, (_, i) =>
        createTask(editor.doc, editor.editor, { projectId: FIRST_PROJECT_ID, title: `task ${i}` }),
      );
    });
    await editor.acked();
    columns = readBoard(editor.doc, FIRST_PROJECT_ID)?.columns.map((c) => c.id) ?? [];
    serverDoc = server.document(ws) as Y.Doc;
    expect(serverDoc).toBeDefined();
    // The server numbers the new tasks in a write of its own: wait until the editor has it too.
    await until(editor.doc, (d) => ids.every((id) => readTask(d, id)?.number != null));
  }, 60_000);

  afterAll(async () => {
    for (const c of [editor, ...opened]) c?.destroy();
    await server?.close();
    rmSync(dir.path, { recursive: true, force: true });
  });

  test('three new devices in a row cost one encoding, and each gets the whole workspace', async () => {
    const before = fullEncodingsOf(serverDoc);
    const devices = [await newDevice(), await newDevice(), await newDevice()];
    // One, or none when a compaction since the last edit encoded it already (it shares the cache).
    expect(fullEncodingsOf(serverDoc) - before).toBeLessThanOrEqual(1);
    for (const device of devices) {
      sameState(device.doc);
      expect(ids.every((id) => readTask(device.doc, id)?.number != null)).toBe(true);
    }
  });

  test('a device connecting right after an edit gets the edit in its handshake', async () => {
    await newDevice();
    for (let round = 0; round < 5; round++) {
      const id = ids[round] as string;
      const column = columns[(round % (columns.length - 1)) + 1] as string;
      const before = fullEncodingsOf(serverDoc);
      const placement = moveTask(editor.doc, editor.editor, id, column, 0);
      await editor.acked();
      // Nothing reaches this device but its handshake: it connected after the edit was relayed.
      const device = await newDevice();
      expect(readTask(device.doc, id)?.movedAt).toBe(placement.hlc);
      expect(readTask(device.doc, id)?.columnId).toBe(column);
      sameState(device.doc);
      expect(fullEncodingsOf(serverDoc) - before).toBe(1);
    }
  });

  test('devices connecting while edits arrive all end with the server state', async () => {
    const moves: Promise<TestClient>[] = [];
    for (let round = 0; round < 6; round++) {
      moveTask(
        editor.doc,
        editor.editor,
        ids[10 + round] as string,
        columns[round % columns.length] as string,
        0,
      );
      moves.push(newDevice());
    }
    const devices = await Promise.all(moves);
    await editor.acked();
    const target = Y.encodeStateVector(serverDoc);
    for (const device of devices) {
      await until(device.doc, (d) => Buffer.from(Y.encodeStateVector(d)).equals(Buffer.from(target)));
      sameState(device.doc);
    }
  });

  test('edits from a connected device never encode the whole document', async () => {
    const before = fullEncodingsOf(serverDoc);
    for (let round = 0; round < 20; round++) {
      moveTask(editor.doc, editor.editor, ids[round] as string, columns[round % columns.length] as string, 0);
      await editor.acked();
    }
    expect(fullEncodingsOf(serverDoc)).toBe(before);
  });
});
