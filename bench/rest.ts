/**
 * The REST section (issue 13, must-show 2): what a REST create, read and edit costs at 10, 1,000
 * and 10,000 tasks in the workspace, each as a ratio to the 10-task figure (aim ≤ 1.5×), on a real
 * Taskflow process (bench/processes.ts: SQLite in a temp dir) over real HTTP with a signed-in user.
 * Plus the server memory a loaded 10,000-task document holds (must-show 3), next to a bare Y.Doc
 * with the same state (the floor), and what comes back when it is unloaded.
 *
 * Tasks are seeded through a sync client (e2e/fixtures/seed-client.ts: batches merged into a few
 * updates); what is timed is each request, from fetch to the parsed JSON answer. The operations are
 * interleaved round by round, so each sees the same workspace (the creates add one task a round)
 * and the same machine load. While the board is open (the seeding client stays connected) the
 * document stays loaded. The server runs with DOC_IDLE_UNLOAD_MS=0, so with nobody connected it
 * unloads the document when the request's direct connection closes and each request loads it from
 * SQLite again: the worst case, a request after the idle delay (default 5 min) on every request;
 * measured apart, fewer samples. The documents section (bench/documents.ts) measures the default.
 *
 * BENCH_REST_SIZES=10,1000,10000 and BENCH_REST_SAMPLES=60 override the defaults.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { FIRST_PROJECT_ID, readBoard } from '@taskflow/model';
import * as Y from 'yjs';
import { connectSeedClient, type SeedClient, seedTasks } from '../e2e/fixtures/seed-client.ts';
import { rssKiB, type ServerProcess, startTaskflow } from './processes.ts';
import { type Api, signIn } from './rest-api.ts';
import { ms, ratio, type Summary, summarize, table } from './stats.ts';

const SIZES = (process.env.BENCH_REST_SIZES ?? '10,1000,10000').split(',').map(Number);
const SAMPLES = Number(process.env.BENCH_REST_SAMPLES ?? 60);
const WARMUP = 10;
/** Requests while nobody has the document open: each loads it, so fewer, and at most ~COLD_BUDGET_MS of them. */
const COLD_SAMPLES = Math.max(5, Math.round(SAMPLES / 4));
const COLD_BUDGET_MS = 20_000;
/** More warm-up before the first size: its p50 is every ratio's base, so no JIT warm-up may remain in it. */
const FIRST_WARMUP = 40;
const PAGE = 100;
const AIM = 1.5;

const settle = (msec: number) => new Promise((r) => setTimeout(r, msec));
const taskCount = (doc: Y.Doc) => doc.getMap('tasks').size;
/** Progress on stderr, with the wall clock (to find a phase in a server CPU profile). */
const progress = (msg: string) =>
  process.stderr.write(`rest ${new Date().toISOString().slice(11, 23)}: ${msg}\n`);

type Op = { name: string; run: (round: number) => Promise<void> };

/** The operations, each one request; `ids` are seeded tasks the reads and edits spread over. */
function operations(api: Api, ids: readonly string[], columns: readonly string[]): Op[] {
  const pick = (round: number, salt: number) => ids[(round * 7919 + salt * 104_729) % ids.length] as string;
  const project = FIRST_PROJECT_ID;
  return [
    {
      name: 'POST /tasks (create)',
      run: async (r) => {
        await api.call('POST', '/tasks', { projectId: project, title: `REST task ${r}` }, 201);
      },
    },
    {
      name: 'GET /tasks/:id (read)',
      run: async (r) => {
        await api.call('GET', `/tasks/${pick(r, 1)}`, undefined, 200);
      },
    },
    {
      name: 'PATCH /tasks/:id title (edit)',
      run: async (r) => {
        await api.call('PATCH', `/tasks/${pick(r, 2)}`, { title: `Edited ${r}` }, 200);
      },
    },
    {
      name: 'PATCH /tasks/:id columnId (move)',
      run: async (r) => {
        await api.call('PATCH', `/tasks/${pick(r, 3)}`, { columnId: columns[r % columns.length] }, 200);
      },
    },
    {
      name: `GET /projects/:id/tasks?limit=${PAGE}`,
      run: async () => {
        const page = (await api.call('GET', `/projects/${project}/tasks?limit=${PAGE}`, undefined, 200)) as {
          tasks: unknown[];
        };
        if (page.tasks.length > PAGE) throw new Error(`limit=${PAGE} answered ${page.tasks.length} tasks`);
      },
    },
    {
      name: 'POST /tasks/:id/worklogs',
      run: async (r) => {
        await api.call('POST', `/tasks/${pick(r, 4)}/worklogs`, { seconds: 60 + r }, 201);
      },
    },
  ];
}

/**
 * Round by round, every operation once per round; warm-up rounds first, not kept. With a budget, stops
 * after at least 3 kept rounds once the kept rounds took that long.
 */
async function measure(
  ops: readonly Op[],
  rounds: number,
  warmup: number,
  budgetMs = Infinity,
): Promise<number[][]> {
  const samples = ops.map(() => [] as number[]);
  let spent = 0;
  for (let r = 0; r < warmup + rounds; r++) {
    if (r >= warmup + 3 && spent > budgetMs) break;
    const started = performance.now();
    for (const [i, op] of ops.entries()) {
      const t = performance.now();
      await op.run(r);
      if (r >= warmup) samples[i]?.push(performance.now() - t);
    }
    if (r >= warmup) spent += performance.now() - started;
  }
  return samples;
}

type SizeResult = { size: number; open: Summary[]; cold: Summary[]; tasksAfter: number };

/**
 * The floor for the loaded document: live heap held by a bare Y.Doc with the same state, nothing else
 * (measured in this process, after full GCs).
 */
function bareDocHeapKiB(state: Uint8Array): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  gc();
  gc();
  const kib = (process.memoryUsage().heapUsed - before) / 1024;
  doc.destroy();
  return kib;
}

type Memory = { rss: number; heap: number };
const memoryOf = async (server: ServerProcess): Promise<Memory> => {
  const heap = await server.heapKiB(); // a full GC first (bench/gc-hook.mjs)
  return { rss: rssKiB(server.pid), heap };
};

export async function runRestBench(): Promise<void> {
  const server = await startTaskflow({ DOC_IDLE_UNLOAD_MS: '0' });
  const url = `http://127.0.0.1:${server.port}`;
  const results: SizeResult[] = [];
  let opNames: string[] = [];
  let coldNames: string[] = [];
  const memory: Record<string, Memory> = {};
  let docBytes = 0;
  let bareKiB = Number.NaN;
  try {
    const api = await signIn(url);
    await settle(300);
    memory.fresh = await memoryOf(server);
    let seeder: SeedClient | undefined = await connectSeedClient(url, {
      token: api.token,
      actorId: api.userId,
    });
    for (const size of SIZES) {
      if (!seeder) seeder = await connectSeedClient(url, { token: api.token, actorId: api.userId });
      const missing = size - taskCount(seeder.doc);
      const seedStart = performance.now();
      if (missing > 0) await seedTasks(seeder, FIRST_PROJECT_ID, missing);
      await seeder.acked();
      progress(`seeded to ${size} tasks in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
      const board = readBoard(seeder.doc, FIRST_PROJECT_ID);
      const columns = board?.columns.map((c) => c.id) ?? [];
      const ids = [...seeder.doc.getMap('tasks').keys()];
      const ops = operations(api, ids, columns);
      opNames = ops.map((o) => o.name);
      progress(`measuring at ${taskCount(seeder.doc)} tasks (board open)…`);
      const open = await measure(ops, SAMPLES, size === SIZES[0] ? FIRST_WARMUP : WARMUP);
      await seeder.acked();
      const tasksAfter = taskCount(seeder.doc);
      if (size === Math.max(...SIZES)) {
        const state = Y.encodeStateAsUpdate(seeder.doc);
        docBytes = state.byteLength;
        bareKiB = bareDocHeapKiB(state);
      }

      // Nobody connected: each request loads the document from SQLite and unloads it after.
      seeder.destroy();
      seeder = undefined;
      await settle(500);
      const coldOps = [ops[1], ops[0]].filter((o): o is Op => o !== undefined);
      coldNames = coldOps.map((o) => `${o.name}, nobody connected`);
      progress(`measuring at ${size} tasks (nobody connected)…`);
      const cold = await measure(coldOps, COLD_SAMPLES, 1, COLD_BUDGET_MS);
      results.push({ size, open: open.map(summarize), cold: cold.map(summarize), tasksAfter });
    }

    // Memory of the largest document: unloaded (nobody connected), loaded by one sync client, unloaded again.
    await settle(500);
    progress('memory');
    memory.unloaded = await memoryOf(server);
    const viewer = await connectSeedClient(url, { token: api.token, actorId: api.userId });
    await settle(500);
    memory.loaded = await memoryOf(server);
    viewer.destroy();
    await settle(1000);
    memory.unloadedAgain = await memoryOf(server);
  } finally {
    await server.stop();
  }
  print(results, opNames, coldNames, memory, docBytes, bareKiB);
}

function print(
  results: readonly SizeResult[],
  opNames: readonly string[],
  coldNames: readonly string[],
  memory: Record<string, Memory>,
  docBytes: number,
  bareKiB: number,
): void {
  const base = results[0];
  const rows: string[][] = [];
  const add = (name: string, pick: (r: SizeResult) => Summary | undefined) => {
    const b = base ? pick(base) : undefined;
    for (const r of results) {
      const s = pick(r);
      if (!s) continue;
      const within = r === base || !b ? '' : s.p50 / b.p50 <= AIM ? 'yes' : 'no';
      rows.push([
        name,
        r.size.toLocaleString('en'),
        String(s.n),
        ms(s.p50),
        ms(s.p99),
        b ? ratio(s.p50, b.p50) : '',
        within,
      ]);
    }
  };
  for (const [i, name] of opNames.entries()) add(name, (r) => r.open[i]);
  for (const [i, name] of coldNames.entries()) add(name, (r) => r.cold[i]);
  console.log(
    `\nREST latency (ms, loopback, one signed-in user, one workspace; ratio = p50 / p50 at ${base?.size} tasks)\n`,
  );
  console.log(
    table(['operation', 'tasks', 'samples', 'p50', 'p99', `p50 / ${base?.size}`, `≤ ${AIM}×`], rows),
  );
  const grew = results.map((r) => `${r.size.toLocaleString('en')} → ${r.tasksAfter.toLocaleString('en')}`);
  console.log(
    `\nTimed per request, from fetch to the parsed answer; the operations alternate round by round, after ${WARMUP}` +
      `\nwarm-up rounds (${FIRST_WARMUP} at the first size, the base of every ratio; 1 with nobody connected, whose rounds` +
      `\nstop after ~${COLD_BUDGET_MS / 1000} s, at least 3). "tasks" is the size when the rounds start: the creates add one task a round (${grew.join(', ')}).` +
      '\nBoard open: a sync client has the document loaded. Nobody connected: this server runs with DOC_IDLE_UNLOAD_MS=0,' +
      '\nso each request loads the document from SQLite and unloads it when its direct connection closes (the default' +
      '\nkeeps it loaded 5 min: see the documents section), the worst case of a request after the idle delay.',
  );
  const { fresh, unloaded, loaded, unloadedAgain } = memory;
  if (!fresh || !unloaded || !loaded || !unloadedAgain) return;
  const size = results.at(-1)?.size.toLocaleString('en');
  const kib = (x: number) => `${Math.round(x).toLocaleString('en')} KiB`;
  console.log(
    `\nServer memory for one loaded ${size}-task document (${(docBytes / 1024).toFixed(0)} KiB encoded)\n`,
  );
  console.log(
    table(
      ['state', 'RSS', 'heap (after full GC)'],
      [
        ['fresh server, no document loaded', kib(fresh.rss), kib(fresh.heap)],
        ['after the REST runs, document unloaded', kib(unloaded.rss), kib(unloaded.heap)],
        ['loaded by one sync client', kib(loaded.rss), kib(loaded.heap)],
        ['that client gone (unloaded again)', kib(unloadedAgain.rss), kib(unloadedAgain.heap)],
        [
          'per loaded document (loaded − unloaded)',
          kib(loaded.rss - unloaded.rss),
          kib(loaded.heap - unloaded.heap),
        ],
        [
          'given back on unload (loaded − unloaded again)',
          kib(loaded.rss - unloadedAgain.rss),
          kib(loaded.heap - unloadedAgain.heap),
        ],
        ['floor: a bare Y.Doc with the same state (bench process)', '', kib(bareKiB)],
        ['per loaded document / floor', '', ratio(loaded.heap - unloaded.heap, bareKiB)],
      ],
    ),
  );
  console.log(
    '\nThe loaded figure includes one idle sync connection (the sync section measures those apart). With' +
      '\nDOC_IDLE_UNLOAD_MS=0 this server unloads a document as soon as its last connection (socket or REST direct' +
      '\nconnection) closes; RSS is what the process holds from the OS, the heap is live JS objects after a full GC.',
  );
}
