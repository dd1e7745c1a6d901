/**
 * The task as REST shows it: the model's task plus its key (SPEC M21), the sprint it is
 * effectively in (M22: a task left in a completed sprint is where the completion sent it) and its
 * time tracking (M23: the remaining estimate as it is now, not as last set).
 */
import {
  effectiveSprintId,
  liveColumns,
  readColumns,
  readProject,
  readSprints,
  readTask,
  type Sprint,
  type Task,
  taskKey,
  timeSpentOf,
  timeTracking,
} from '@taskflow/model';
import type * as Y from 'yjs';
import { notFound } from '../errors.ts';

type ProjectContext = {
  key: string | null;
  sprints: ReadonlyMap<string, Sprint>;
  doneColumnId: string | null;
};

function projectContext(doc: Y.Doc, projectId: string): ProjectContext {
  const live = liveColumns(readColumns(doc, projectId));
  return {
    key: readProject(doc, projectId)?.key ?? null,
    sprints: new Map(readSprints(doc, projectId).map((s) => [s.id, s])),
    // A task done in a closed sprint and reopened since is back in the backlog (M22), as GET /backlog lists it.
    doneColumnId: live.at(-1)?.id ?? null,
  };
}

function resource(task: Task, ctx: ProjectContext, spent: number, workspaceId: string) {
  // remainingSetSpent is bookkeeping behind the derived remaining estimate.
  const { remainingSetSpent: _bookkeeping, ...fields } = task;
  const key = ctx.key === null ? null : taskKey(ctx.key, task);
  return {
    ...fields,
    workspaceId,
    /** `WEB-12` once the server numbered the task, null until then (it never changes after). */
    key: key?.final ? key.text : null,
    sprintId: effectiveSprintId(task, ctx.sprints, ctx.doneColumnId),
    ...timeTracking(task, spent),
  };
}

export type TaskResource = ReturnType<typeof resource>;

/** One task; not found when it does not exist. */
export function taskResource(doc: Y.Doc, workspaceId: string, taskId: string): TaskResource {
  const task = readTask(doc, taskId);
  if (!task) throw notFound('That task');
  return resource(task, projectContext(doc, task.projectId), timeSpentOf(doc, taskId), workspaceId);
}

/**
 * Many tasks (a page), reading each project's sprints once and each task's own worklogs through
 * the model's worklog index: a page costs its tasks, not every worklog of the workspace (issue 13).
 */
export function taskResources(doc: Y.Doc, workspaceId: string, tasks: readonly Task[]): TaskResource[] {
  const contexts = new Map<string, ProjectContext>();
  return tasks.map((t) => {
    let ctx = contexts.get(t.projectId);
    if (!ctx) {
      ctx = projectContext(doc, t.projectId);
      contexts.set(t.projectId, ctx);
    }
    return resource(t, ctx, timeSpentOf(doc, t.id), workspaceId);
  });
}
