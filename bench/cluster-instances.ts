/**
 * The `cluster-instances` section of `npm run bench` (issue 16, must-show 5): whole Taskflow
 * processes on one PostgreSQL and one Redis, 1 instance next to 3.
 *
 * - Moves per second and move→seen latency (a move made on one client until every other client of
 *   its workspace has it), for one busy workspace (9 clients, every one moving its own card in a
 *   closed loop) and for 100 busy workspaces (3 clients each, one of them moving). With 3
 *   instances the clients of a workspace are spread over them, so most moves cross Redis; with 1
 *   they all sit on it. Figures for 3 are also given as ratios to 1.
 * - The append path on its own: one client, one move at a time, from the move to its
 *   acknowledgement (the update committed, then acked), on SQLite (the default), on PostgreSQL, and
 *   on PostgreSQL with Redis (the publish after the commit), interleaved in rounds.
 *
 * Every process runs on this machine: 3 instances, PostgreSQL, Redis and the clients share its
 * cores, so the 3-instance figures measure the protocol's cost, not added hardware.
 * BENCH_CLUSTER_SECONDS=5 (per workload) and BENCH_APPEND_MOVES=300 override the defaults.
 */
import { createTask, type Editor, moveTask, readBoard, readProjects, readTask } from '@taskflow/model';
import type * as Y from 'yjs';
import { createWorkspace, signUp } from '../server/test/helpers/auth.ts';
import { connectClient, type TestClient } from '../server/test/helpers/client.ts';
import { dropClient, startCluster, type TestCluster } from '../server/test/helpers/cluster-processes.ts';
import { startPostgres } from '../server/test/helpers/engines.ts';
import { startTaskflow } from './processes.ts';
import { ms, ratio, type Summary, summarize, table } from './stats.ts';

const SECONDS = Number(process.env.BENCH_CLUSTER_SECONDS ?? 5);
const APPEND_MOVES = Number(process.env.BENCH_APPEND_MOVES ?? 300);
const APPEND_ROUNDS = 10;

type Workload = { name: string; workspaces: number; clientsPer: number; moversPer: number };
const WORKLOADS: Workload[] = [
  { name: 'one busy workspace', workspaces: 1, clientsPer: 9, moversPer: 9 },
  { name: '100 busy workspaces', workspaces: 100, clientsPer: 3, moversPer: 1 },
];
/**
 * Where a workspace's clients connect: `spread` over every instance (any-instance routing, the
 * worst case: every instance loads every document and each move crosses Redis), or all on one
 * instance chosen by the workspace (`affine`, what docs/SCALE-OUT.md's uri_hash routing gives).
 */
type Routing = 'spread' | 'affine';
const RUNS: { instances: number; routing: Routing; workloads: Workload[] }[] = [
  { instances: 1, routing: 'spread', workloads: WORKLOADS },
  { instances: 3, routing: 'spread', workloads: WORKLOADS },
  { instances: 3, routing: 'affine', workloads: WORKLOADS.filter((w) => w.workspaces > 1) },
];

type Result = { movesPerSecond: number; latency: Summary };

/** Resolves once `ready()` holds, checked now and after each update of the doc. */
function when(doc: Y.Doc, ready: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (ready()) return resolve();
    const check = () => {
      if (!ready()) return;
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}

async function inBatches<T>(items: (() => Promise<T>)[], size = 25): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map((f) => f()))));
  return out;
}

async function runWorkload(cluster: TestCluster, workload: Workload, routing: Routing): Promise<Result> {
  const [first] = cluster.instances;
  if (!first) throw new Error('no instance');
  const n = cluster.instances.length;
  const home = (w: number) => (routing === 'affine' ? (cluster.instances[w % n] ?? first) : first);
  const person = await signUp(first.url, { name: 'Bench' });
  const editor: Editor = { origin: { kind: 'user', actorId: person.user.id } };
  const token = person.accessToken;
  const workspaces = await inBatches(
    Array.from({ length: workload.workspaces }, (_, i) => () => createWorkspace(person, `bench ${i}`)),
  );
  const clients: TestClient[][] = [];
  try {
    // Each workspace's document is seeded by its first client on instance 0; the rest follow.
    const firsts = await inBatches(
      workspaces.map((ws, w) => async () => {
        const c = connectClient(home(w).wsUrl, { name: ws, token });
        await c.synced;
        return c;
      }),
    );
    const others = await inBatches(
      workspaces.flatMap((ws, w) =>
        Array.from({ length: workload.clientsPer - 1 }, (_, k) => async () => {
          const instance = routing === 'affine' ? home(w) : (cluster.instances[(k + 1) % n] ?? first);
          const c = connectClient(instance.wsUrl, { name: ws, token });
          await c.synced;
          return { w, c };
        }),
      ),
    );
    workspaces.forEach((_, w) => {
      clients.push([firsts[w] as TestClient, ...others.filter((o) => o.w === w).map((o) => o.c)]);
    });
    // Each mover's own card, seen by every client of its workspace before the clock starts.
    const loops = clients.flatMap((group) =>
      group.slice(0, workload.moversPer).map((mover) => {
        const project = readProjects(mover.doc)[0];
        if (!project) throw new Error('no project');
        const columns = readBoard(mover.doc, project.id)?.columns.map((c) => c.id) ?? [];
        const taskId = createTask(mover.doc, editor, { projectId: project.id, title: 'bench card' });
        const receivers = group.filter((c) => c !== mover);
        return { mover, receivers, taskId, columns };
      }),
    );
    await Promise.all(
      loops.flatMap((l) =>
        l.receivers.map((r) => when(r.doc, () => readTask(r.doc, l.taskId) !== undefined)),
      ),
    );
    const samples: number[] = [];
    let moves = 0;
    const started = performance.now();
    const end = started + SECONDS * 1000;
    await Promise.all(
      loops.map(async (l) => {
        for (let i = 0; performance.now() < end; i++) {
          const at = performance.now();
          const placement = moveTask(
            l.mover.doc,
            editor,
            l.taskId,
            l.columns[i % l.columns.length] as string,
            0,
          );
          await Promise.all(
            l.receivers.map((r) => when(r.doc, () => readTask(r.doc, l.taskId)?.movedAt === placement.hlc)),
          );
          samples.push(performance.now() - at);
          moves += 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    return { movesPerSecond: moves / seconds, latency: summarize(samples) };
  } finally {
    for (const c of clients.flat()) dropClient(c);
  }
}

/** Move → acknowledgement for one client, one move at a time; `rounds` calls interleave servers. */
async function appendMover(url: string): Promise<{ moves(n: number): Promise<number[]>; close(): void }> {
  const person = await signUp(url, { name: 'Append bench' });
  const ws = await createWorkspace(person, 'append');
  const client = connectClient(`${url.replace('http', 'ws')}/sync`, { name: ws, token: person.accessToken });
  await client.synced;
  const editor: Editor = { origin: { kind: 'user', actorId: person.user.id } };
  const project = readProjects(client.doc)[0];
  if (!project) throw new Error('no project');
  const columns = readBoard(client.doc, project.id)?.columns.map((c) => c.id) ?? [];
  const taskId = createTask(client.doc, editor, { projectId: project.id, title: 'append card' });
  await client.acked();
  let made = 0;
  return {
    async moves(n) {
      const samples: number[] = [];
      for (let i = 0; i < n; i++, made++) {
        const at = performance.now();
        moveTask(client.doc, editor, taskId, columns[made % columns.length] as string, 0);
        await client.acked();
        samples.push(performance.now() - at);
      }
      return samples;
    },
    close: () => dropClient(client),
  };
}

async function appendPath(): Promise<string[][]> {
  const postgres = await startPostgres();
  const one = await startCluster({ instances: 1, env: { LOG_LEVEL: 'silent' } });
  const sqlite = await startTaskflow();
  try {
    const pgOnly = await startTaskflow({ DATABASE_URL: await postgres.createDatabase('bench_append') });
    try {
      const setups: [string, Awaited<ReturnType<typeof appendMover>>][] = [
        ['SQLite (default)', await appendMover(`http://127.0.0.1:${sqlite.port}`)],
        ['PostgreSQL', await appendMover(`http://127.0.0.1:${pgOnly.port}`)],
        ['PostgreSQL + Redis', await appendMover(one.instances[0]?.url ?? '')],
      ];
      const samples = setups.map(() => [] as number[]);
      const perRound = Math.ceil(APPEND_MOVES / APPEND_ROUNDS);
      for (let round = 0; round < APPEND_ROUNDS; round++)
        for (const [i, [, mover]] of setups.entries()) samples[i]?.push(...(await mover.moves(perRound)));
      for (const [, mover] of setups) mover.close();
      const base = summarize(samples[0] ?? []);
      return setups.map(([name], i) => {
        const s = summarize(samples[i] ?? []);
        return [name, String(s.n), ms(s.p50), ms(s.p99), ratio(s.p50, base.p50), ratio(s.p99, base.p99)];
      });
    } finally {
      await pgOnly.stop();
    }
  } finally {
    await sqlite.stop();
    await one.stop();
    await postgres.stop();
  }
}

export async function runClusterInstancesBench(): Promise<void> {
  const results = new Map<string, Result>();
  for (const run of RUNS) {
    const cluster = await startCluster({ instances: run.instances, env: { LOG_LEVEL: 'silent' } });
    try {
      for (const workload of run.workloads)
        results.set(
          `${run.instances} ${run.routing}:${workload.name}`,
          await runWorkload(cluster, workload, run.routing),
        );
    } finally {
      await cluster.stop();
    }
  }
  const rows = WORKLOADS.flatMap((workload) => {
    const base = results.get(`1 spread:${workload.name}`) as Result;
    return RUNS.filter((run) => run.workloads.includes(workload)).map((run) => {
      const r = results.get(`${run.instances} ${run.routing}:${workload.name}`) as Result;
      return [
        workload.name,
        run.instances === 1
          ? '1'
          : `${run.instances}, ${run.routing === 'spread' ? 'spread' : 'workspace-affine'}`,
        r.movesPerSecond.toFixed(0),
        ratio(r.movesPerSecond, base.movesPerSecond),
        ms(r.latency.p50),
        ms(r.latency.p99),
        ratio(r.latency.p99, base.latency.p99),
      ];
    });
  });
  console.log(
    `\ncluster-instances: moves per second and move→seen latency, ${SECONDS} s per workload, one PostgreSQL + one Redis, everything on this machine`,
  );
  console.log(table(['workload', 'instances', 'moves/s', 'vs 1', 'p50 ms', 'p99 ms', 'p99 vs 1'], rows));
  console.log('\ncluster-instances: append path, one move to its acknowledgement (committed, then acked)');
  console.log(
    table(['store', 'moves', 'p50 ms', 'p99 ms', 'p50 vs SQLite', 'p99 vs SQLite'], await appendPath()),
  );
}
