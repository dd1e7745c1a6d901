/**
 * Readers of the relations between tasks (issue 14): subtasks, epics, links, and the progress a
 * card shows. Which stored relation counts is decided here from stored values only, so every
 * replica reads the same structure whatever order concurrent edits arrived in, and what they read
 * never has a cycle:
 *
 * - A task's parent counts when it names another task of the same project that itself names no
 *   such parent. So a subtask of a subtask is never read (Jira's one level), and two people making
 *   A a subtask of B and B a subtask of A at once leave both standing alone rather than in a loop.
 * - A task's epic counts when it names another task whose type is epic, and the task is not an
 *   epic itself (so epics never nest).
 * - A subtask is done when it is in its project's last live column (as sprints and reports count
 *   done, SPEC M22); archived subtasks count neither as done nor in the total.
 */
import type * as Y from 'yjs';
import { readTask } from './board.ts';
import { getYMap } from './doc.ts';
import { liveColumns, readColumns, yTask } from './read.ts';
import type { Task, TaskType } from './schema.ts';
import { type StructureEntry, structureIndex } from './structure-index.ts';
import { CHECK_PREFIX, type LinkRelation, type LinkType } from './structure-stored.ts';

function namesParent(doc: Y.Doc, id: string, entry: StructureEntry): string | null {
  const parentId = entry.parentId;
  if (parentId === null || parentId === id) return null;
  const parent = structureIndex(doc).entry(parentId);
  return parent && parent.projectId === entry.projectId ? parentId : null;
}

/** The parent that counts, or null (see the rule above). */
export function effectiveParentId(doc: Y.Doc, taskId: string): string | null {
  const index = structureIndex(doc);
  const entry = index.entry(taskId);
  if (!entry) return null;
  const parentId = namesParent(doc, taskId, entry);
  if (parentId === null) return null;
  const parent = index.entry(parentId);
  return parent && namesParent(doc, parentId, parent) === null ? parentId : null;
}

/** The epic that counts, or null. */
export function effectiveEpicId(doc: Y.Doc, taskId: string): string | null {
  const index = structureIndex(doc);
  const entry = index.entry(taskId);
  if (!entry || entry.epicId === null || entry.epicId === taskId || entry.type === 'epic') return null;
  return index.entry(entry.epicId)?.type === 'epic' ? entry.epicId : null;
}

/** Ids of the subtasks that count, archived ones included, in board order of no importance: sorted by id. */
export function subtaskIds(doc: Y.Doc, taskId: string): string[] {
  const out: string[] = [];
  for (const child of structureIndex(doc).childrenOf(taskId)) {
    if (effectiveParentId(doc, child) === taskId) out.push(child);
  }
  return out.sort();
}

function byCreation(a: Task, b: Task): number {
  return a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1;
}

/** The subtasks, oldest first (as Jira lists them); archived ones left out. */
export function readSubtasks(doc: Y.Doc, taskId: string): Task[] {
  const out: Task[] = [];
  for (const id of subtaskIds(doc, taskId)) {
    const task = readTask(doc, id);
    if (task && task.archivedAt === null) out.push(task);
  }
  return out.sort(byCreation);
}

export type Progress = { done: number; total: number };

/** The project's done column: its last live one. */
export function doneColumnOf(doc: Y.Doc, projectId: string): string | null {
  return liveColumns(readColumns(doc, projectId)).at(-1)?.id ?? null;
}

/** Tasks counted done: those in their project's last live column. */
export function isDone(doc: Y.Doc, task: Pick<Task, 'projectId' | 'columnId'>): boolean {
  return task.columnId === doneColumnOf(doc, task.projectId);
}

export function subtaskProgress(doc: Y.Doc, taskId: string): Progress {
  const subtasks = readSubtasks(doc, taskId);
  if (subtasks.length === 0) return { done: 0, total: 0 };
  const done = doneColumnOf(doc, subtasks[0]?.projectId ?? '');
  return { done: subtasks.filter((t) => t.columnId === done).length, total: subtasks.length };
}

export function checklistProgress(doc: Y.Doc, taskId: string): Progress {
  const entry = structureIndex(doc).entry(taskId);
  return entry ? { done: entry.checklistDone, total: entry.checklistTotal } : { done: 0, total: 0 };
}

/** The tasks of an epic that count, live ones, oldest first. */
export function readEpicTasks(doc: Y.Doc, epicId: string): Task[] {
  const out: Task[] = [];
  for (const id of structureIndex(doc).membersOf(epicId)) {
    if (effectiveEpicId(doc, id) !== epicId) continue;
    const task = readTask(doc, id);
    if (task && task.archivedAt === null) out.push(task);
  }
  return out.sort(byCreation);
}

export function epicProgress(doc: Y.Doc, epicId: string): Progress {
  const tasks = readEpicTasks(doc, epicId);
  return { done: tasks.filter((t) => isDone(doc, t)).length, total: tasks.length };
}

export type EpicOption = { id: string; projectId: string; title: string; number: number | null };

/** Every live epic of the workspace, by title: what an epic picker offers. */
export function readEpics(doc: Y.Doc): EpicOption[] {
  const out: EpicOption[] = [];
  for (const id of structureIndex(doc).epics()) {
    const task = readTask(doc, id);
    if (task && task.archivedAt === null && task.type === 'epic') {
      out.push({ id, projectId: task.projectId, title: task.title, number: task.number });
    }
  }
  return out.sort((a, b) => (a.title === b.title ? (a.id < b.id ? -1 : 1) : a.title < b.title ? -1 : 1));
}

export type ChecklistItem = { id: string; text: string; done: boolean; rank: string };

/** A task's checklist in order (rank, then id). */
export function readChecklist(doc: Y.Doc, taskId: string): ChecklistItem[] {
  const task = yTask(doc, taskId);
  if (!task) return [];
  const out: ChecklistItem[] = [];
  for (const key of task.keys()) {
    if (!key.startsWith(CHECK_PREFIX)) continue;
    const item = getYMap(task, key);
    const text = item?.get('text');
    if (!item || typeof text !== 'string' || text.length === 0) continue;
    const rank = item.get('rank');
    out.push({
      id: key.slice(CHECK_PREFIX.length),
      text: text.slice(0, 500),
      done: item.get('done') === true,
      rank: typeof rank === 'string' && rank.length > 0 && rank.length <= 200 ? rank : 'a0',
    });
  }
  return out.sort((a, b) => (a.rank !== b.rank ? (a.rank < b.rank ? -1 : 1) : a.id < b.id ? -1 : 1));
}

export type TaskLink = {
  /** The stored link's id (what removing it takes) and the task it is stored on. */
  linkId: string;
  sourceId: string;
  relation: LinkRelation;
  /** The other task. */
  taskId: string;
};

const OUTGOING: Record<LinkType, LinkRelation> = {
  blocks: 'blocks',
  relates: 'relates to',
  duplicates: 'duplicates',
};
const INCOMING: Record<LinkType, LinkRelation> = {
  blocks: 'is blocked by',
  relates: 'relates to',
  duplicates: 'is duplicated by',
};

/** Both directions of a task's links: stored on it, and stored on others naming it. */
export function readLinks(doc: Y.Doc, taskId: string): TaskLink[] {
  const index = structureIndex(doc);
  const out: TaskLink[] = [];
  for (const link of index.entry(taskId)?.links ?? []) {
    if (link.targetId === taskId || !index.entry(link.targetId)) continue;
    out.push({ linkId: link.id, sourceId: taskId, relation: OUTGOING[link.type], taskId: link.targetId });
  }
  for (const sourceId of index.linkingTo(taskId)) {
    if (sourceId === taskId) continue;
    for (const link of index.entry(sourceId)?.links ?? []) {
      if (link.targetId !== taskId) continue;
      out.push({ linkId: link.id, sourceId, relation: INCOMING[link.type], taskId: sourceId });
    }
  }
  return out.sort((a, b) => (a.linkId < b.linkId ? -1 : a.linkId > b.linkId ? 1 : 0));
}

/** What a card shows of a task's structure, as one string-comparable value. */
export type CardStructure = {
  type: TaskType;
  subtasks: Progress;
  checklist: Progress;
  /** The epic's title, when the task belongs to one. */
  epic: string | null;
  /** The parent's title, for a subtask. */
  parent: string | null;
};

export function readCardStructure(doc: Y.Doc, taskId: string): CardStructure | undefined {
  const entry = structureIndex(doc).entry(taskId);
  if (!entry) return undefined;
  const hasChildren = structureIndex(doc).childrenOf(taskId).size > 0;
  const epicId = entry.epicId === null ? null : effectiveEpicId(doc, taskId);
  const parentId = entry.parentId === null ? null : effectiveParentId(doc, taskId);
  return {
    type: entry.type as TaskType,
    subtasks: hasChildren ? subtaskProgress(doc, taskId) : { done: 0, total: 0 },
    checklist: { done: entry.checklistDone, total: entry.checklistTotal },
    epic: epicId === null ? null : (readTask(doc, epicId)?.title ?? null),
    parent: parentId === null ? null : (readTask(doc, parentId)?.title ?? null),
  };
}
