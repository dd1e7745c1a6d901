/**
 * Random planning operations for randomized tests (SPEC M21–M23): what people do in the backlog,
 * in sprints and with their time, on top of a board. Refusals the model documents (a second
 * active sprint, completing a planned one, a foreign worklog…) count as `skipped`.
 */
import type * as Y from 'yjs';
import { actorOf, type Editor, tasksMap, worklogsMap } from '../doc.ts';
import { ModelError } from '../errors.ts';
import { setProjectKey } from '../keys.ts';
import { createProject, updateProject } from '../projects.ts';
import { liveColumns, readColumns, readProjects } from '../read.ts';
import { completeSprint, createSprint, planTask, readSprints, startSprint } from '../sprints.ts';
import { archiveTask, createTask, moveTask, restoreTask, updateTask } from '../tasks.ts';
import { discardTimer, startTimer, stopTimer } from '../timers.ts';
import { addWorklog, deleteWorklog, editWorklog } from '../worklogs.ts';
import type { Rng } from './prng.ts';

const MAX_TASKS_PER_PROJECT = 40;
const MAX_SPRINTS_PER_PROJECT = 8;

const WEIGHTS = {
  createTask: 16,
  planTask: 18,
  createSprint: 4,
  startSprint: 8,
  completeSprint: 7,
  switchMode: 1,
  moveTask: 12,
  updateTask: 5,
  archiveTask: 2,
  restoreTask: 2,
  addWorklog: 7,
  editWorklog: 2,
  deleteWorklog: 2,
  startTimer: 4,
  stopTimer: 4,
  discardTimer: 1,
  createProject: 1,
  renameKey: 1,
} as const;
export type PlanningOp = keyof typeof WEIGHTS;
const KINDS = Object.keys(WEIGHTS) as PlanningOp[];
const TOTAL = KINDS.reduce((s, k) => s + WEIGHTS[k], 0);

function pickKind(r: Rng): PlanningOp {
  let n = r.int(TOTAL);
  for (const k of KINDS) {
    n -= WEIGHTS[k];
    if (n < 0) return k;
  }
  return 'planTask';
}

/** The refusals people meet in normal use; anything else thrown is a bug. */
const EXPECTED = new Set(['conflict', 'not_found', 'forbidden', 'archived', 'last_column']);

/** Applies one random planning operation as `editor`; returns its kind, or `skipped`. */
export function applyPlanningOp(doc: Y.Doc, editor: Editor, r: Rng): PlanningOp | 'skipped' {
  const projects = readProjects(doc);
  const project = r.pick(projects);
  const live: string[] = [];
  const archived: string[] = [];
  tasksMap(doc).forEach((task, id) => {
    if (task.get('projectId') !== project.id) return;
    (typeof task.get('archivedAt') === 'string' ? archived : live).push(id);
  });
  const columns = liveColumns(readColumns(doc, project.id));
  const sprints = readSprints(doc, project.id);
  const open = sprints.filter((s) => s.state !== 'closed');
  const me = actorOf(editor);
  const kind = pickKind(r);
  try {
    switch (kind) {
      case 'createTask': {
        if (live.length >= MAX_TASKS_PER_PROJECT) return 'skipped';
        const sprint = open.length > 0 && r.chance(0.4) ? r.pick(open).id : undefined;
        createTask(doc, editor, {
          projectId: project.id,
          title: `t${r.int(1e6)}`,
          ...(sprint ? { sprintId: sprint } : {}),
          ...(r.chance(0.5) ? { estimate: r.int(13) } : {}),
          ...(r.chance(0.3) ? { originalEstimateSeconds: 600 * r.int(50) } : {}),
        });
        return kind;
      }
      case 'planTask': {
        if (live.length === 0) return 'skipped';
        // Mostly open sprints; sometimes a closed one, which must be refused (conflict).
        const target = r.chance(0.3) || sprints.length === 0 ? null : r.pick(sprints).id;
        planTask(doc, editor, r.pick(live), { sprintId: target, index: r.int(live.length + 1) });
        return kind;
      }
      case 'createSprint':
        if (sprints.length >= MAX_SPRINTS_PER_PROJECT) return 'skipped';
        createSprint(doc, editor, { projectId: project.id, ...(r.chance(0.3) ? { goal: 'g' } : {}) });
        return kind;
      case 'startSprint':
        if (open.length === 0) return 'skipped';
        startSprint(doc, editor, r.pick(open).id);
        return kind;
      case 'completeSprint': {
        const active = sprints.find((s) => s.state === 'active');
        if (!active) return 'skipped';
        const targets = open.filter((s) => s.id !== active.id);
        const to = targets.length > 0 && r.chance(0.6) ? r.pick(targets).id : null;
        completeSprint(doc, editor, active.id, to);
        return kind;
      }
      case 'switchMode':
        updateProject(doc, editor, project.id, { mode: project.mode === 'scrum' ? 'kanban' : 'scrum' });
        return kind;
      case 'moveTask': {
        if (live.length === 0) return 'skipped';
        // The last column is done: move there often, so completions count done tasks.
        const col = r.chance(0.5) ? (columns[columns.length - 1] ?? r.pick(columns)) : r.pick(columns);
        moveTask(doc, editor, r.pick(live), col.id, r.int(3));
        return kind;
      }
      case 'updateTask':
        if (live.length === 0) return 'skipped';
        updateTask(doc, editor, r.pick(live), {
          ...(r.chance(0.5) ? { estimate: r.int(13) } : {}),
          ...(r.chance(0.4) ? { remainingEstimateSeconds: 600 * r.int(20) } : {}),
          ...(r.chance(0.3) ? { sprintId: r.chance(0.5) || open.length === 0 ? null : r.pick(open).id } : {}),
          title: `u${r.int(1e6)}`,
        });
        return kind;
      case 'archiveTask':
        if (live.length === 0) return 'skipped';
        archiveTask(doc, editor, r.pick(live));
        return kind;
      case 'restoreTask':
        if (archived.length === 0) return 'skipped';
        restoreTask(doc, editor, r.pick(archived));
        return kind;
      case 'addWorklog':
        if (live.length === 0) return 'skipped';
        addWorklog(doc, editor, r.pick(live), {
          seconds: 1 + r.int(7200),
          ...(r.chance(0.2) ? { remainingEstimateSeconds: 600 * r.int(10) } : {}),
        });
        return kind;
      case 'editWorklog':
      case 'deleteWorklog': {
        // Anyone's worklog: someone else's must be refused (forbidden).
        const ids = [...worklogsMap(doc).keys()];
        if (ids.length === 0) return 'skipped';
        const w = r.pick(ids);
        if (kind === 'editWorklog') editWorklog(doc, editor, w, { seconds: 1 + r.int(3600) });
        else deleteWorklog(doc, editor, w);
        return kind;
      }
      case 'startTimer':
        if (live.length === 0) return 'skipped';
        startTimer(doc, editor, r.pick(live));
        return kind;
      case 'stopTimer':
        stopTimer(doc, editor);
        return kind;
      case 'discardTimer':
        discardTimer(doc, editor);
        return kind;
      case 'createProject':
        if (projects.length >= 3) return 'skipped';
        createProject(doc, editor, { name: `p${r.int(100)}`, mode: r.chance(0.5) ? 'scrum' : 'kanban' });
        return kind;
      case 'renameKey':
        setProjectKey(doc, editor, project.id, `K${me.slice(-1)}${r.int(100)}`.replace(/[^A-Z0-9]/gi, 'X'));
        return kind;
    }
  } catch (e) {
    if (e instanceof ModelError && EXPECTED.has(e.code)) return 'skipped';
    throw e;
  }
}
