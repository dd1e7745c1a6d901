/**
 * Issue 16, must-show 1: three Taskflow processes on one PostgreSQL and one Redis, real
 * @hocuspocus/provider clients spread over them. A seeded random schedule: each client makes
 * random board operations through the model (create, edit, move, reorder, archive, restore,
 * columns, projects), goes offline for stretches (its socket closed, edits kept in its Y.Doc), and
 * comes back on a DIFFERENT instance than the one it left, as a browser behind a balancer would.
 * At the end every replica is identical: each client's doc, each instance's document (read through
 * a fresh client on it) and the document as PostgreSQL stores it; every task is in one place.
 *
 * Replay: CLUSTER_SEED=<seed> npx vitest run server/test/cluster-convergence.int.test.ts (the
 * schedule replays; ids and ranks come from Math.random, and the network's timing is real).
 * Heavier: CLUSTER_RUNS=20 CLUSTER_STEPS=300.
 */
import type { Editor } from '@taskflow/model';
import { type Rng, rng } from '@taskflow/model/testing/prng';
import { applyRandomOp } from '@taskflow/model/testing/random-ops';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { createWorkspace, firstOwner, type Session } from './helpers/auth.ts';
import { BROWSER_BACKOFF, connectClient, type TestClient } from './helpers/client.ts';
import { dropClient, startCluster, type TestCluster } from './helpers/cluster-processes.ts';
import { boardProblems, differing, eventually, instanceDocs, storedDoc } from './helpers/replicas.ts';

const RUNS = Number(process.env.CLUSTER_RUNS ?? 6);
const STEPS = Number(process.env.CLUSTER_STEPS ?? 150);
const CLIENTS = 5;
const SEED = process.env.CLUSTER_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.CLUSTER_SEED);
const FILE = 'server/test/cluster-convergence.int.test.ts';

/** One person's tab: its Y.Doc outlives its connections, as IndexedDB keeps a browser's. */
type Replica = { name: string; doc: Y.Doc; instance: number; conn: TestClient | undefined };

let cluster: TestCluster;
let owner: Session;

beforeAll(async () => {
  cluster = await startCluster({ instances: 3 });
  owner = await firstOwner(cluster.instances[0]?.url ?? '');
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
});

test('issue 16 #1: 3 instances, clients spread over them, random operations, offline stretches, reconnects elsewhere — every replica identical', async () => {
  console.info(`cluster convergence seed ${SEED} (replay: CLUSTER_SEED=${SEED} npx vitest run ${FILE})`);
  let run = 0;
  try {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        run += 1;
        await session(seed, `convergence ${run}`);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  } catch (error) {
    console.error(
      `replay: CLUSTER_SEED=${SEED} CLUSTER_RUNS=${RUNS} CLUSTER_STEPS=${STEPS} npx vitest run ${FILE}`,
    );
    throw error;
  }
}, 110_000);

async function session(seed: number, workspaceName: string): Promise<void> {
  const r = rng(seed);
  const ws = await createWorkspace(owner, workspaceName);
  const editor: Editor = { origin: { kind: 'user', actorId: owner.user.id } };
  const instances = cluster.instances;
  const connect = (rep: Replica, instance: number) => {
    const target = instances[instance];
    if (!target) throw new Error(`no instance ${instance}`);
    rep.instance = instance;
    rep.conn = connectClient(target.wsUrl, {
      doc: rep.doc,
      name: ws,
      token: owner.token,
      backoff: BROWSER_BACKOFF,
    });
    // A refused handshake fails the convergence check below, with the replicas named.
    rep.conn.synced.catch(() => {});
    return rep.conn.synced;
  };
  const replicas: Replica[] = Array.from({ length: CLIENTS }, (_, i) => ({
    name: `client ${i}`,
    doc: new Y.Doc(),
    instance: i % instances.length,
    conn: undefined,
  }));
  try {
    // The first load (which seeds a new workspace's document) happens on one instance; the rest
    // then load what it stored.
    const [first, ...rest] = replicas;
    if (!first) throw new Error('no clients');
    await connect(first, 0);
    await Promise.all(rest.map((rep) => connect(rep, rep.instance)));

    const counts = { ops: 0, offline: 0, moved: 0 };
    for (let step = 0; step < STEPS; step++) {
      const rep = r.pick(replicas);
      const dice = r.next();
      if (dice < 0.7) {
        for (let k = 1 + r.int(3); k > 0; k--) {
          applyRandomOp(rep.doc, editor, r);
          counts.ops += 1;
        }
      } else if (dice < 0.85) {
        if (rep.conn) {
          dropClient(rep.conn);
          rep.conn = undefined;
          counts.offline += 1;
        } else {
          void connect(rep, otherInstance(rep.instance, r));
          counts.moved += 1;
        }
      } else {
        // Let the network catch up a little: a random connected client's edits acknowledged.
        const online = replicas.filter((x) => x.conn);
        if (online.length > 0) await settleBriefly(r.pick(online).conn as TestClient);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    for (const rep of replicas)
      if (!rep.conn) {
        void connect(rep, otherInstance(rep.instance, r));
        counts.moved += 1;
      }
    await Promise.all(replicas.map((rep) => rep.conn?.synced));
    console.info(
      `seed ${seed}: ${counts.ops} operations, ${counts.offline} offline stretches, ${counts.moved} reconnects to another instance`,
    );

    await eventually(async () => {
      const named: [string, Y.Doc][] = [
        ...replicas.map((rep) => [`${rep.name} (on instance ${rep.instance})`, rep.doc] as [string, Y.Doc]),
        ...(await instanceDocs(instances, owner.token, ws)),
        ['PostgreSQL', await storedDoc(cluster.databaseUrl, ws)],
      ];
      return differing(named);
    }, `seed ${seed}: replicas of ${ws}`);
    expect(boardProblems(first.doc)).toEqual([]);
    expect(first.doc.store.pendingStructs).toBeNull();
  } finally {
    for (const rep of replicas) if (rep.conn) dropClient(rep.conn);
  }
}

function otherInstance(current: number, r: Rng): number {
  const n = cluster.instances.length;
  return (current + 1 + r.int(n - 1)) % n;
}

/** Waits for a client's acknowledgements, at most a moment (a client mid-handshake may take longer). */
async function settleBriefly(client: TestClient): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    client.acked(),
    new Promise((resolve) => {
      timer = setTimeout(resolve, 500);
    }),
  ]);
  clearTimeout(timer);
}
