/** startServer in-process, as the benchmark and future tests use it. */
import { createTask, FIRST_PROJECT_ID, readTask } from '@taskflow/model';
import { startServer } from '@taskflow/server';
import { expect, test } from 'vitest';
import { firstOwner } from './helpers/auth.ts';
import { connectClient, readServerState, until } from './helpers/client.ts';
import { tempDir } from './helpers/temp-dir.ts';

test('startServer: syncs two clients, stops cleanly, and a second start on the same data dir has the edits', async () => {
  const data = tempDir('inprocess');
  try {
    const server = await startServer({ dataDir: data.path, port: 0 });
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const wsUrl = `${server.url.replace('http', 'ws')}/sync`;
    const owner = await firstOwner(server.url);
    const alice = connectClient(wsUrl, { token: owner.token });
    const bob = connectClient(wsUrl, { token: owner.token });
    await Promise.all([alice.synced, bob.synced]);
    const id = createTask(alice.doc, alice.editor, { projectId: FIRST_PROJECT_ID, title: 'in process' });
    await alice.acked();
    await until(bob.doc, (doc) => readTask(doc, id) !== undefined);

    const started = performance.now();
    await Promise.all([server.close(), server.close()]);
    expect(performance.now() - started).toBeLessThan(10_000);
    alice.destroy();
    bob.destroy();

    const again = await startServer({ dataDir: data.path, port: 0 });
    const { doc } = await readServerState(`${again.url.replace('http', 'ws')}/sync`, owner.token);
    expect(readTask(doc, id)?.title).toBe('in process');
    await again.close();
  } finally {
    data.remove();
  }
});
