/**
 * What a transaction changed, field by field, in the words of the domain: task created, title
 * changed from → to, moved from column to column, archived, comment added / edited / deleted,
 * project and column changes. The server's activity history is built from this, both live (as
 * each update is stored) and when it replays stored updates into a scratch document; one reader
 * for both means a replayed history says exactly what the live one said.
 *
 * It reads Yjs events, not before/after copies of the board: each map event carries the old value
 * of every key it changed, so nothing has to be kept in memory between transactions. Values are
 * reported as stored (a peer may have written junk; they are data to show, never trusted to act on).
 */
import * as Y from 'yjs';
import {
  DESCRIPTION_FRAGMENT_KEY,
  descriptionFragment,
  fragmentPlainText,
  liveBefore,
} from './description-fragment.ts';
import { columnsMap, commentsMap, projectsMap, sprintsMap, tasksMap, worklogsMap } from './doc.ts';
import { archiveKind, deletionChange } from './lifecycle-changes.ts';
import { isPlacement, type PlacementEntry, winningEntry } from './placement.ts';
import { EDITABLE_TASK_FIELDS as TASK_FIELDS } from './schema.ts';
import { structureChanges } from './structure-changes.ts';
import { CHECK_PREFIX } from './structure-stored.ts';

export type FieldChange = { field: string; from: unknown; to: unknown };

export type ChangeKind =
  | 'task.created'
  | 'task.updated'
  | 'task.moved'
  | 'task.archived'
  | 'task.restored'
  | 'task.deleted'
  | 'task.undeleted'
  | 'comment.added'
  | 'comment.edited'
  | 'comment.deleted'
  | 'project.created'
  | 'project.updated'
  | 'project.archived'
  | 'project.restored'
  | 'project.deleted'
  | 'project.undeleted'
  | 'column.created'
  | 'column.updated'
  | 'column.archived'
  | 'column.restored'
  | 'sprint.created'
  | 'sprint.updated'
  | 'worklog.added'
  | 'worklog.edited'
  | 'worklog.deleted';

export type DocChange = {
  kind: ChangeKind;
  entityId: string;
  /** The task the change is about (a task's own id, or a comment's task). */
  taskId: string | null;
  projectId: string | null;
  /** When the change was made, by the clock of whoever made it (the model's stamps), if stamped. */
  madeAt: string | null;
  /** Who the document's stamps name (createdBy, updatedBy, a comment's author), if any. */
  stampedBy: string | null;
  changes: FieldChange[];
};

type YMapLike = Y.Map<unknown>;
type KeyChange = { action: 'add' | 'update' | 'delete'; oldValue: unknown };

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

/** Plain data only: a nested Yjs type is structure, not a value anyone typed. */
function plain(v: unknown): unknown {
  if (v === undefined) return null;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v;
  return Object.getPrototypeOf(v) === Object.prototype ? v : null;
}

const same = (a: unknown, b: unknown) => JSON.stringify(plain(a)) === JSON.stringify(plain(b));

/** The winning placement of a register before this transaction, from its changed keys' old values. */
function winnerBefore(register: YMapLike, keys: Map<string, KeyChange>): PlacementEntry | undefined {
  const entries = new Map<string, unknown>(register.entries());
  for (const [k, change] of keys) {
    if (change.action === 'add') entries.delete(k);
    else entries.set(k, change.oldValue);
  }
  const valid: PlacementEntry[] = [];
  for (const [key, v] of entries) if (isPlacement(v)) valid.push({ ...v, key });
  return winningEntry(valid);
}

function winnerNow(register: YMapLike): PlacementEntry | undefined {
  const valid: PlacementEntry[] = [];
  register.forEach((v, key) => {
    if (isPlacement(v)) valid.push({ ...v, key });
  });
  return winningEntry(valid);
}

/** A record added in this transaction: every field it was created with. */
/** The raw archivedAt an archive or restore left (any non-empty string archives; see read.ts). */
function archivedChange(a: KeyChange, map: YMapLike): FieldChange {
  return { field: 'archivedAt', from: plain(a.oldValue), to: plain(map.get('archivedAt')) };
}

function createdFields(map: YMapLike, fields: readonly string[]): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of fields) if (map.has(f)) out.push({ field: f, from: null, to: plain(map.get(f)) });
  return out;
}

/**
 * The stamps a transaction wrote under `key` (updatedAt, updatedBy), by the map written to, lost
 * writes included. A field edit whose `updatedAt` lost to a concurrent one (last writer wins per
 * key) changes no `updatedAt` the events could show, yet its maker's clock is in the write that
 * lost: it is among the transaction's new structs until garbage collection, which runs after the
 * observers.
 */
function stampsWritten(transaction: Y.Transaction, key: string): Map<unknown, string> {
  const out = new Map<unknown, string>();
  const clients = transaction.doc.store.clients;
  for (const [client, after] of transaction.afterState) {
    const before = transaction.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    const structs = clients.get(client) ?? [];
    for (let i = structs.length - 1; i >= 0; i--) {
      const s = structs[i];
      if (!s || s.id.clock + s.length <= before) break;
      if (!(s instanceof Y.Item) || s.parentSub !== key || !(s.content instanceof Y.ContentAny)) continue;
      const value = s.content.getContent()[0];
      if (typeof value === 'string') out.set(s.parent, value);
    }
  }
  return out;
}

function taskChanges(
  tasks: YMapLike,
  events: Y.YEvent<Y.AbstractType<unknown>>[],
  transaction: Y.Transaction,
): DocChange[] {
  const out: DocChange[] = [];
  const created = new Set<string>();
  const fieldEvents = new Map<string, Map<string, KeyChange>>();
  const placementEvents = new Map<string, Map<string, KeyChange>>();
  const checkEvents = new Map<string, [string, Y.Map<unknown>, Map<string, KeyChange>][]>();
  const typedIn = new Set<string>();
  for (const e of events) {
    if (e.target === tasks) {
      for (const [key, change] of e.changes.keys) if (change.action === 'add') created.add(key);
      continue;
    }
    const [taskId, sub] = e.path;
    if (typeof taskId !== 'string') continue;
    // Paths are relative to the tasks map: [taskId] for a field, [taskId, 'placement'] for a move.
    const keys = new Map(e.changes.keys as Map<string, KeyChange>);
    if (sub === DESCRIPTION_FRAGMENT_KEY) typedIn.add(taskId);
    else if (e.path.length === 1) fieldEvents.set(taskId, keys);
    else if (sub === 'placement' && e.path.length === 2) placementEvents.set(taskId, keys);
    else if (typeof sub === 'string' && sub.startsWith(CHECK_PREFIX) && e.path.length === 2) {
      const list = checkEvents.get(taskId) ?? [];
      list.push([sub, e.target as Y.Map<unknown>, keys]);
      checkEvents.set(taskId, list);
    }
  }
  for (const taskId of created) {
    const task = tasks.get(taskId);
    if (!isYMap(task)) continue;
    const register = task.get('placement');
    const win = isYMap(register) ? winnerNow(register) : undefined;
    // Every stored value, so the record can be rebuilt from history alone (flat-state.ts).
    const changes = createdFields(task, [...TASK_FIELDS, 'projectId', 'archivedAt']);
    if (win)
      changes.push({ field: 'column', from: null, to: win.col }, { field: 'rank', from: null, to: win.rank });
    out.push({
      kind: 'task.created',
      entityId: taskId,
      taskId,
      projectId: str(task.get('projectId')),
      madeAt: str(task.get('createdAt')),
      stampedBy: str(task.get('createdBy')),
      changes,
    });
  }
  const described = descriptionChanges(tasks, typedIn, created, transaction);
  for (const taskId of described.keys()) if (!fieldEvents.has(taskId)) fieldEvents.set(taskId, new Map());
  for (const taskId of checkEvents.keys()) if (!fieldEvents.has(taskId)) fieldEvents.set(taskId, new Map());
  let stamps: { at: Map<unknown, string>; by: Map<unknown, string> } | undefined;
  for (const [taskId, keys] of fieldEvents) {
    if (created.has(taskId)) continue;
    const task = tasks.get(taskId);
    if (!isYMap(task)) continue;
    let madeAt = keys.has('updatedAt') ? str(task.get('updatedAt')) : null;
    let stampedBy = str(task.get('updatedBy'));
    if (madeAt === null) {
      stamps ??= { at: stampsWritten(transaction, 'updatedAt'), by: stampsWritten(transaction, 'updatedBy') };
      madeAt = stamps.at.get(task) ?? null;
      stampedBy = stamps.by.get(task) ?? stampedBy;
    }
    const base = { entityId: taskId, taskId, projectId: str(task.get('projectId')), madeAt, stampedBy };
    const changes: FieldChange[] = [];
    for (const f of [...TASK_FIELDS, 'projectId'] as const) {
      const c = keys.get(f);
      if (c && !same(c.oldValue, task.get(f)))
        changes.push({ field: f, from: plain(c.oldValue), to: plain(task.get(f)) });
    }
    const rich = described.get(taskId);
    if (rich) {
      // The rich text is what readers read: its change stands for the string's, written with it.
      const at = changes.findIndex((c) => c.field === 'description');
      if (at >= 0) changes.splice(at, 1, rich);
      else changes.push(rich);
    }
    changes.push(...structureChanges(tasks, task, keys, checkEvents.get(taskId) ?? []));
    if (changes.length > 0) out.push({ kind: 'task.updated', ...base, changes });
    const a = keys.get('archivedAt');
    const kind = a ? archiveKind('task', a.oldValue, task.get('archivedAt')) : null;
    if (kind && a) {
      const at = str(task.get('archivedAt'));
      out.push({ kind, ...base, madeAt: at ?? base.madeAt, changes: [archivedChange(a, task)] });
    }
    const deletion = deletionChange('task', keys.get('deletedAt'), task);
    if (deletion) out.push({ ...base, ...deletion, madeAt: deletion.madeAt ?? base.madeAt });
  }
  for (const [taskId, keys] of placementEvents) {
    if (created.has(taskId)) continue;
    const task = tasks.get(taskId);
    const register = isYMap(task) ? task.get('placement') : undefined;
    if (!isYMap(task) || !isYMap(register)) continue;
    const before = winnerBefore(register, keys);
    const after = winnerNow(register);
    // One entry per move written in this transaction (a writer's entry added or replaced), won or
    // lost: a move that lost to a later one is history too, and says so.
    for (const [key, change] of keys) {
      const entry = register.get(key);
      if (change.action === 'delete' || !isPlacement(entry)) continue;
      if (isPlacement(change.oldValue) && change.oldValue.moveId === entry.moveId) continue;
      const won = after?.key === key;
      if (won && before && before.col === entry.col && before.rank === entry.rank) continue;
      out.push({
        kind: 'task.moved',
        entityId: taskId,
        taskId,
        projectId: str(task.get('projectId')),
        madeAt: new Date(entry.hlc).toISOString(),
        stampedBy: entry.by,
        changes: [
          { field: 'column', from: before?.col ?? null, to: entry.col },
          { field: 'rank', from: before?.rank ?? null, to: entry.rank },
          ...(won ? [] : [{ field: 'outcome', from: null, to: 'lost' }]),
        ],
      });
    }
  }
  return out;
}

/**
 * Typing into a description's fragment (description-fragment.ts), as a change of the
 * `description` field from the text before the transaction to the text after it.
 */
function descriptionChanges(
  tasks: YMapLike,
  typedIn: ReadonlySet<string>,
  created: ReadonlySet<string>,
  transaction: Y.Transaction,
): Map<string, FieldChange> {
  const out = new Map<string, FieldChange>();
  for (const taskId of typedIn) {
    const task = tasks.get(taskId);
    const fragment = isYMap(task) && !created.has(taskId) ? descriptionFragment(task) : undefined;
    if (!fragment) continue;
    const from = fragmentPlainText(fragment, liveBefore(transaction));
    const to = fragmentPlainText(fragment);
    if (from !== to) out.set(taskId, { field: 'description', from, to });
  }
  return out;
}

function isYMap(v: unknown): v is YMapLike {
  return v instanceof Y.Map;
}

/**
 * A map-of-records' events split in two: the records added in this transaction (reported whole,
 * as created) and, for records already there, each record's changed keys with their old values.
 */
function splitEvents(
  root: YMapLike,
  events: Y.YEvent<Y.AbstractType<unknown>>[],
): { created: Set<string>; edited: [string, YMapLike, Map<string, KeyChange>][] } {
  const created = new Set<string>();
  const edited: [string, YMapLike, Map<string, KeyChange>][] = [];
  for (const e of events) {
    if (e.target === root) {
      for (const [key, change] of e.changes.keys) if (change.action === 'add') created.add(key);
      continue;
    }
    const [id] = e.path;
    const map = typeof id === 'string' && e.path.length === 1 ? root.get(id) : undefined;
    if (isYMap(map)) edited.push([id as string, map, new Map(e.changes.keys as Map<string, KeyChange>)]);
  }
  return { created, edited: edited.filter(([id]) => !created.has(id)) };
}

/** Changes to projects or columns: both are flat maps of name, archivedAt and (columns) rank. */
function recordChanges(
  entity: 'project' | 'column' | 'sprint',
  root: YMapLike,
  events: Y.YEvent<Y.AbstractType<unknown>>[],
  fields: readonly string[],
): DocChange[] {
  const out: DocChange[] = [];
  const { created, edited } = splitEvents(root, events);
  for (const [id, map, keys] of edited) {
    const projectId = entity === 'project' ? id : str(map.get('projectId'));
    const base = { entityId: id, taskId: null, projectId, stampedBy: null };
    const changes: FieldChange[] = [];
    for (const f of fields) {
      const c = keys.get(f);
      if (c && !same(c.oldValue, map.get(f)))
        changes.push({ field: f, from: plain(c.oldValue), to: plain(map.get(f)) });
    }
    if (changes.length > 0) out.push({ kind: `${entity}.updated`, ...base, madeAt: null, changes });
    const a = keys.get('archivedAt');
    const kind = a && entity !== 'sprint' ? archiveKind(entity, a.oldValue, map.get('archivedAt')) : null;
    if (kind && a)
      out.push({ kind, ...base, madeAt: str(map.get('archivedAt')), changes: [archivedChange(a, map)] });
    const deletion = entity === 'project' ? deletionChange('project', keys.get('deletedAt'), map) : null;
    if (deletion) out.push({ ...base, ...deletion });
  }
  for (const id of created) {
    const map = root.get(id);
    if (!isYMap(map)) continue;
    out.push({
      kind: `${entity}.created`,
      entityId: id,
      taskId: null,
      projectId: entity === 'project' ? id : str(map.get('projectId')),
      madeAt: str(map.get('createdAt')),
      stampedBy: str(map.get('createdBy')),
      changes: createdFields(map, [
        ...fields,
        ...(entity === 'project' ? ['createdAt'] : ['projectId']),
        'archivedAt',
      ]),
    });
  }
  return out;
}

function commentChanges(root: YMapLike, events: Y.YEvent<Y.AbstractType<unknown>>[]): DocChange[] {
  const out: DocChange[] = [];
  const { created, edited } = splitEvents(root, events);
  for (const [id, c, keys] of edited) {
    const base = { entityId: id, taskId: str(c.get('taskId')), projectId: null };
    const deleted = keys.get('deletedAt');
    if (deleted && str(deleted.oldValue) === null && str(c.get('deletedAt')) !== null) {
      // The text is gone from the document; history must not keep showing it (see the store).
      out.push({
        kind: 'comment.deleted',
        ...base,
        madeAt: str(c.get('deletedAt')),
        stampedBy: str(c.get('authorId')),
        changes: [],
      });
      continue;
    }
    const body = keys.get('body');
    if (body && !same(body.oldValue, c.get('body')) && str(c.get('deletedAt')) === null)
      out.push({
        kind: 'comment.edited',
        ...base,
        madeAt: str(c.get('editedAt')),
        stampedBy: str(c.get('authorId')),
        changes: [{ field: 'body', from: plain(body.oldValue), to: plain(c.get('body')) }],
      });
  }
  for (const id of created) {
    const c = root.get(id);
    if (!isYMap(c) || str(c.get('deletedAt')) !== null) continue;
    out.push({
      kind: 'comment.added',
      entityId: id,
      taskId: str(c.get('taskId')),
      projectId: null,
      madeAt: str(c.get('createdAt')),
      stampedBy: str(c.get('authorId')),
      changes: [{ field: 'body', from: null, to: plain(c.get('body')) }],
    });
  }
  return out;
}

/** Worklogs (SPEC M23): logged, edited (duration, start, note), deleted; each about its task. */
function worklogChanges(root: YMapLike, events: Y.YEvent<Y.AbstractType<unknown>>[]): DocChange[] {
  const out: DocChange[] = [];
  const { created, edited } = splitEvents(root, events);
  const fields = ['seconds', 'startedAt', 'note'];
  for (const [id, w, keys] of edited) {
    const base = {
      entityId: id,
      taskId: str(w.get('taskId')),
      projectId: null,
      stampedBy: str(w.get('authorId')),
    };
    const deleted = keys.get('deletedAt');
    if (deleted && str(deleted.oldValue) === null && str(w.get('deletedAt')) !== null) {
      out.push({ kind: 'worklog.deleted', ...base, madeAt: str(w.get('deletedAt')), changes: [] });
      continue;
    }
    const changes: FieldChange[] = [];
    for (const f of fields) {
      const c = keys.get(f);
      if (c && !same(c.oldValue, w.get(f)))
        changes.push({ field: f, from: plain(c.oldValue), to: plain(w.get(f)) });
    }
    if (changes.length > 0)
      out.push({ kind: 'worklog.edited', ...base, madeAt: str(w.get('editedAt')), changes });
  }
  for (const id of created) {
    const w = root.get(id);
    if (!isYMap(w) || str(w.get('deletedAt')) !== null) continue;
    out.push({
      kind: 'worklog.added',
      entityId: id,
      taskId: str(w.get('taskId')),
      projectId: null,
      madeAt: str(w.get('createdAt')),
      stampedBy: str(w.get('authorId')),
      changes: createdFields(w, fields),
    });
  }
  return out;
}

/**
 * Calls `onChanges` once after each transaction that changed any task, comment, project or column,
 * with what changed (nothing is reported for a transaction that changed none). It runs before the
 * document emits the transaction's `update`. Returns unsubscribe.
 */
export function observeChanges(
  doc: Y.Doc,
  onChanges: (changes: DocChange[], transaction: Y.Transaction) => void,
): () => void {
  let pending: DocChange[] = [];
  const tasks = tasksMap(doc) as YMapLike;
  const comments = commentsMap(doc) as YMapLike;
  const projects = projectsMap(doc) as YMapLike;
  const columns = columnsMap(doc) as YMapLike;
  const sprints = sprintsMap(doc) as YMapLike;
  const worklogs = worklogsMap(doc) as YMapLike;
  type Handler = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => void;
  const handlers: [YMapLike, Handler][] = [
    [
      projects,
      (ev) =>
        pending.push(...recordChanges('project', projects, ev, ['name', 'key', 'mode', 'estimationUnit'])),
    ],
    [columns, (ev) => pending.push(...recordChanges('column', columns, ev, ['name', 'rank']))],
    [tasks, (ev, tr) => pending.push(...taskChanges(tasks, ev, tr))],
    [comments, (ev) => pending.push(...commentChanges(comments, ev))],
    [
      sprints,
      (ev) =>
        pending.push(
          ...recordChanges('sprint', sprints, ev, [
            'name',
            'goal',
            'startDate',
            'endDate',
            'start',
            'completion',
          ]),
        ),
    ],
    [worklogs, (ev) => pending.push(...worklogChanges(worklogs, ev))],
  ];
  for (const [map, h] of handlers) map.observeDeep(h);
  const flush = (transaction: Y.Transaction) => {
    if (pending.length === 0) return;
    const out = pending;
    pending = [];
    onChanges(out, transaction);
  };
  doc.on('afterTransaction', flush);
  return () => {
    for (const [map, h] of handlers) map.unobserveDeep(h);
    doc.off('afterTransaction', flush);
  };
}
