/**
 * A client that edits while the server is down, across several failed reconnect attempts, must get
 * every edit onto the server once it is back. The provider drops its send queue on each attempt and
 * flushes what is left on success, so an update can arrive before the updates it builds on: the
 * server must not treat such an honest client like a hostile one (S6).
 */
import { createServer } from 'node:net';
import { createTask, FIRST_PROJECT_ID, readBoard } from '@taskflow/model';
import { afterEach, describe, expect, it } from 'vitest';
import { firstOwner } from './helpers/auth.ts';
import { connectClient, type TestClient, until, waitForAck } from './helpers/client.ts';
import { type ServerProcess, spawnServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

const titles = (c: TestClient) =>
  readBoard(c.doc, FIRST_PROJECT_ID)
    ?.columns.flatMap((col) => col.tasks.map((t) => t.title))
    .sort() ?? [];

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.reverse()) await f();
  cleanup = [];
});

describe('offline edits across reconnect attempts', () => {
  it('S6: edits made between failed reconnects all reach the server, and the client keeps syncing', async () => {
    const dir = tempDir('reconnect');
    cleanup.push(() => dir.remove());
    const port = await freePort();
    const env = { PORT: String(port) };
    let server: ServerProcess = await spawnServer({ dataDir: dir.path, env });
    cleanup.push(async () => void (await server.stop()));

    const owner = await firstOwner(server.url);
    const client = connectClient(`ws://127.0.0.1:${port}/sync`, { token: owner.token });
    cleanup.push(() => client.destroy());
    await client.synced;
    createTask(client.doc, client.editor, { projectId: FIRST_PROJECT_ID, title: 'online' });
    await client.acked();

    await server.stop();
    const attempts = () =>
      new Promise<void>((resolve) => {
        const onClose = () => {
          client.socket.off('close', onClose);
          resolve();
        };
        client.socket.on('close', onClose);
      });
    for (const title of ['offline 1', 'offline 2', 'offline 3']) {
      createTask(client.doc, client.editor, { projectId: FIRST_PROJECT_ID, title });
      await attempts(); // a failed reconnect attempt between edits
    }
    // A drag at the very moment the connection opens goes out before the sync handshake.
    const onConnect = () => {
      client.socket.off('connect', onConnect);
      createTask(client.doc, client.editor, { projectId: FIRST_PROJECT_ID, title: 'at reconnect' });
    };
    client.socket.on('connect', onConnect);
    server = await spawnServer({ dataDir: dir.path, env });
    await waitForAck(client.provider);
    await until(client.doc, () => client.provider.isSynced);

    const fresh = connectClient(server.wsUrl, { token: owner.token });
    cleanup.push(() => fresh.destroy());
    await fresh.synced;
    await until(fresh.doc, () => titles(fresh).length === 5);
    expect(titles(fresh)).toEqual(['at reconnect', 'offline 1', 'offline 2', 'offline 3', 'online']);

    // Nothing was refused: an honest client is never treated as a hostile one.
    expect(client.stateless).toEqual([]);
    // And the connection is still alive: a later edit arrives too.
    createTask(client.doc, client.editor, { projectId: FIRST_PROJECT_ID, title: 'after' });
    await until(fresh.doc, () => titles(fresh).includes('after'));
  });
});
