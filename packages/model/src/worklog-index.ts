/**
 * Which worklogs each task has, kept up to date as the document changes, so one task's worklogs
 * (its time spent, a REST task read, logging work with a new remaining estimate) cost that task's
 * worklogs, not a walk over every worklog of the workspace (issue 13). One index per document,
 * built on first use by one walk, then refreshed per changed worklog, like task-index.ts.
 *
 * The index only knows where each stored worklog belongs (its task, its timer run); everything a
 * reader returns is read from the document at read time. A timer run counts through its
 * smallest-id worklog whichever task that names, so the index keeps each run's worklogs too.
 *
 * What changed is followed by touched-entries.ts: a finished transaction marked before its
 * observers run (`beforeObserverCalls`), so an observer reading a task's worklogs sees the
 * transaction, and the open one from what it wrote since the last read, so `addWorklog` counts
 * what it just wrote.
 */
import type * as Y from 'yjs';
import { getYMap, worklogsMap } from './doc.ts';
import { FollowedEntries } from './touched-entries.ts';

/** Full walks over the worklogs map, per document: what tests count to prove a path never makes one. */
const walks = new WeakMap<Y.Doc, number>();

/** Counts one walk over every worklog of `doc` (readAllWorklogs, an index build, …). */
export function countWorklogWalk(doc: Y.Doc): void {
  walks.set(doc, (walks.get(doc) ?? 0) + 1);
}

/** How many full walks over the worklogs were made on `doc` so far. */
export function worklogWalks(doc: Y.Doc): number {
  return walks.get(doc) ?? 0;
}

type Entry = { taskId: string; run: string | null };

/** The fields the index depends on, by identity: the worklog's map and the items holding them. */
const FIELDS = ['taskId', 'seconds', 'timerRun'] as const;
type Print = readonly unknown[];

function printOf(map: Y.Map<unknown> | undefined): Print {
  return map ? [map, ...FIELDS.map((k) => map._map.get(k))] : [];
}

function samePrint(a: Print | undefined, b: Print): boolean {
  return a !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

function addTo(index: Map<string, Set<string>>, key: string, id: string): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(id);
}

function removeFrom(index: Map<string, Set<string>>, key: string, id: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(id);
  if (set.size === 0) index.delete(key);
}

export class WorklogIndex {
  readonly #doc: Y.Doc;
  readonly #followed: FollowedEntries;
  /** Which stored worklogs to index: the same readability test readers apply. */
  readonly #readable: (id: string, map: Y.Map<unknown>) => Entry | undefined;
  readonly #entries = new Map<string, Entry>();
  readonly #byTask = new Map<string, Set<string>>();
  readonly #byRun = new Map<string, Set<string>>();
  /**
   * What each worklog's entry was computed from. A finished transaction's record names every
   * worklog created in it (Yjs does not record changes inside a type it created), though they were
   * read as they were written: an unchanged print skips the re-read.
   */
  readonly #prints = new Map<string, Print>();

  constructor(doc: Y.Doc, readable: (id: string, map: Y.Map<unknown>) => Entry | undefined) {
    this.#doc = doc;
    this.#readable = readable;
    this.#followed = new FollowedEntries(doc, () => worklogsMap(doc) as unknown as Y.AbstractType<unknown>);
  }

  /** The ids of the task's stored worklogs (deleted ones too), in no particular order. */
  ofTask(taskId: string): readonly string[] {
    this.#refresh();
    const set = this.#byTask.get(taskId);
    return set ? [...set] : [];
  }

  /** The smallest id among the stored worklogs of a timer run (deleted ones too), any task's. */
  firstOfRun(run: string): string | undefined {
    this.#refresh();
    let first: string | undefined;
    for (const id of this.#byRun.get(run) ?? []) if (first === undefined || id < first) first = id;
    return first;
  }

  #refresh(): void {
    this.#followed.refresh(this.#build, this.#refreshOne);
  }

  readonly #refreshOne = (id: string): void => {
    const map = getYMap(worklogsMap(this.#doc) as Y.Map<unknown>, id);
    const print = printOf(map);
    if (samePrint(this.#prints.get(id), print)) return;
    this.#remove(id);
    if (map) this.#add(id, map);
    if (map) this.#prints.set(id, print);
    else this.#prints.delete(id);
  };

  readonly #build = (): void => {
    countWorklogWalk(this.#doc);
    const logs = worklogsMap(this.#doc) as Y.Map<unknown>;
    logs.forEach((_, id) => {
      const map = getYMap(logs, id);
      if (!map) return;
      this.#add(id, map);
      this.#prints.set(id, printOf(map));
    });
  };

  #add(id: string, map: Y.Map<unknown>): void {
    const entry = this.#readable(id, map);
    if (!entry) return;
    this.#entries.set(id, entry);
    addTo(this.#byTask, entry.taskId, id);
    if (entry.run !== null) addTo(this.#byRun, entry.run, id);
  }

  #remove(id: string): void {
    const entry = this.#entries.get(id);
    if (!entry) return;
    this.#entries.delete(id);
    removeFrom(this.#byTask, entry.taskId, id);
    if (entry.run !== null) removeFrom(this.#byRun, entry.run, id);
  }
}

const indexes = new WeakMap<Y.Doc, WorklogIndex>();

/** The document's worklog index, made on first use (worklogs.ts passes its readability test). */
export function worklogIndex(
  doc: Y.Doc,
  readable: (id: string, map: Y.Map<unknown>) => Entry | undefined,
): WorklogIndex {
  let index = indexes.get(doc);
  if (!index) {
    index = new WorklogIndex(doc, readable);
    indexes.set(doc, index);
  }
  return index;
}
