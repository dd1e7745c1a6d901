/**
 * Issue 10, must-show 3: 20 times in a row, two or three people's clients create, edit, move,
 * archive and restore tasks and add and edit comments as fast as the server acknowledges them;
 * after a random number of acknowledgements the server gets SIGKILL. With compaction every 7 rows
 * and a checkpoint every 15, kills land during appends, compactions and checkpoints. Clients are
 * destroyed at once (nothing re-uploads) and the server restarts on the same data directory.
 *
 * After every restart the SQLite file is audited against a replay of every row from id 0
 * (history-audit.ts): history is complete (each acknowledged clock is in the rows, no row lost,
 * duplicated or deleted), the load is correct (a fresh client, the snapshot plus later rows and
 * every checkpoint equal the replay), and the activity table has exactly the replay's entries per
 * row, each by the row's sender. Right after each kill, before any restart could catch up, the
 * activity cursor already covers every row: entries are written in the append's own transaction.
 */
import {
  addComment,
  archiveTask,
  createTask,
  editComment,
  FIRST_PROJECT_ID,
  hasTask,
  moveTask,
  readAllTasks,
  readComment,
  restoreTask,
  updateTask,
} from '@taskflow/model';
import { type Rng, rng } from '@taskflow/model/testing/prng';
import { afterAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addMember, call, firstOwner, type Session, signUp } from '../helpers/auth.ts';
import { connectClient, readServerState, type TestClient } from '../helpers/client.ts';
import { type ServerProcess, spawnServer } from '../helpers/server-process.ts';
import { tempDir } from '../helpers/temp-dir.ts';
import { activityProblems, difference, loadedState, readHistory, replayHistory } from './history-audit.ts';

const ROUNDS = 20;
const WS = 'default';
const P = FIRST_PROJECT_ID;
const COLUMNS = [1, 2, 3].map((i) => `${P}:col${i}`);
const SEED = Number(process.env.HISTORY_KILL_SEED ?? 20261203);
const ENV = { COMPACT_EVERY: '7', CHECKPOINT_EVERY: '15' };
/** The full audit replays every row: after every few restarts, and after the last. */
const AUDIT_EVERY = 4;

/** What one client had acknowledged when the server died. */
type Acked = { user: string; clientId: number; clock: number; tasks: string[]; comments: string[] };

const data = tempDir('history-kill');
afterAll(() => data.remove());

test('issue 10 #3: 20 × kill -9 during appends, compaction and checkpoints — history complete, load correct, activity exact', async () => {
  const random = rng(SEED);
  console.info(
    `history kill test seed ${SEED} (replay: HISTORY_KILL_SEED=${SEED} npx vitest run server/test/history/history-kill.int.test.ts)`,
  );
  let server: ServerProcess = await spawnServer({ dataDir: data.path, env: ENV });
  // The signing key lives in DATA_DIR, so these tokens stay valid across the restarts.
  const owner = await firstOwner(server.url);
  const people: Session[] = [owner, await signUp(server.url), await signUp(server.url)];
  for (const member of people.slice(1)) await addMember(owner, WS, member, 'member');
  const acked: Acked[] = [];
  let rowsBefore = 0;
  let totalAcks = 0;

  for (let round = 1; round <= ROUNDS; round++) {
    const at = `round ${round} (seed ${SEED})`;
    const killAfter = 1 + random.int(45);
    const who = shuffled(people, random).slice(0, 2 + random.int(2));
    const clients = who.map((p) => connectClient(server.wsUrl, { name: WS, token: p.accessToken }));
    await Promise.all(clients.map((c) => c.synced));
    const records: Acked[] = clients.map((c, i) => ({
      user: (who[i] as Session).user.id,
      clientId: c.doc.clientID,
      clock: 0,
      tasks: [],
      comments: [],
    }));
    let acks = 0;
    let killed = false;
    const died = server.exited;
    const burst = async (client: TestClient, record: Acked, own: Rng) => {
      while (!killed) {
        const made = editOnce(client, own);
        const outcome = await Promise.race([
          client.acked().then(() => 'acked' as const),
          died.then(() => 'killed' as const),
        ]);
        if (outcome === 'killed' || killed) return;
        record.clock = Y.getState(client.doc.store, client.doc.clientID);
        if (made?.task) record.tasks.push(made.task);
        if (made?.comment) record.comments.push(made.comment);
        acks += 1;
        if (acks === killAfter) {
          killed = true;
          server.kill9();
          // Synchronously: no reconnect can reach the next server (which also gets a new port).
          for (const c of clients) c.destroy();
        }
      }
    };
    // A stream per client: how acks interleave varies from run to run, what each client does does not.
    const streams = clients.map(() => rng(random.int(2 ** 32)));
    await Promise.all(clients.map((c, i) => burst(c, records[i] as Acked, streams[i] as Rng)));
    expect((await server.exited).signal).toBe('SIGKILL');
    acked.push(...records);
    totalAcks += acks;

    // Before any restart: every committed row's entries were committed with it; no row deleted.
    const atKill = readHistory(data.path, WS);
    expect(atKill.cursor, `${at}: activity cursor right after the kill`).toBe(atKill.rows.at(-1)?.id);
    // Each acknowledged edit is one stored row (every edit here changes something).
    expect(atKill.rows.length, `${at}: rows only grow, by one per ack`).toBeGreaterThanOrEqual(
      rowsBefore + acks,
    );
    expect(atKill.allRows.count, `${at}: row ids 1..n with none missing`).toBe(atKill.allRows.maxId);
    rowsBefore = atKill.rows.length;

    server = await spawnServer({ dataDir: data.path, env: ENV });
    if (round % AUDIT_EVERY === 0) {
      const summary = await audit(server, owner, acked, at);
      if (round === ROUNDS)
        console.info(`history kill test: ${ROUNDS} rounds, ${totalAcks} acknowledged edits, ${summary}`);
    }
  }
  await server.stop('SIGKILL');
  // Twenty process starts: on a busy 2-core machine that alone can pass the default 60 s.
}, 240_000);

/**
 * After a restart: history complete, load correct, activity exact (the file's header). Returns a
 * line saying how much was checked.
 */
async function audit(server: ServerProcess, owner: Session, acked: Acked[], at: string): Promise<string> {
  const fresh = await readServerState(server.wsUrl, owner.accessToken, WS);
  // The projection is caught up on load and on every activity read; ask once, as a reader would.
  const listed = await call(server.url, 'GET', `/workspaces/${WS}/activity?limit=5`, {
    token: owner.accessToken,
  });
  expect(listed.status).toBe(200);
  const history = readHistory(data.path, WS);
  const replay = replayHistory(history);
  try {
    expect(replay.clockBreaks, `${at}: per-client clocks in the log`).toEqual([]);
    const sender = new Map(acked.map((a) => [a.clientId, a.user]));
    for (const row of history.rows) {
      const [client, ...more] = Y.parseUpdateMeta(row.data).from.keys();
      if (client !== undefined && more.length === 0 && sender.has(client))
        expect(row.userId, `${at}: row ${row.id}'s sender`).toBe(sender.get(client));
    }
    const inLog = Y.decodeStateVector(Y.encodeStateVector(replay.doc));
    for (const a of acked) {
      expect(inLog.get(a.clientId) ?? 0, `${at}: ${a.clientId}'s acknowledged clock`).toBeGreaterThanOrEqual(
        a.clock,
      );
      for (const id of a.tasks) expect(hasTask(replay.doc, id), `${at}: acknowledged task ${id}`).toBe(true);
      for (const id of a.comments)
        expect(readComment(replay.doc, id), `${at}: acknowledged comment ${id}`).toBeDefined();
    }
    expect(difference(fresh.doc, replay.doc), `${at}: fresh client vs replay of every row`).toBeUndefined();
    expect(difference(loadedState(history), replay.doc), `${at}: snapshot + rows vs replay`).toBeUndefined();
    expect(replay.mismatches, `${at}: checkpoints and snapshot vs replay`).toEqual([]);
    expect(history.cursor, `${at}: activity cursor`).toBe(history.rows.at(-1)?.id);
    expect(activityProblems(history, replay.changes), `${at}: activity vs replay`).toEqual([]);
  } finally {
    replay.doc.destroy();
    fresh.doc.destroy();
  }
  const users = new Set(acked.map((a) => a.user)).size;
  return `${history.rows.length} rows by ${users} people, ${history.checkpoints.length} checkpoints, ${history.activity.length} activity entries`;
}

/** Comments each client wrote (only their author may edit them). */
const ownComments = new WeakMap<TestClient, string[]>();

/**
 * One model edit that always changes something: create a task, edit one, move, archive or restore
 * one, add a comment or edit one of this person's own. Returns the id of what it created.
 */
function editOnce(client: TestClient, random: Rng): { task?: string; comment?: string } | undefined {
  const { doc, editor } = client;
  const all = readAllTasks(doc).filter((t) => t.projectId === P);
  const live = all.filter((t) => t.archivedAt === null);
  const archived = all.filter((t) => t.archivedAt !== null);
  const roll = random.next();
  if (live.length < 3 || roll < 0.25)
    return { task: createTask(doc, editor, { projectId: P, title: `task ${all.length + 1}` }) };
  const task = random.pick(live);
  if (roll < 0.45) {
    updateTask(doc, editor, task.id, { title: `${task.title.slice(0, 40)} ·${random.int(1e6)}` });
  } else if (roll < 0.65) {
    moveTask(doc, editor, task.id, random.pick(COLUMNS), random.int(5));
  } else if (roll < 0.73) {
    archiveTask(doc, editor, task.id);
  } else if (roll < 0.78 && archived.length > 0) {
    restoreTask(doc, editor, random.pick(archived).id);
  } else {
    const mine = ownComments.get(client) ?? [];
    if (roll < 0.92 || mine.length === 0) {
      const comment = addComment(doc, editor, task.id, `note ${random.int(1e6)}`);
      ownComments.set(client, [...mine, comment]);
      return { comment };
    }
    editComment(doc, editor, random.pick(mine), `edited ${random.int(1e6)}`);
  }
  return undefined;
}

function shuffled<T>(items: readonly T[], random: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
