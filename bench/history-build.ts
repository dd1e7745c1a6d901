/**
 * The two in-process parts of the history bench: the append path with and without the activity
 * projection (same updates, same run, interleaved), and the building of a long history for the
 * board-as-of and activity queries (written through the server's own storage path, with arrival
 * times spread over weeks by the log's injected clock).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createProject, type Editor, FIRST_PROJECT_ID, seedWorkspace } from '@taskflow/model';
import { rng } from '@taskflow/model/testing/prng';
import * as Y from 'yjs';
import { openStoredDoc, yieldTurn } from './history-store.ts';
import { type Person, Workload } from './history-workload.ts';

const DAY = 86_400_000;

const person = (userId: string, now?: () => number): Person => {
  const editor: Editor = { origin: { kind: 'user', actorId: userId }, ...(now ? { now } : {}) };
  return { userId, editor };
};

function withProjects(doc: Y.Doc, owner: Person, count: number): string[] {
  const ids = [FIRST_PROJECT_ID];
  for (let i = 1; i < count; i++) ids.push(createProject(doc, owner.editor, { name: `Project ${i + 1}` }).id);
  return ids;
}

export type AppendSamples = { alone: number[]; history: number[]; updates: number; bytes: number };

/**
 * Stores `changes` real updates twice, into two documents on two SQLite files: the append alone,
 * and the append plus the activity projection. Each update is applied to both in turn (the order
 * alternates), so both see the same machine load; the time is the whole server-side apply of a
 * received update: Yjs integration, observers, the row and its effects committed.
 */
export async function measureAppendPath(changes: number, seed: number): Promise<AppendSamples> {
  const seedDoc = new Y.Doc();
  seedWorkspace(seedDoc, { workspaceId: 'bench' });
  const seedUpdate = Y.encodeStateAsUpdate(seedDoc);
  const client = new Y.Doc();
  Y.applyUpdate(client, seedUpdate);
  const people = ['u1', 'u2', 'u3'].map((id) => person(id));
  const updates: { data: Uint8Array; origin: unknown }[] = [];
  client.on('update', (data: Uint8Array, origin: unknown) => updates.push({ data, origin }));
  const projects = withProjects(client, people[0] as Person, 3);
  const work = new Workload(client, {
    rng: rng(seed),
    people,
    projects,
    tasks: Math.max(1, Math.round(changes / 10)),
    changes,
    fast: false,
  });
  for (let i = 0; i < changes; i++) work.step();

  const dirs = [0, 1].map(() => mkdtempSync(path.join(tmpdir(), 'taskflow-bench-append-')));
  const stores = await Promise.all(
    dirs.map((dataDir, i) =>
      openStoredDoc({
        dataDir,
        document: 'bench',
        history: i === 1,
        seed: (doc) => Y.applyUpdate(doc, seedUpdate),
      }),
    ),
  );
  const samples: [number[], number[]] = [[], []];
  try {
    for (const [i, u] of updates.entries()) {
      for (const k of i % 2 === 0 ? [0, 1] : [1, 0]) {
        const store = stores[k];
        if (!store) continue;
        const t = performance.now();
        Y.applyUpdate(store.doc, u.data, u.origin);
        samples[k]?.push((performance.now() - t) * 1000);
      }
      if (i % 100 === 99) await yieldTurn();
    }
    const entries = stores[1]?.history?.store.count('bench') ?? 0;
    if (entries < updates.length)
      throw new Error(`projection wrote ${entries} entries for ${updates.length}`);
  } finally {
    for (const s of stores) s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  const bytes = updates.reduce((s, u) => s + u.data.byteLength, 0);
  return { alone: samples[0], history: samples[1], updates: updates.length, bytes };
}

export type BuiltHistory = { taskIds: string[]; from: number; to: number; seconds: number };

/**
 * Writes a workspace's history into `dataDir` (a stopped server's): `changes` changes by `userIds`
 * making `tasks` tasks over 10 projects, arriving evenly over `days` days and ending an hour ago.
 * Compaction runs every `checkpointEvery` rows (between batches) and keeps a checkpoint each time: the same
 * checkpoints the server's compaction every 200 rows would keep (a snapshot in between only
 * speeds up a load, and costs a full encode of a 10,000-task document each time).
 */
export async function buildHistory(o: {
  dataDir: string;
  workspace: string;
  userIds: readonly string[];
  tasks: number;
  changes: number;
  days: number;
  checkpointEvery: number;
  seed: number;
  progress?: (done: number) => void;
}): Promise<BuiltHistory> {
  const started = performance.now();
  const to = Date.now() - 3_600_000;
  const from = to - o.days * DAY;
  const step = (to - from) / o.changes;
  let clock = from;
  const now = () => Math.round(clock);
  const store = await openStoredDoc({
    dataDir: o.dataDir,
    document: o.workspace,
    history: true,
    now,
    compactEvery: o.checkpointEvery,
    checkpointEvery: o.checkpointEvery,
    // The server's seed (sync-server.ts), stamped at the start of the simulated weeks.
    seed: (doc, name) => seedWorkspace(doc, { workspaceId: name, now }),
  });
  try {
    const people = o.userIds.map((id) => person(id, now));
    const projects = withProjects(store.doc, people[0] as Person, 10);
    const work = new Workload(store.doc, {
      rng: rng(o.seed),
      people,
      projects,
      tasks: o.tasks,
      changes: o.changes,
      fast: true,
    });
    // Committed 100 changes at a time (each change's append is then a savepoint inside): the same
    // rows and entries, without 100,000 commits, which are the append path's cost measured above.
    const batch = store.log.database.transaction((n: number) => {
      for (let k = 0; k < n; k++) {
        clock += step;
        work.step();
      }
    });
    for (let done = 0; done < o.changes; done += 100) {
      batch(Math.min(100, o.changes - done));
      await yieldTurn();
      if ((done + 100) % 10_000 === 0) o.progress?.(done + 100);
    }
    return { taskIds: work.taskIds, from, to, seconds: (performance.now() - started) / 1000 };
  } finally {
    store.close();
  }
}
