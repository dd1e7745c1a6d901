/**
 * Issue 10 must-show 1: three clients make 5,000 random changes (create, title, priority, move,
 * archive/restore, comment), with offline stretches, while the server compacts many times (every 25
 * rows). Afterwards every change is in the workspace's activity with the right actor and the time
 * it was made, and for a change made offline, arrivedAt − madeAt covers the offline stretch.
 *
 * What "every change" can mean on a CRDT: a client offline that edits one field twice sends only
 * the last value, and a concurrent write that loses on the same field never takes effect. So field
 * edits are made by a task's creator only, and offline each task is touched at most once (tasks
 * created offline are not touched again in that stretch). Moves by anyone may conflict: a move that
 * lost is history too (marked lost). Replay: HISTORY_SEED=<seed>.
 */
import {
  addComment,
  archiveTask,
  createTask,
  FIRST_PROJECT_ID,
  listIds,
  liveColumns,
  moveTask,
  readColumns,
  readTask,
  restoreTask,
  updateTask,
} from '@taskflow/model';
import { type Rng, rng } from '@taskflow/model/testing/prng';
import { afterAll, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addMember, call, createWorkspace, type Session, signUp } from '../helpers/auth.ts';
import { connectClient, readServerState, type TestClient } from '../helpers/client.ts';
import { startTestServer } from '../helpers/in-process.ts';

const CHANGES = 5_000;
const SEED = Number(process.env.HISTORY_SEED ?? 20261202);
const P = FIRST_PROJECT_ID;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Kind =
  | 'task.created'
  | 'task.updated'
  | 'task.moved'
  | 'task.archived'
  | 'task.restored'
  | 'comment.added';
type Made = {
  actorId: string;
  kind: Kind;
  entityId: string;
  field?: string;
  to?: unknown;
  madeAt: number;
  /** Set for a change made offline: when the client reconnected. */
  reconnectedAt?: number;
  offline: boolean;
};
type Item = {
  kind: string;
  entityId: string;
  actorId: string | null;
  madeAt: string;
  arrivedAt: string;
  changes: { field: string; from: unknown; to: unknown }[];
};

type Person = {
  session: Session;
  doc: Y.Doc;
  client: TestClient | null;
  editor: TestClient['editor'];
  /** The clock the next edit is stamped with. */
  stamp: number;
  offline: { since: number; touched: Set<string>; created: Set<string>; made: Made[]; left: number } | null;
};

const server = await startTestServer({ compactEvery: 25, checkpointEvery: 200 });
afterAll(() => server.close());

test('every change of 3 clients (5,000, offline stretches, many compactions) is in the activity', async () => {
  console.info(`activity-complete seed ${SEED} (replay: HISTORY_SEED=${SEED})`);
  const random = rng(SEED);
  const owner = await signUp(server.url, { name: 'Ann' });
  const ws = await createWorkspace(owner, 'Busy');
  const sessions = [
    owner,
    await signUp(server.url, { name: 'Bob' }),
    await signUp(server.url, { name: 'Cy' }),
  ];
  for (const s of sessions.slice(1)) await addMember(owner, ws, s as Session, 'member');

  const people: Person[] = [];
  for (const session of sessions) {
    const doc = new Y.Doc();
    const client = connectClient(server.wsUrl, { name: ws, token: session.accessToken, doc });
    await client.synced;
    const person: Person = { session, doc, client, editor: client.editor, stamp: 0, offline: null };
    client.editor.now = () => person.stamp;
    people.push(person);
  }

  const made: Made[] = [];
  let count = 0;
  while (count < CHANGES) {
    const p = random.pick(people);
    if (p.client && p.offline === null && random.chance(0.004)) goOffline(p, random);
    const change = makeChange(p, random);
    if (change) {
      count += 1;
      (p.offline ? p.offline.made : made).push(change);
      if (p.offline) p.offline.left -= 1;
    }
    if (p.offline && p.offline.left <= 0) made.push(...(await reconnect(p, ws)));
    if (count % 100 === 0) await Promise.all(people.map((q) => q.client?.acked()));
  }
  for (const p of people) if (p.offline) made.push(...(await reconnect(p, ws)));
  await Promise.all(people.map((q) => q.client?.acked()));
  for (const p of people) p.client?.destroy();

  const items = await allActivity(owner, ws);
  // Pool of entries by (actor, kind, entity); each recorded change takes one matching entry.
  const pool = new Map<string, Item[]>();
  for (const i of items) {
    const key = `${i.actorId}|${i.kind}|${i.entityId}`;
    pool.set(key, [...(pool.get(key) ?? []), i]);
  }
  const missing: Made[] = [];
  let offlineChecked = 0;
  for (const m of made) {
    const candidates = pool.get(`${m.actorId}|${m.kind}|${m.entityId}`) ?? [];
    // The closest stamp first: a move's stamp may sit a little above the clock it was made at.
    let at = -1;
    for (const [k, i] of candidates.entries())
      if (matches(i, m) && (at < 0 || Date.parse(i.madeAt) < Date.parse((candidates[at] as Item).madeAt)))
        at = k;
    if (at < 0) {
      missing.push(m);
      continue;
    }
    const [item] = candidates.splice(at, 1) as [Item];
    if (m.reconnectedAt !== undefined) {
      offlineChecked += 1;
      // It arrived once its client was back: the gap covers the offline stretch.
      expect(Date.parse(item.arrivedAt) - Date.parse(item.madeAt)).toBeGreaterThanOrEqual(
        m.reconnectedAt - m.madeAt,
      );
    }
  }
  if (missing.length > 0) {
    const byKind = new Map<string, number>();
    for (const m of missing)
      byKind.set(
        `${m.kind}${m.offline ? ' offline' : ''}`,
        (byKind.get(`${m.kind}${m.offline ? ' offline' : ''}`) ?? 0) + 1,
      );
    console.info('missing', [...byKind], 'of', made.length);
    const m = missing.find((x) => x.kind === 'task.updated') ?? (missing[0] as Made);
    console.info(JSON.stringify(m), JSON.stringify(items.filter((i) => i.entityId === m.entityId)));
  }
  expect(missing.slice(0, 5)).toEqual([]);
  expect(made.length).toBe(CHANGES);
  expect(offlineChecked).toBeGreaterThan(100);
  // Nothing extra by these people either: every entry they have is one of their changes.
  const extra = [...pool.values()].flat().filter((i) => i.actorId !== null);
  expect(extra.slice(0, 5)).toEqual([]);
}, 300_000);

function matches(i: Item, m: Made): boolean {
  const madeAt = Date.parse(i.madeAt);
  if (m.kind === 'task.moved') {
    // A move's stamp is its hybrid clock: at or just above the wall clock it was made at.
    return (
      i.changes.some((c) => c.field === 'column' && c.to === m.to) &&
      madeAt >= m.madeAt &&
      madeAt < m.madeAt + 5_000
    );
  }
  if (madeAt !== m.madeAt) return false;
  if (m.field === undefined) return true;
  return i.changes.some((c) => c.field === m.field && JSON.stringify(c.to) === JSON.stringify(m.to));
}

function goOffline(p: Person, random: Rng): void {
  p.client?.destroy();
  p.client = null;
  p.offline = {
    since: Date.now(),
    touched: new Set(),
    created: new Set(),
    made: [],
    left: 20 + random.int(80),
  };
}

async function reconnect(p: Person, ws: string): Promise<Made[]> {
  const o = p.offline;
  if (!o) return [];
  // Offline for a while in wall time too, so the stretch is measurable.
  await sleep(Math.max(0, 150 - (Date.now() - o.since)));
  const reconnectedAt = Date.now();
  const client = connectClient(server.wsUrl, { name: ws, token: p.session.accessToken, doc: p.doc });
  client.editor.now = () => p.stamp;
  await client.synced;
  // The offline changes go in the client's answer to the server's sync step, which `acked` does not
  // count: wait until the server holds them, or the next online edit (which depends on them) would
  // be parked and land in the same transaction, one change with two stamps.
  const want = Y.decodeStateVector(Y.encodeStateVector(p.doc));
  for (;;) {
    const { stateVector } = await readServerState(server.wsUrl, p.session.accessToken, ws);
    if ([...want].every(([c, clock]) => (stateVector.get(c) ?? 0) >= clock)) break;
    await sleep(20);
  }
  p.client = client;
  p.editor = client.editor;
  p.offline = null;
  return o.made.map((m) => ({ ...m, reconnectedAt }));
}

/** Who created each task (the test's own record: reading every task per change would dominate the run). */
const creator = new Map<string, string>();

function makeChange(p: Person, random: Rng): Made | null {
  const { doc } = p;
  const me = p.session.user.id;
  // A fresh millisecond per change, so each change's stamp names it.
  p.stamp = Math.max(Date.now(), p.stamp + 1);
  const madeAt = p.stamp;
  const offline = p.offline;
  const base = { actorId: me, madeAt, offline: offline !== null };
  const ids = listIds(doc, 'task').filter((id) => creator.has(id));
  const usable = (id: string) => !offline || (!offline.touched.has(id) && !offline.created.has(id));
  const mine = ids.filter((id) => creator.get(id) === me && usable(id));
  const touch = (id: string) => offline?.touched.add(id);
  const roll = random.next();
  if (roll < 0.25 || ids.length < 5) {
    const id = createTask(doc, p.editor, { projectId: P, title: `t${random.int(1e6)}` });
    creator.set(id, me);
    offline?.created.add(id);
    return { ...base, kind: 'task.created', entityId: id };
  }
  if (roll < 0.45 && mine.length > 0) {
    const id = random.pick(mine);
    const title = `title ${random.int(1e9)}`;
    updateTask(doc, p.editor, id, { title });
    touch(id);
    return { ...base, kind: 'task.updated', entityId: id, field: 'title', to: title };
  }
  if (roll < 0.55 && mine.length > 0) {
    const id = random.pick(mine);
    const priority = random.pick(['lowest', 'low', 'medium', 'high', 'highest'] as const);
    if (priority === readTask(doc, id)?.priority) return null;
    updateTask(doc, p.editor, id, { priority });
    touch(id);
    return { ...base, kind: 'task.updated', entityId: id, field: 'priority', to: priority };
  }
  if (roll < 0.8) {
    const candidates = ids.filter(usable);
    if (candidates.length === 0) return null;
    const id = random.pick(candidates);
    const t = readTask(doc, id);
    if (!t || t.archivedAt !== null) return null;
    // Always another column: a move to where the card already is would be no change at all.
    const cols = liveColumns(readColumns(doc, P)).filter((c) => c.id !== t.columnId);
    if (cols.length === 0) return null;
    const col = random.pick(cols).id;
    moveTask(doc, p.editor, id, col, random.int(5));
    touch(id);
    return { ...base, kind: 'task.moved', entityId: id, to: col };
  }
  if (roll < 0.9 && mine.length > 0) {
    const id = random.pick(mine);
    touch(id);
    if (readTask(doc, id)?.archivedAt === null) {
      archiveTask(doc, p.editor, id);
      return { ...base, kind: 'task.archived', entityId: id };
    }
    restoreTask(doc, p.editor, id);
    return { ...base, kind: 'task.restored', entityId: id };
  }
  const candidates = ids.filter(usable);
  if (candidates.length === 0) return null;
  const id = random.pick(candidates);
  const body = `comment ${random.int(1e9)}`;
  const commentId = addComment(doc, p.editor, id, body);
  touch(id);
  return { ...base, kind: 'comment.added', entityId: commentId, field: 'body', to: body };
}

async function allActivity(who: Session, ws: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const q: string = cursor ? `&cursor=${cursor}` : '';
    const page: { status: number; body: { items: Item[]; nextCursor: string | null } } = await call(
      server.url,
      'GET',
      `/workspaces/${ws}/activity?limit=200${q}`,
      { token: who.accessToken },
    );
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor);
  return items;
}
