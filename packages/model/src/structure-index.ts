/**
 * The relations between tasks (issue 14): parent and subtasks, epic and its tasks, links, and each
 * task's checklist count, kept per document so a card's "2/5" or a panel's "is blocked by" costs
 * what that task's relations cost, not a walk over 10,000 tasks. Built on first use by one walk,
 * then refreshed per changed task from the document's record of what changed (touched-entries.ts),
 * like task-index.ts and task-search.ts. Every value is read from the document as readers read it;
 * which relations *count* (no cycles, no subtask of a subtask) is decided in structure.ts.
 */

import type * as Y from 'yjs';
import { isDeletedRecord, isProjectDeleted } from './deleted-record.ts';
import { getYMap, tasksMap } from './doc.ts';
import { CHECK_PREFIX, LINK_PREFIX, readStoredLink, type StoredLink } from './structure-stored.ts';
import { countTaskWalk } from './task-index.ts';
import { FollowedEntries } from './touched-entries.ts';

export type StructureEntry = {
  projectId: string;
  type: string;
  /** As stored (null when missing or not an id). */
  parentId: string | null;
  epicId: string | null;
  archived: boolean;
  /** Links stored on this task (it is their source). */
  links: StoredLink[];
  checklistTotal: number;
  checklistDone: number;
};

const isId = (v: unknown): v is string => typeof v === 'string' && v.length >= 1 && v.length <= 200;
const TYPES = new Set(['task', 'bug', 'story', 'epic']);

/** Reads one task's relations from its map, as readers read them; undefined without a project. */
export function readStructureEntry(map: Y.Map<unknown>): StructureEntry | undefined {
  const projectId = map.get('projectId');
  // A deleted task is in no relation (deletion.ts): not a subtask, an epic's task, or a link's end.
  if (!isId(projectId) || isDeletedRecord(map)) return undefined;
  const type = map.get('type');
  const parentId = map.get('parentId');
  const epicId = map.get('epicId');
  const archivedAt = map.get('archivedAt');
  const links: StoredLink[] = [];
  let checklistTotal = 0;
  let checklistDone = 0;
  for (const [key, value] of map.entries()) {
    if (key.startsWith(CHECK_PREFIX)) {
      const item = value as { get?: (k: string) => unknown } | null;
      if (!item || typeof item.get !== 'function') continue;
      const text = item.get('text');
      if (typeof text !== 'string' || text.length === 0) continue;
      checklistTotal += 1;
      if (item.get('done') === true) checklistDone += 1;
    } else if (key.startsWith(LINK_PREFIX)) {
      const link = readStoredLink(key.slice(LINK_PREFIX.length), value);
      if (link) links.push(link);
    }
  }
  return {
    projectId,
    type: typeof type === 'string' && TYPES.has(type) ? type : 'task',
    parentId: isId(parentId) ? parentId : null,
    epicId: isId(epicId) ? epicId : null,
    archived: typeof archivedAt === 'string' && archivedAt.length > 0,
    links,
    checklistTotal,
    checklistDone,
  };
}

function addTo(index: Map<string, Set<string>>, key: string | null, value: string): void {
  if (key === null) return;
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(value);
}

function removeFrom(index: Map<string, Set<string>>, key: string | null, value: string): void {
  if (key === null) return;
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

const EMPTY: ReadonlySet<string> = new Set();

/** Tasks read by the structure index, per document: what tests count to prove a change costs its tasks. */
const reads = new WeakMap<Y.Doc, number>();

export function structureIndexReads(doc: Y.Doc): number {
  return reads.get(doc) ?? 0;
}

export class StructureIndex {
  readonly #doc: Y.Doc;
  readonly #followed: FollowedEntries;
  readonly #entries = new Map<string, StructureEntry>();
  /** Stored parent → the tasks naming it. */
  readonly #children = new Map<string, Set<string>>();
  /** Stored epic → the tasks naming it. */
  readonly #members = new Map<string, Set<string>>();
  /** Link target → the tasks holding a link to it. */
  readonly #incoming = new Map<string, Set<string>>();
  /** Tasks whose type is epic. */
  readonly #epics = new Set<string>();

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.#followed = new FollowedEntries(doc, () => tasksMap(doc) as unknown as Y.AbstractType<unknown>);
  }

  /** Whether the first walk was made: until then the first read pays for 10,000 tasks. */
  get built(): boolean {
    return this.#followed.built;
  }

  /** Builds the index now (the one walk) or catches it up: a caller chooses when to pay for it. */
  prepare(): void {
    this.#refresh();
  }

  /** A task's relations; undefined for none, or one gone with its deleted project (deleted-record.ts). */
  entry(id: string): StructureEntry | undefined {
    this.#refresh();
    const entry = this.#entries.get(id);
    return entry && !isProjectDeleted(this.#doc, entry.projectId) ? entry : undefined;
  }

  /** Tasks that store `id` as their parent (structure.ts decides which count). */
  childrenOf(id: string): ReadonlySet<string> {
    this.#refresh();
    return this.#children.get(id) ?? EMPTY;
  }

  membersOf(epicId: string): ReadonlySet<string> {
    this.#refresh();
    return this.#members.get(epicId) ?? EMPTY;
  }

  /** Tasks holding a link whose target is `id`. */
  linkingTo(id: string): ReadonlySet<string> {
    this.#refresh();
    return this.#incoming.get(id) ?? EMPTY;
  }

  epics(): ReadonlySet<string> {
    this.#refresh();
    return this.#epics;
  }

  #refresh(): void {
    this.#followed.refresh(this.#build, this.#setOne);
  }

  readonly #build = (): void => {
    countTaskWalk(this.#doc);
    const tasks = tasksMap(this.#doc) as Y.Map<unknown>;
    tasks.forEach((_, id) => {
      this.#set(id, getYMap(tasks, id));
    });
  };

  readonly #setOne = (id: string): void => {
    this.#set(id, getYMap(tasksMap(this.#doc) as Y.Map<unknown>, id));
  };

  #set(id: string, map: Y.Map<unknown> | undefined): void {
    const old = this.#entries.get(id);
    if (old) {
      removeFrom(this.#children, old.parentId, id);
      removeFrom(this.#members, old.epicId, id);
      for (const link of old.links) removeFrom(this.#incoming, link.targetId, id);
      this.#epics.delete(id);
    }
    reads.set(this.#doc, (reads.get(this.#doc) ?? 0) + 1);
    const entry = map && readStructureEntry(map);
    if (!entry) {
      this.#entries.delete(id);
      return;
    }
    this.#entries.set(id, entry);
    addTo(this.#children, entry.parentId, id);
    addTo(this.#members, entry.epicId, id);
    for (const link of entry.links) addTo(this.#incoming, link.targetId, id);
    if (entry.type === 'epic') this.#epics.add(id);
  }
}

const indexes = new WeakMap<Y.Doc, StructureIndex>();

/** The document's structure index (made on first use). */
export function structureIndex(doc: Y.Doc): StructureIndex {
  let index = indexes.get(doc);
  if (!index) {
    index = new StructureIndex(doc);
    indexes.set(doc, index);
  }
  return index;
}
