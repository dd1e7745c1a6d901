/** Random but valid-looking edits for randomized tests: what a person could do on a board. */
import type * as Y from 'yjs';
import { readColumnOrder } from '../board.ts';
import { type Editor, tasksMap } from '../doc.ts';
import { ModelError } from '../errors.ts';
import {
  addColumn,
  archiveColumn,
  createProject,
  moveColumn,
  renameColumn,
  restoreColumn,
} from '../projects.ts';
import { liveColumns, readColumns, readProjects } from '../read.ts';
import { PRIORITIES } from '../schema.ts';
import { archiveTask, createTask, moveTask, restoreTask, updateTask } from '../tasks.ts';
import { watchTask } from '../watchers.ts';
import type { Rng } from './prng.ts';

/** Keeps boards small enough that thousands of operations stay fast; moves dominate anyway. */
const MAX_TASKS_PER_PROJECT = 60;

export const OP_KINDS = [
  'createTask',
  'updateTask',
  'moveTask',
  'reorderTask',
  'archiveTask',
  'restoreTask',
  'addColumn',
  'renameColumn',
  'moveColumn',
  'archiveColumn',
  'restoreColumn',
  'createProject',
  'watchTask',
] as const;
type OpKind = (typeof OP_KINDS)[number];

const WEIGHTS: Record<OpKind, number> = {
  createTask: 18,
  updateTask: 14,
  moveTask: 30,
  reorderTask: 14,
  archiveTask: 5,
  restoreTask: 4,
  addColumn: 2,
  renameColumn: 3,
  moveColumn: 3,
  archiveColumn: 2,
  restoreColumn: 2,
  createProject: 1,
  watchTask: 3,
};

function pickKind(r: Rng): OpKind {
  const total = OP_KINDS.reduce((s, k) => s + WEIGHTS[k], 0);
  let n = r.int(total);
  for (const k of OP_KINDS) {
    n -= WEIGHTS[k];
    if (n < 0) return k;
  }
  return 'moveTask';
}

/** Applies one random operation; returns its kind, or `skipped` when it had nothing to act on. */
export function applyRandomOp(doc: Y.Doc, editor: Editor, r: Rng): OpKind | 'skipped' {
  const projects = readProjects(doc);
  const project = r.pick(projects);
  const live = liveColumns(readColumns(doc, project.id));
  // Lean reads (ids only): a full board read per operation made long runs quadratic.
  const ids: string[] = [];
  const archivedIds: string[] = [];
  tasksMap(doc).forEach((task, id) => {
    if (task.get('projectId') !== project.id) return;
    (typeof task.get('archivedAt') === 'string' ? archivedIds : ids).push(id);
  });
  const tasks = ids.map((id) => ({ id }));
  const board = { archivedTasks: archivedIds.map((id) => ({ id })) };
  const columnSize = (columnId: string) => readColumnOrder(doc, project.id, columnId).length;
  const kind = pickKind(r);
  try {
    switch (kind) {
      case 'createTask':
        if (ids.length >= MAX_TASKS_PER_PROJECT) return 'skipped';
        createTask(
          doc,
          editor,
          { projectId: project.id, columnId: r.pick(live).id, title: `t${r.int(1e6)}` },
          { position: r.chance(0.5) ? 'top' : 'bottom' },
        );
        return kind;
      case 'updateTask': {
        if (tasks.length === 0) return 'skipped';
        const t = r.pick(tasks);
        updateTask(doc, editor, t.id, {
          title: `u${r.int(1e6)}`,
          priority: r.pick(PRIORITIES),
          ...(r.chance(0.3) ? { labels: [`l${r.int(5)}`] } : {}),
          ...(r.chance(0.2) ? { estimate: r.int(13) } : {}),
        });
        return kind;
      }
      case 'moveTask': {
        if (tasks.length === 0) return 'skipped';
        const col = r.pick(live);
        moveTask(doc, editor, r.pick(tasks).id, col.id, r.int(columnSize(col.id) + 1));
        return kind;
      }
      case 'reorderTask': {
        const col = r.pick(live);
        const order = readColumnOrder(doc, project.id, col.id);
        if (order.length < 2) return 'skipped';
        moveTask(doc, editor, r.pick(order).id, col.id, r.int(order.length));
        return kind;
      }
      case 'watchTask':
        if (tasks.length === 0) return 'skipped';
        watchTask(doc, editor, r.pick(tasks).id, r.int(3) > 0);
        return kind;
      case 'archiveTask':
        if (tasks.length === 0) return 'skipped';
        archiveTask(doc, editor, r.pick(tasks).id);
        return kind;
      case 'restoreTask':
        if (board.archivedTasks.length === 0) return 'skipped';
        restoreTask(doc, editor, r.pick(board.archivedTasks).id);
        return kind;
      case 'addColumn':
        if (live.length >= 7) return 'skipped';
        addColumn(doc, editor, {
          projectId: project.id,
          name: `c${r.int(100)}`,
          index: r.int(live.length + 1),
        });
        return kind;
      case 'renameColumn':
        renameColumn(doc, editor, r.pick(live).id, `n${r.int(100)}`);
        return kind;
      case 'moveColumn':
        moveColumn(doc, editor, r.pick(live).id, r.int(live.length));
        return kind;
      case 'archiveColumn':
        archiveColumn(doc, editor, r.pick(live).id);
        return kind;
      case 'restoreColumn': {
        const archived = readColumns(doc, project.id).filter((c) => c.archivedAt !== null);
        if (archived.length === 0) return 'skipped';
        restoreColumn(doc, editor, r.pick(archived).id);
        return kind;
      }
      case 'createProject':
        if (projects.length >= 3) return 'skipped';
        createProject(doc, editor, { name: `p${r.int(100)}` });
        return kind;
    }
  } catch (e) {
    // Refusals the model documents (the last live column) are part of normal use.
    if (e instanceof ModelError && e.code === 'last_column') return 'skipped';
    throw e;
  }
}
