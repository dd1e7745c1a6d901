/**
 * Following a document as it changes, without naming its maps. The web board, the lost-move
 * notices and the server's notifications and entity index all ask "what did this transaction
 * touch?"; answering it here keeps the layout (doc.ts) in the model. Each observer runs inside the
 * transaction's cleanup, before the document emits its `update`, so a caller that acts on the
 * update (the server's persistence) already knows what changed. Only ids are reported: callers
 * read the records through the validating readers (SPEC M9).
 */
import type * as Y from 'yjs';
import { columnsMap, commentsMap, projectsMap, sprintsMap, tasksMap, worklogsMap } from './doc.ts';

/** The ids of the tasks a batch of deep events on the `tasks` map touched. */
function touchedTaskIds(tasks: object, events: Y.YEvent<Y.AbstractType<unknown>>[]): Set<string> {
  const ids = new Set<string>();
  for (const e of events) {
    const first = e.path[0];
    if (typeof first === 'string') ids.add(first);
    else if (e.target === tasks) for (const key of e.changes.keys.keys()) ids.add(key);
  }
  return ids;
}

/**
 * Calls `onTouched` after each transaction that added, removed or changed any task (a field, its
 * placement register or a watcher), with those tasks' ids. Returns unsubscribe.
 */
export function observeTouchedTasks(
  doc: Y.Doc,
  onTouched: (taskIds: ReadonlySet<string>, transaction: Y.Transaction) => void,
): () => void {
  const tasks = tasksMap(doc);
  const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
    const ids = touchedTaskIds(tasks, events);
    if (ids.size > 0) onTouched(ids, transaction);
  };
  tasks.observeDeep(handler);
  return () => tasks.unobserveDeep(handler);
}

/** Calls `onChange` after each transaction that changed any project or column. Returns unsubscribe. */
export function observeProjectsAndColumns(doc: Y.Doc, onChange: () => void): () => void {
  const maps = [projectsMap(doc), columnsMap(doc)];
  for (const m of maps) m.observeDeep(onChange);
  return () => {
    for (const m of maps) m.unobserveDeep(onChange);
  };
}

/** Calls `onChange` after each transaction that wrote anything under the worklogs. Returns unsubscribe. */
export function observeWorklogs(doc: Y.Doc, onChange: () => void): () => void {
  const logs = worklogsMap(doc);
  logs.observeDeep(onChange);
  return () => logs.unobserveDeep(onChange);
}

function observeAddedKeys(map: Y.Map<unknown>, onAdded: (ids: string[]) => void): () => void {
  const handler = (event: Y.YMapEvent<unknown>) => {
    const added: string[] = [];
    for (const [key, change] of event.changes.keys) if (change.action === 'add') added.push(key);
    if (added.length > 0) onAdded(added);
  };
  map.observe(handler);
  return () => map.unobserve(handler);
}

/**
 * Calls `onAdded` with the ids of comments a transaction added (not edits or deletions, which
 * change a comment already there). Returns unsubscribe.
 */
export function observeAddedComments(doc: Y.Doc, onAdded: (commentIds: string[]) => void): () => void {
  return observeAddedKeys(commentsMap(doc) as Y.Map<unknown>, onAdded);
}

/** The records that have an id of their own outside the document (the server's entity index). */
export type RecordKind = 'project' | 'task' | 'sprint' | 'worklog';

const RECORDS = { project: projectsMap, task: tasksMap, sprint: sprintsMap, worklog: worklogsMap } as const;

const recordsMap = (doc: Y.Doc, kind: RecordKind): Y.Map<unknown> => RECORDS[kind](doc) as Y.Map<unknown>;

/**
 * Every id a record of this kind was ever stored under, archived ones included, without reading the
 * records (cheap at 10,000 tasks). An id whose record is malformed is listed too: a lookup by it
 * then finds nothing through the readers.
 */
export function listIds(doc: Y.Doc, kind: RecordKind): string[] {
  return [...recordsMap(doc, kind).keys()];
}

/** Calls `onAdded` with the ids of records of this kind a transaction added. Returns unsubscribe. */
export function observeAddedIds(doc: Y.Doc, kind: RecordKind, onAdded: (ids: string[]) => void): () => void {
  return observeAddedKeys(recordsMap(doc, kind), onAdded);
}
