/**
 * The cost of history (issue 10), all measured in this run with the real parts:
 *  1. bytes of history per change: N changes made by a real sync client through a real server
 *     (`startServer`, SQLite in a temp dir), and the 100,000-change history of step 3, each read
 *     back as the update rows' bytes and as the pages each table and its indexes fill (dbstat);
 *  2. the append path with the activity projection against the append alone: the same updates
 *     stored through two in-process storage paths side by side (bench/history-store.ts; the server
 *     has no switch to turn history off), plus a card move's edit → ack on the real server;
 *  3. `board?at=` on a workspace of BENCH_HISTORY_TASKS tasks and BENCH_HISTORY_CHANGES changes
 *     over 30 days: the workspace is created over REST, its history written through the server's
 *     storage path while the server is stopped, then a real server on that data dir is asked for
 *     random instants (random order) and for a forward scrub through the last 7 days;
 *  4. a task's activity (`GET /tasks/:id/activity`) for random tasks of that workspace.
 * If the board as of a moment misses its aim, the profile of its steps says where the time goes.
 *
 * BENCH_HISTORY_TASKS=10000, BENCH_HISTORY_CHANGES=100000, BENCH_HISTORY_CLIENT_CHANGES=1000,
 * BENCH_HISTORY_APPENDS=3000, BENCH_HISTORY_SAMPLES=100 (board instants; the scrub is half that),
 * BENCH_HISTORY_BUDGET_S=90 (a board series stops early past this; its n says so),
 * BENCH_HISTORY_SEED=1 override the defaults. BENCH_SECTIONS=history runs only this section.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createProject, createTask, FIRST_PROJECT_ID, moveTask } from '@taskflow/model';
import { rng } from '@taskflow/model/testing/prng';
import { startServer } from '@taskflow/server';
import Database from 'better-sqlite3';
import { DEFAULTS } from '../server/src/config.ts';
import { DATABASE_FILE } from '../server/src/persistence/database.ts';
import { addMember, createWorkspace, login, signUp } from '../server/test/helpers/auth.ts';
import { connectClient } from '../server/test/helpers/client.ts';
import { buildHistory, measureAppendPath } from './history-build.ts';
import { profileBoardAt, timeGets } from './history-queries.ts';
import {
  countTasks,
  printAppend,
  printProfile,
  printQueries,
  printStorage,
  readStorage,
  storageDelta,
} from './history-report.ts';
import { Workload } from './history-workload.ts';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TASKS = env('BENCH_HISTORY_TASKS', 10_000);
const CHANGES = env('BENCH_HISTORY_CHANGES', 100_000);
const CLIENT_CHANGES = env('BENCH_HISTORY_CLIENT_CHANGES', 1_000);
const APPENDS = env('BENCH_HISTORY_APPENDS', 3_000);
const SAMPLES = env('BENCH_HISTORY_SAMPLES', 100);
const BUDGET_MS = env('BENCH_HISTORY_BUDGET_S', 90) * 1000;
const SEED = env('BENCH_HISTORY_SEED', 1);
const DAYS = 30;
const MOVES = 200;
const DAY = 86_400_000;

const say = (line: string) => process.stderr.write(`${line}\n`);

export async function runHistoryBench(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'taskflow-bench-history-'));
  const file = path.join(dir, DATABASE_FILE);
  const limits = { registerPerAddress: 1000, loginPerAddress: 1000 };
  try {
    // 1 and 2 (over the network): a real client on a real server.
    say('history: changes through a real client…');
    let server = await startServer({ dataDir: dir, port: 0, limits });
    const wsUrl = `${server.url.replace('http', 'ws')}/sync`;
    const [ann, bob, cat] = [
      await signUp(server.url, { name: 'Ann' }),
      await signUp(server.url, { name: 'Bob' }),
      await signUp(server.url, { name: 'Cat' }),
    ];
    const small = await createWorkspace(ann, 'Bench clients');
    const big = await createWorkspace(ann, 'Bench history');
    await addMember(ann, big, bob, 'member');
    await addMember(ann, big, cat, 'member');
    const client = connectClient(wsUrl, { name: small, token: ann.accessToken });
    await client.synced;
    const projects = [FIRST_PROJECT_ID, createProject(client.doc, client.editor, { name: 'Second' }).id];
    await client.acked();
    const beforeClient = readStorage(file, small);
    const work = new Workload(client.doc, {
      rng: rng(SEED),
      people: [{ userId: ann.user.id, editor: client.editor }],
      projects,
      tasks: Math.round(CLIENT_CHANGES / 10),
      changes: CLIENT_CHANGES,
      fast: false,
    });
    for (let i = 0; i < CLIENT_CHANGES; i++) {
      work.step();
      await client.acked();
    }
    const clientStorage = storageDelta(
      'real client, small board',
      CLIENT_CHANGES,
      beforeClient,
      readStorage(file, small),
    );
    const card = createTask(client.doc, client.editor, { projectId: FIRST_PROJECT_ID, title: 'bench card' });
    await client.acked();
    const roundTrips: number[] = [];
    for (let i = 0; i < MOVES; i++) {
      const t = performance.now();
      moveTask(client.doc, client.editor, card, `${FIRST_PROJECT_ID}:col${1 + (i % 3)}`, 0);
      await client.acked();
      roundTrips.push(performance.now() - t);
    }
    client.destroy();
    await server.close();

    say('history: the append path, in process…');
    const append = await measureAppendPath(APPENDS, SEED);

    say(`history: writing ${CHANGES} changes on ${TASKS} tasks…`);
    const beforeBuild = readStorage(file, big);
    const built = await buildHistory({
      dataDir: dir,
      workspace: big,
      userIds: [ann.user.id, bob.user.id, cat.user.id],
      tasks: TASKS,
      changes: CHANGES,
      days: DAYS,
      checkpointEvery: DEFAULTS.checkpointEvery,
      seed: SEED,
      progress: (n) => say(`  ${n} changes`),
    });
    const builtStorage = storageDelta(
      `generated, ${TASKS} tasks`,
      CHANGES,
      beforeBuild,
      readStorage(file, big),
    );
    say(`  written in ${built.seconds.toFixed(0)} s`);

    say('history: board as of a moment and task activity over REST…');
    server = await startServer({ dataDir: dir, port: 0, limits });
    const token = (await login(server.url, ann.email, ann.password)).accessToken;
    const r = rng(SEED + 1);
    const iso = (at: number) => new Date(at).toISOString();
    const boardAt = (at: number) => `/workspaces/${big}/board?at=${iso(at)}`;
    const activityOf = (taskId: string) => `/tasks/${taskId}/activity?workspaceId=${big}`;
    const span = built.to - built.from;
    // Not timed: the first request of each kind (JIT, and the workspace's first load for the task lookup).
    await timeGets(server.url, token, [
      boardAt(built.from + span / 2),
      activityOf(built.taskIds[0] as string),
    ]);
    const randomAt = Array.from({ length: SAMPLES }, () => built.from + r.next() * span);
    const random = await timeGets(server.url, token, randomAt.map(boardAt), { budgetMs: BUDGET_MS });
    const scrubFrom = built.to - 7 * DAY;
    const steps = Math.max(2, Math.round(SAMPLES / 2));
    const scrubAt = Array.from({ length: steps }, (_, i) => scrubFrom + (i * 7 * DAY) / (steps - 1));
    const scrub = await timeGets(server.url, token, scrubAt.map(boardAt), { budgetMs: BUDGET_MS });
    const activity = await timeGets(
      server.url,
      token,
      Array.from({ length: 200 }, () => activityOf(r.pick(built.taskIds))),
    );
    const newest = await timeGets(server.url, token, [boardAt(built.to)], { keep: () => true });
    await server.close();
    const shownTasks = countTasks(newest.bodies[0] ?? '{"projects":[]}');

    say('history: where the board as of a moment spends its time…');
    const db = new Database(file, { readonly: true });
    const profile = profileBoardAt(db, big, randomAt.slice(0, 10));
    db.close();

    printStorage([clientStorage, builtStorage]);
    printAppend(append, roundTrips);
    printQueries({
      tasks: TASKS,
      changes: CHANGES,
      days: DAYS,
      random: random.ms,
      scrub: scrub.ms,
      activity: activity.ms,
      shownTasks,
    });
    printProfile(profile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runHistoryBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
