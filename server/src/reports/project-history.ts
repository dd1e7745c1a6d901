/**
 * What every report of one project reads: the timelines of the tasks that were ever in it, its
 * columns (archived ones too) with the first and the done column, and its sprints, all taken from
 * the server's document and the folded activity (docs/REPORTS.md).
 */
import {
  type Column,
  listIds,
  liveColumns,
  readColumns,
  readProject,
  readSprints,
  type Sprint,
  type Task,
  taskKey,
} from '@taskflow/model';
import type * as Y from 'yjs';
import { reportReads } from './report-reads.ts';
import type { TaskLine, Timelines } from './timelines.ts';

export type ProjectHistory = {
  projectId: string;
  unit: 'points' | 'hours';
  timelines: Timelines;
  /** Tasks that were in the project at some moment of their history. */
  lines: TaskLine[];
  /** Board order, archived columns included. */
  columns: Column[];
  firstColumnId: string | null;
  doneColumnId: string | null;
  sprints: Sprint[];
  now: number;
  timeZone: string;
  describe(taskId: string): { key: string; title: string };
};

/**
 * A task whose entries were all purged (SPEC: history retention) still counts, as it is now, since
 * its creation: the line it would have had, from the document.
 */
function lineFromDocument(task: Task): TaskLine {
  const at = Date.parse(task.createdAt);
  const created = Number.isFinite(at) ? at : 0;
  const fields = {
    projectId: task.projectId,
    column: task.columnId,
    sprintId: task.sprintId,
    estimate: task.estimate,
    originalEstimateSeconds: task.originalEstimateSeconds,
  } as const;
  const events: TaskLine['events'] = Object.entries(fields).map(([field, value], order) => ({
    at: created,
    order: -1000 + order,
    field: field as keyof typeof fields,
    value,
  }));
  if (task.archivedAt !== null) {
    // Archived since its archivedAt stamp (not since its creation): it counted until then.
    const archived = Date.parse(task.archivedAt);
    events.push({
      at: Number.isFinite(archived) ? Math.max(archived, created) : created,
      order: -1,
      field: 'live',
      value: task.archivedAt,
    });
  }
  return { id: task.id, createdAt: created, events };
}

export function projectHistory(
  doc: Y.Doc,
  timelines: Timelines,
  projectId: string,
  clock: { now: number; timeZone: string },
): ProjectHistory | undefined {
  const project = readProject(doc, projectId);
  if (!project) return undefined;
  const lines: TaskLine[] = [];
  for (const line of timelines.tasks.values()) {
    if (line.events.some((e) => e.field === 'projectId' && e.value === projectId)) lines.push(line);
  }
  // Only the tasks without a timeline are read (the ids cost nothing): reading all 10,000 would
  // cost more than the report.
  const reads = reportReads(doc);
  for (const id of listIds(doc, 'task')) {
    if (timelines.tasks.has(id)) continue;
    const task = reads.task(id);
    if (task?.projectId === projectId) lines.push(lineFromDocument(task));
  }
  const columns = readColumns(doc, projectId);
  const live = liveColumns(columns);
  return {
    projectId,
    unit: project.estimationUnit,
    timelines,
    lines,
    columns,
    firstColumnId: live[0]?.id ?? null,
    doneColumnId: live.at(-1)?.id ?? null,
    sprints: readSprints(doc, projectId),
    ...clock,
    describe(taskId) {
      const task = reads.task(taskId);
      return task
        ? { key: taskKey(project.key, task).text, title: task.title }
        : { key: '', title: '(deleted task)' };
    },
  };
}
