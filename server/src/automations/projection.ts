/**
 * The ticker's view of a workspace: one row per task with a deadline or a recurrence rule, read
 * through the model and written to `task_schedule` whenever the document is stored. The ticker
 * then queries only rows whose next reminder or occurrence is due (partial indexes), so its cost
 * per tick follows the due items, not the number of workspaces or tasks.
 */
import {
  liveColumns,
  type Project,
  parseDeadlineTime,
  readColumns,
  readProject,
  readProjects,
  readProjectTasks,
  readTask,
  type Task,
  taskKey,
} from '@taskflow/model';
import type * as Y from 'yjs';
import { endOfDayInstant, isValidTimeZone, wallTimeToInstant } from '../zoned-time.ts';
import { parseRecurrenceRule, type RecurrenceRule } from './recurrence.ts';

export type ScheduleRow = {
  workspaceId: string;
  taskId: string;
  projectId: string;
  title: string;
  /** The task's final key (`WEB-12`), or null before the server numbered it (SPEC M21). */
  taskKey?: string | null;
  /** The ISO day people set, or null. */
  deadline: string | null;
  /**
   * When it is due: the task's time of day in `timeZone` when it has one, else the end of the day
   * in `timeZone` (a Jira-style day deadline is due when the day is over).
   */
  deadlineAt: number | null;
  /** The deadline time's own zone when it has a time, else the assignee's, else the workspace's. */
  timeZone: string;
  assignee: string | null;
  createdBy: string;
  done: boolean;
  archived: boolean;
  recurrence: RecurrenceRule | null;
};

export type ProjectionOptions = {
  workspaceId: string;
  /** The workspace's zone (settings.ts); used for unassigned tasks and assignees without one. */
  workspaceTimeZone: string;
  /** A member's zone from their account, or undefined when unknown. */
  timeZoneOf: (userId: string) => string | undefined;
};

type ProjectView = { id: string; key: string; archived: boolean; lastColumn: string | undefined };

/** What a row needs of its project: its key, whether it is archived, and its "done" column. */
function projectView(doc: Y.Doc, project: Project): ProjectView {
  // "Done" is the project's last live column. A one-column board has no "done" column: else
  // every task on it would count as finished and never be reminded of.
  const live = liveColumns(readColumns(doc, project.id));
  return {
    id: project.id,
    key: project.key,
    archived: project.archivedAt !== null,
    lastColumn: live.length > 1 ? live.at(-1)?.id : undefined,
  };
}

function zones(options: ProjectionOptions): (userId: string | null) => string {
  const fallbackZone = isValidTimeZone(options.workspaceTimeZone) ? options.workspaceTimeZone : 'UTC';
  return (userId) => {
    const zone = userId === null ? undefined : options.timeZoneOf(userId);
    return zone !== undefined && isValidTimeZone(zone) ? zone : fallbackZone;
  };
}

/** The instant a deadline day (and its `HH:MM`, when it has one) names in a zone. */
export function deadlineInstant(day: string, time: string | null, timeZone: string): number {
  if (time === null) return endOfDayInstant(day, timeZone);
  const [year, month, date] = day.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  return wallTimeToInstant(
    {
      year: year ?? 1970,
      month: month ?? 1,
      day: date ?? 1,
      hour: hour ?? 0,
      minute: minute ?? 0,
      second: 0,
    },
    timeZone,
  );
}

/** The task's row, or null when it has neither a deadline nor a rule (it needs no row). */
function rowOf(
  task: Task,
  project: ProjectView,
  zoneOf: (userId: string | null) => string,
  workspaceId: string,
): ScheduleRow | null {
  // The model checked the rule's shape; the cron and the zone are checked here.
  const recurrence = task.recurrence === null ? null : parseRecurrenceRule(task.recurrence);
  if (task.deadline === null && recurrence === null) return null;
  // A time of day names one instant for everyone, so it is read in the zone it was set in; a
  // zone this runtime does not know reads the time in the assignee's zone instead.
  const timed = parseDeadlineTime(task.deadlineTime);
  const timeZone = timed && isValidTimeZone(timed.timeZone) ? timed.timeZone : zoneOf(task.assignee);
  return {
    workspaceId,
    taskId: task.id,
    projectId: project.id,
    title: task.title,
    taskKey: task.number === null ? null : taskKey(project.key, task).text,
    deadline: task.deadline,
    deadlineAt: task.deadline === null ? null : deadlineInstant(task.deadline, timed?.time ?? null, timeZone),
    timeZone,
    assignee: task.assignee,
    createdBy: task.createdBy,
    done: task.archivedAt === null && task.columnId === project.lastColumn,
    // An archived project takes its tasks off everyone's radar.
    archived: task.archivedAt !== null || project.archived,
    recurrence,
  };
}

/** Every row of the workspace: one walk over each project's tasks (load, catch-up, settings). */
export function projectSchedule(doc: Y.Doc, options: ProjectionOptions): ScheduleRow[] {
  const zoneOf = zones(options);
  const rows: ScheduleRow[] = [];
  for (const project of readProjects(doc)) {
    const view = projectView(doc, project);
    for (const task of readProjectTasks(doc, project.id)) {
      const row = rowOf(task, view, zoneOf, options.workspaceId);
      if (row) rows.push(row);
    }
  }
  return rows;
}

/** The rows of some tasks: each one's row to write, or its id when it should have none. */
export type PartialProjection = { rows: ScheduleRow[]; removed: string[] };

/**
 * The rows of just these tasks, read one by one (what a burst of edits touched): the same rows
 * `projectSchedule` gives them. A task that is gone, whose project is gone, or that has neither a
 * deadline nor a rule is in `removed`.
 */
export function projectScheduleOf(
  doc: Y.Doc,
  options: ProjectionOptions,
  taskIds: Iterable<string>,
): PartialProjection {
  const zoneOf = zones(options);
  const views = new Map<string, ProjectView | null>();
  const out: PartialProjection = { rows: [], removed: [] };
  for (const id of taskIds) {
    const task = readTask(doc, id);
    let view = task ? views.get(task.projectId) : null;
    if (task && view === undefined) {
      const project = readProject(doc, task.projectId);
      view = project ? projectView(doc, project) : null;
      views.set(task.projectId, view);
    }
    const row = task && view ? rowOf(task, view, zoneOf, options.workspaceId) : null;
    if (row) out.rows.push(row);
    else out.removed.push(id);
  }
  return out;
}
