/**
 * The relay (server/src/sync/relay.ts) over real sockets: a move reaches the other clients and is
 * acknowledged to its sender, but is not sent back to the sender, which already has it. (A new
 * task goes back to its sender: it travels in one frame with the number the server gives it.)
 */
import { createTask, FIRST_PROJECT_ID, moveTask, readBoard, readTask } from '@taskflow/model';
import * as decoding from 'lib0/decoding';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createWorkspace, signUp } from './helpers/auth.ts';
import { connectClient, type TestClient, until } from './helpers/client.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';
import { MessageType, SyncType } from './helpers/raw-client.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

/**
 * For every Sync Update frame the client's socket receives from now on (the server's broadcasts),
 * the Yjs clientIDs whose structs it carries.
 */
function recordUpdates(client: TestClient): number[][] {
  const writers: number[][] = [];
  const ws = client.socket.webSocket;
  if (!ws) throw new Error('not connected');
  ws.addEventListener('message', (event: { data: unknown }) => {
    const decoder = decoding.createDecoder(new Uint8Array(event.data as ArrayBuffer));
    decoding.readVarString(decoder);
    if (decoding.readVarUint(decoder) !== MessageType.Sync) return;
    if (decoding.readVarUint(decoder) !== SyncType.Update) return;
    const { from } = Y.parseUpdateMeta(decoding.readVarUint8Array(decoder));
    writers.push([...from.keys()]);
  });
  return writers;
}

test('a move is relayed to the others and acknowledged to its sender, not sent back to it', async () => {
  const ann = await signUp(server.url, { name: 'Ann' });
  const ws = await createWorkspace(ann, 'Relay');
  const a = connectClient(server.wsUrl, { name: ws, token: ann.accessToken });
  const b = connectClient(server.wsUrl, { name: ws, token: ann.accessToken });
  try {
    await Promise.all([a.synced, b.synced]);
    const id = createTask(a.doc, a.editor, { projectId: FIRST_PROJECT_ID, title: 'card' });
    await until(b.doc, (d) => readTask(d, id)?.number != null);
    await until(a.doc, (d) => readTask(d, id)?.number != null);
    const [, doing, done] = readBoard(a.doc, FIRST_PROJECT_ID)?.columns.map((c) => c.id) ?? [];
    if (!doing || !done) throw new Error('no columns');
    const toA = recordUpdates(a);
    const toB = recordUpdates(b);

    moveTask(a.doc, a.editor, id, doing, 0);
    await until(b.doc, (d) => readTask(d, id)?.columnId === doing);
    await a.acked();
    // b's move goes out after a's was relayed: had a's come back to a, it would be in toA first.
    moveTask(b.doc, b.editor, id, done, 0);
    await until(a.doc, (d) => readTask(d, id)?.columnId === done);
    await b.acked();

    const onlyBy = (client: TestClient) => (writers: number[]) =>
      writers.length > 0 && writers.every((w) => w === client.doc.clientID);
    expect(toB.filter(onlyBy(a))).toHaveLength(1);
    expect(toA.filter(onlyBy(b))).toHaveLength(1);
    expect(toA.filter(onlyBy(a))).toHaveLength(0);
    expect(toB.filter(onlyBy(b))).toHaveLength(0);
  } finally {
    a.destroy();
    b.destroy();
  }
});
