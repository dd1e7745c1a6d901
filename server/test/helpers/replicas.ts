/**
 * Comparing replicas of one workspace document across a cluster (issue 16's must-shows): the
 * clients' docs, each instance's document (read through a fresh client on that instance) and what
 * PostgreSQL holds (its snapshot merged with every log row).
 *
 * Two replicas are the same when their Yjs snapshots are equal (state vector and delete set: the
 * same structs, the same deletions) and the model reads the same boards from them.
 */
import {
  createTask,
  type Editor,
  moveTask,
  readBoard,
  readProjects,
  readProjectTasks,
} from '@taskflow/model';
import type { Rng } from '@taskflow/model/testing/prng';
import pg from 'pg';
import * as Y from 'yjs';
import { readServerState } from './client.ts';

/** The document as PostgreSQL holds it now: its snapshot and every update row still in the log. */
export async function storedDoc(databaseUrl: string, document: string): Promise<Y.Doc> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Snapshot and rows in one transaction: a compaction between two reads cannot hide rows.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = await client.query<{ data: Buffer }>('SELECT data FROM snapshots WHERE document = $1', [
      document,
    ]);
    const rows = await client.query<{ data: Buffer }>(
      'SELECT data FROM updates WHERE document = $1 ORDER BY id',
      [document],
    );
    await client.query('COMMIT');
    const doc = new Y.Doc();
    // Rows a snapshot already covers apply as no-ops; out-of-order rows wait in Yjs's pending set.
    for (const part of [...snapshot.rows, ...rows.rows]) Y.applyUpdate(doc, part.data);
    return doc;
  } finally {
    await client.end();
  }
}

/** What the model reads from a replica: every project's board (columns, tasks in order, archived). */
export function boards(doc: Y.Doc): string {
  return JSON.stringify(
    readProjects(doc)
      .map((p) => ({ id: p.id, board: readBoard(doc, p.id) }))
      .sort((a, b) => a.id.localeCompare(b.id)),
  );
}

/** A short description of a replica's CRDT state, for failure messages. */
export function describeReplica(doc: Y.Doc): string {
  const sv = [...Y.decodeStateVector(Y.encodeStateVector(doc)).entries()].sort((a, b) => a[0] - b[0]);
  const pending = doc.store.pendingStructs ? ' (structs pending)' : '';
  return `${sv.map(([c, k]) => `${c}:${k}`).join(',')}${pending}`;
}

export function sameReplica(a: Y.Doc, b: Y.Doc): boolean {
  return Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b)) && boards(a) === boards(b);
}

/** Replicas (named) that differ from the first one, for failure messages; empty when all agree. */
export function differing(replicas: [string, Y.Doc][]): string[] {
  const [first, ...rest] = replicas;
  if (!first) return [];
  return rest
    .filter(([, doc]) => !sameReplica(first[1], doc))
    .map(([name, doc]) => `${name} ${describeReplica(doc)} vs ${first[0]} ${describeReplica(first[1])}`);
}

/** Every task of every project is shown exactly once: in one live column or among the archived. */
export function boardProblems(doc: Y.Doc): string[] {
  const problems: string[] = [];
  for (const project of readProjects(doc)) {
    const board = readBoard(doc, project.id);
    if (!board) {
      problems.push(`project ${project.id} has no board`);
      continue;
    }
    const shown = board.columns.flatMap((c) => c.tasks.map((t) => t.id));
    const archived = board.archivedTasks.map((t) => t.id);
    const all = readProjectTasks(doc, project.id).map((t) => t.id);
    if (new Set(shown).size !== shown.length) problems.push(`project ${project.id}: a task in two places`);
    if ([...shown, ...archived].sort().join() !== [...all].sort().join())
      problems.push(`project ${project.id}: shown + archived != all tasks`);
  }
  return problems;
}

/** Each instance's copy of `document`, read through a fresh client on it. */
export async function instanceDocs(
  instances: { index: number; wsUrl: string; alive(): boolean }[],
  token: string | (() => Promise<string>),
  document: string,
): Promise<[string, Y.Doc][]> {
  const live = instances.filter((i) => i.alive());
  return Promise.all(
    live.map(
      async (i) =>
        [`instance ${i.index}`, (await readServerState(i.wsUrl, token, document)).doc] as [string, Y.Doc],
    ),
  );
}

/** Polls `check` (which answers what still differs) until it answers nothing or `timeoutMs` passes. */
export async function eventually(
  check: () => Promise<string[]>,
  what: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string[] = [];
  for (;;) {
    last = await check();
    if (last.length === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${what}: still differing after ${timeoutMs} ms:\n${last.join('\n')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * One edit of a burst through the model, as a person on a board makes it: create a task in the
 * workspace's first project (returns its id) or move a known task to a random column and place.
 */
export function burstEdit(doc: Y.Doc, editor: Editor, r: Rng): string | undefined {
  const project = readProjects(doc)[0];
  if (!project) throw new Error('the workspace has no project');
  const board = readBoard(doc, project.id);
  const tasks = board?.columns.flatMap((c) => c.tasks) ?? [];
  const columns = board?.columns.map((c) => c.id) ?? [];
  if (tasks.length < 3 || r.chance(0.3))
    return createTask(doc, editor, { projectId: project.id, title: `task ${tasks.length + 1}` });
  moveTask(doc, editor, r.pick(tasks).id, r.pick(columns), r.int(5));
  return undefined;
}

/** Polls `predicate` every 10 ms; fails naming `what` after `timeoutMs`. */
export async function pollUntil(
  predicate: () => boolean,
  what: () => string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** `promise`, or a failure naming `what` once `timeoutMs` has passed without it settling. */
export async function within<T>(promise: Promise<T>, what: string, timeoutMs = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
