/**
 * Must-show #2 (issue 2): 20 times in a row, three clients create and move tasks as fast as the
 * server acknowledges them; right after the Nth acknowledgement the server gets SIGKILL. The
 * clients are destroyed at once and the server restarts on a new port, so nothing can re-upload.
 * A fresh client must then find every acknowledged edit.
 */
import { createTask, FIRST_PROJECT_ID, moveTask, readBoard, readTask } from '@taskflow/model';
import { afterAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { firstOwner } from './helpers/auth.ts';
import { connectClient, readServerState, type TestClient } from './helpers/client.ts';
import { type ServerProcess, spawnServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const ROUNDS = 20;
const CLIENTS = 3;
const COLUMNS = [1, 2, 3].map((i) => `${FIRST_PROJECT_ID}:col${i}`);
const SEED = Number(process.env.KILL_SEED ?? 20261122);

/** Everything a client had acknowledged: its own Yjs clock, and the tasks it created. */
type Acked = { clientId: number; clock: number; created: string[] };

const data = tempDir('kill9');
afterAll(() => data.remove());

test('S1: every acknowledged update is on disk — 20 × kill -9 during a 3-client burst, no re-upload', async () => {
  const random = mulberry32(SEED);
  console.info(
    `kill -9 test seed ${SEED} (replay: KILL_SEED=${SEED} npx vitest run server/test/kill-during-burst.int.test.ts)`,
  );
  // A small COMPACT_EVERY makes some kills land around compactions too.
  const env = { COMPACT_EVERY: '25' };
  let server: ServerProcess = await spawnServer({ dataDir: data.path, env });
  // The signing key lives in DATA_DIR, so this token stays valid across the restarts.
  const owner = await firstOwner(server.url);
  const ackedSoFar: Acked[] = [];
  let totalAcks = 0;

  for (let round = 1; round <= ROUNDS; round++) {
    const killAfter = 1 + Math.floor(random() * 40);
    const clients = Array.from({ length: CLIENTS }, () =>
      connectClient(server.wsUrl, { token: owner.token }),
    );
    await Promise.all(clients.map((c) => c.synced));

    const records: Acked[] = clients.map((c) => ({ clientId: c.doc.clientID, clock: 0, created: [] }));
    let acks = 0;
    let killed = false;
    const killedPromise = server.exited;

    const burst = async (client: TestClient, record: Acked) => {
      while (!killed) {
        const created = editOnce(client, random);
        const ack = client.acked();
        const outcome = await Promise.race([
          ack.then(() => 'acked' as const),
          killedPromise.then(() => 'killed' as const),
        ]);
        if (outcome === 'killed' || killed) return;
        record.clock = Y.getState(client.doc.store, client.doc.clientID);
        if (created) record.created.push(created);
        acks += 1;
        if (acks === killAfter) {
          killed = true;
          server.kill9();
          // Synchronously: no reconnect attempt can reach the next server (which also gets a new port).
          for (const c of clients) c.destroy();
        }
      }
    };
    await Promise.all(clients.map((c, i) => burst(c, records[i] as Acked)));
    const exit = await server.exited;
    expect(exit.signal).toBe('SIGKILL');
    ackedSoFar.push(...records);
    totalAcks += acks;

    server = await spawnServer({ dataDir: data.path, env });
    const { doc, stateVector } = await readServerState(server.wsUrl, owner.token);
    for (const acked of ackedSoFar) {
      expect(
        stateVector.get(acked.clientId) ?? 0,
        `round ${round}: client ${acked.clientId}'s acknowledged clock`,
      ).toBeGreaterThanOrEqual(acked.clock);
      for (const id of acked.created)
        expect(readTask(doc, id), `round ${round}: acknowledged task ${id}`).toBeDefined();
    }
    // Every task still sits in exactly one column.
    const board = readBoard(doc, FIRST_PROJECT_ID);
    const shown = board?.columns.flatMap((c) => c.tasks.map((t) => t.id)) ?? [];
    expect(new Set(shown).size).toBe(shown.length);
    expect(shown.length).toBeGreaterThanOrEqual(ackedSoFar.reduce((n, a) => n + a.created.length, 0));
  }
  console.info(`kill -9 test: ${ROUNDS} rounds, ${totalAcks} acknowledged edits checked`);
  await server.stop('SIGKILL');
  // Twenty process starts: on a busy 2-core machine that alone can pass the default 60 s.
}, 240_000);

/** One model edit: create a task (returns its id) or move a random known task. */
function editOnce(client: TestClient, random: () => number): string | undefined {
  const board = readBoard(client.doc, FIRST_PROJECT_ID);
  const tasks = board?.columns.flatMap((c) => c.tasks) ?? [];
  if (tasks.length < 3 || random() < 0.4) {
    return createTask(client.doc, client.editor, {
      projectId: FIRST_PROJECT_ID,
      title: `task ${tasks.length + 1}`,
    });
  }
  const task = tasks[Math.floor(random() * tasks.length)];
  const column = COLUMNS[Math.floor(random() * COLUMNS.length)];
  if (task && column) moveTask(client.doc, client.editor, task.id, column, Math.floor(random() * 5));
  return undefined;
}

/** A tiny seeded PRNG, so a failing run can be replayed with KILL_SEED. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
