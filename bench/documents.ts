/**
 * The documents section (issue 13): what a 10,000-task workspace document costs the server to hold,
 * to load and to unload, on a real Taskflow process (SQLite in a temp dir) over real HTTP.
 *
 * - REST with nobody connected: with the document kept loaded after its last use (the default
 *   DOC_IDLE_UNLOAD_MS) next to DOC_IDLE_UNLOAD_MS=0, where every request loads the document from
 *   SQLite and unloads it after (what Hocuspocus does on its own); same data, same run.
 * - A load per request (DOC_IDLE_UNLOAD_MS=0) with the projections current (the schedule and the
 *   notification views are not rebuilt) and with their marks removed (rebuilt from every task, as
 *   every load did before), alternating.
 * - Memory after full GCs (bench/gc-hook.mjs): heap and RSS with the document loaded, after it
 *   unloaded on its own (a short DOC_IDLE_UNLOAD_MS), and the difference given back.
 * - Bytes: the document's snapshot and log on disk, the encoded state, each per task.
 * - Sync on that document (documents-sync.ts): new devices opening it (the first after an edit, a
 *   second from the cached encoding), and card moves during compactions next to none.
 *
 * BENCH_DOC_TASKS=10000 and BENCH_DOC_SAMPLES=30 override the defaults.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIRST_PROJECT_ID } from '@taskflow/model';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { connectSeedClient, seedTasks } from '../e2e/fixtures/seed-client.ts';
import { runDocumentSyncBench } from './documents-sync.ts';
import { rssKiB } from './processes.ts';
import { type Api, apiAs, signIn } from './rest-api.ts';
import { ms, ratio, type Summary, summarize, table } from './stats.ts';

const TASKS = Number(process.env.BENCH_DOC_TASKS ?? 10_000);
const SAMPLES = Number(process.env.BENCH_DOC_SAMPLES ?? 30);
const COLD_SAMPLES = Math.max(3, Math.round(SAMPLES / 5));
/** Idle delay of the memory run: long enough to measure loaded, short enough to wait for. */
const SHORT_IDLE_MS = 3_000;
const root = join(import.meta.dirname, '..');
const progress = (msg: string) =>
  process.stderr.write(`documents ${new Date().toISOString().slice(11, 23)}: ${msg}\n`);
const settle = (msec: number) => new Promise((r) => setTimeout(r, msec));

type Server = { port: number; pid: number; url: string; memory(): Promise<Memory>; stop(): Promise<void> };
type Memory = { heapKiB: number; rssKiB: number };

/** Taskflow on `dataDir` (kept between starts), with the GC hook preloaded. */
async function startOn(dataDir: string, env: Record<string, string>): Promise<Server> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      join(root, 'bench/gc-hook.mjs'),
      '--import',
      'tsx',
      join(root, 'server/src/main.ts'),
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env },
    },
  );
  let out = '';
  let waiting: ((m: Memory) => void) | undefined;
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      out += text;
      const heap = /bench-heap (\d+) (\d+)/.exec(text);
      if (heap && waiting) waiting({ heapKiB: Number(heap[1]) / 1024, rssKiB: rssKiB(child.pid as number) });
      const m = /taskflow listening on http:\/\/[^:]+:(\d+)/.exec(out);
      if (m?.[1]) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
  return {
    port,
    pid: child.pid as number,
    url: `http://127.0.0.1:${port}`,
    memory: () =>
      new Promise((resolve) => {
        waiting = resolve;
        child.kill('SIGUSR2');
      }),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function timed(n: number, fn: (i: number) => Promise<unknown>): Promise<Summary> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return summarize(samples);
}

type Disk = { snapshotBytes: number; logBytes: number; logRows: number; fileBytes: number };

function diskOf(dataDir: string, workspace: string): Disk {
  const file = join(dataDir, 'taskflow.sqlite');
  const db = new Database(file, { readonly: true });
  try {
    const snap = db.prepare('SELECT length(data) AS n FROM snapshots WHERE document = ?').get(workspace) as
      | { n: number }
      | undefined;
    const log = db
      .prepare('SELECT COUNT(*) AS rows, COALESCE(SUM(length(data)), 0) AS n FROM updates WHERE document = ?')
      .get(workspace) as { rows: number; n: number };
    const wal = (() => {
      try {
        return statSync(`${file}-wal`).size;
      } catch {
        return 0;
      }
    })();
    return {
      snapshotBytes: snap?.n ?? 0,
      logBytes: log.n,
      logRows: log.rows,
      fileBytes: statSync(file).size + wal,
    };
  } finally {
    db.close();
  }
}

/** Removes the projections' marks (server stopped): the next load rebuilds them, as every load did before. */
function dropMarks(dataDir: string): void {
  const db = new Database(join(dataDir, 'taskflow.sqlite'));
  try {
    db.prepare('DELETE FROM projection_marks').run();
  } finally {
    db.close();
  }
}

const getTask = (api: Api, id: string) => api.call('GET', `/tasks/${id}`, undefined, 200);
const createTask = (api: Api, i: number) =>
  api.call('POST', '/tasks', { projectId: FIRST_PROJECT_ID, title: `bench ${i}` }, 201);

export async function runDocumentsBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'taskflow-bench-documents-'));
  const rows: string[][] = [];
  const memRows: string[][] = [];
  let bytesRows: string[][] = [];
  let printSync = () => {};
  try {
    // 1. Seed, then memory: loaded (idle hold), and after the short idle delay unloads it.
    let server = await startOn(dataDir, { DOC_IDLE_UNLOAD_MS: String(SHORT_IDLE_MS) });
    const api = await signIn(server.url);
    const seeder = await connectSeedClient(server.url, { token: api.token, actorId: api.userId });
    const started = performance.now();
    await seedTasks(seeder, FIRST_PROJECT_ID, TASKS);
    await seeder.acked();
    progress(`seeded ${TASKS} tasks in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const state = Y.encodeStateAsUpdate(seeder.doc);
    const ids = [...seeder.doc.getMap('tasks').keys()];
    const pick = (i: number) => ids[(i * 7919) % ids.length] as string;
    seeder.destroy();
    await settle(500);
    const loaded = await server.memory();
    await settle(SHORT_IDLE_MS + 1_500);
    const unloaded = await server.memory();
    await getTask(api, pick(0)); // loads it again
    const reloaded = await server.memory();
    memRows.push(
      ['loaded (after its last socket closed: kept)', kib(loaded.heapKiB), kib(loaded.rssKiB)],
      [`unloaded after ${SHORT_IDLE_MS / 1000} s idle, full GC`, kib(unloaded.heapKiB), kib(unloaded.rssKiB)],
      [
        'given back by the unload',
        kib(loaded.heapKiB - unloaded.heapKiB),
        kib(loaded.rssKiB - unloaded.rssKiB),
      ],
      ['loaded again by one REST read', kib(reloaded.heapKiB), kib(reloaded.rssKiB)],
      [
        'per loaded document (reloaded − unloaded)',
        kib(reloaded.heapKiB - unloaded.heapKiB),
        kib(reloaded.rssKiB - unloaded.rssKiB),
      ],
    );
    await server.stop();
    const disk = diskOf(dataDir, 'default');
    const perTask = (n: number) => `${(n / TASKS).toFixed(0)} B`;
    bytesRows = [
      ['encoded state (Y.encodeStateAsUpdate)', kib(state.byteLength / 1024), perTask(state.byteLength)],
      ['snapshot on disk', kib(disk.snapshotBytes / 1024), perTask(disk.snapshotBytes)],
      [
        `update log (${disk.logRows} rows, kept as history)`,
        kib(disk.logBytes / 1024),
        perTask(disk.logBytes),
      ],
      ['SQLite file + WAL', kib(disk.fileBytes / 1024), perTask(disk.fileBytes)],
    ];

    // 2. REST with nobody connected, the document kept loaded (the default idle delay).
    progress('REST, nobody connected, document kept loaded');
    server = await startOn(dataDir, {});
    let who = apiAs(server.url, api.token, api.userId);
    await getTask(who, pick(0));
    const warmGet = await timed(SAMPLES, (i) => getTask(who, pick(i)));
    const warmPost = await timed(SAMPLES, (i) => createTask(who, i));
    await server.stop();

    // 3. DOC_IDLE_UNLOAD_MS=0: each request loads the document and unloads it after (Hocuspocus's
    // own behaviour). Rounds alternate a load with the projections current and one with their marks
    // removed (rebuilt from every task, as every load did before), so both see the same machine.
    progress('REST, nobody connected, DOC_IDLE_UNLOAD_MS=0');
    server = await startOn(dataDir, { DOC_IDLE_UNLOAD_MS: '0' });
    who = apiAs(server.url, api.token, api.userId);
    await getTask(who, pick(0));
    const current: number[] = [];
    const rebuilt: number[] = [];
    const posts: number[] = [];
    for (let i = 0; i < COLD_SAMPLES; i++) {
      let t = performance.now();
      await getTask(who, pick(i));
      current.push(performance.now() - t);
      dropMarks(dataDir);
      t = performance.now();
      await getTask(who, pick(i + 1));
      rebuilt.push(performance.now() - t);
      t = performance.now();
      await createTask(who, SAMPLES + i);
      posts.push(performance.now() - t);
    }
    await server.stop();
    const coldGet = summarize(current);
    const coldRebuilt = summarize(rebuilt);
    const coldPost = summarize(posts);
    const row = (label: string, s: Summary, base?: Summary) => [
      label,
      String(s.n),
      ms(s.p50),
      ms(s.p99),
      base ? ratio(s.p50, base.p50) : '',
    ];
    rows.push(
      row('GET /tasks/:id, nobody connected, kept loaded', warmGet),
      row('GET /tasks/:id, DOC_IDLE_UNLOAD_MS=0 (load per request)', coldGet, warmGet),
      row('  the same, projections rebuilt at load (as before)', coldRebuilt, warmGet),
      row('POST /tasks, nobody connected, kept loaded', warmPost),
      row('POST /tasks, DOC_IDLE_UNLOAD_MS=0 (load per request)', coldPost, warmPost),
    );
    progress('sync: new devices, and moves during compactions');
    printSync = await runDocumentSyncBench((env) => startOn(dataDir, env), api.token, api.userId, TASKS);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(
    `\nA ${TASKS.toLocaleString('en')}-task workspace document: loads and REST with nobody connected (ms)\n`,
  );
  console.log(table(['what', 'samples', 'p50', 'p99', 'vs kept loaded'], rows));
  console.log(`\nServer memory for that document (after full GCs)\n`);
  console.log(table(['state', 'heap', 'RSS'], memRows));
  console.log('\nBytes of that document\n');
  console.log(table(['what', 'size', 'per task'], bytesRows));
  console.log(
    '\nTimed per request, from fetch to the parsed answer, with no sync client connected. "Kept loaded": the' +
      '\ndocument stays in memory DOC_IDLE_UNLOAD_MS (default 5 min) after its last use; "load per request":' +
      '\nDOC_IDLE_UNLOAD_MS=0, each request loads the document from SQLite and unloads it (what Hocuspocus does' +
      '\nalone). "Projections rebuilt": the schedule rows and notification views are rebuilt from every task at' +
      '\nload (their marks removed before each such request), as every load did before they kept marks. Memory:' +
      '\nlive heap after two full GCs and RSS; the idle unload gives back what "given back" says.',
  );
  printSync();
}

const kib = (x: number) => `${Math.round(x).toLocaleString('en')} KiB`;

if (import.meta.url === `file://${process.argv[1]}`) await runDocumentsBench();
