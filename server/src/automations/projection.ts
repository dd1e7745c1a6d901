/**
 * The ticker's view of a workspace: one row per task with a deadline or a recurrence rule, read
 * through the model and written to `task_schedule` whenever the document is stored. The ticker
 * then queries only rows whose next reminder or occurrence is due (partial indexes), so its cost
 * per tick follows the due items, not the number of workspaces or tasks.
 */
import { liveColumns, readColumns, readProjects, readProjectTasks } from '@taskflow/model';
import type * as Y from 'yjs';
import { parseRecurrenceRule, type RecurrenceRule } from './recurrence.ts';
import { endOfDayInstant, isValidTimeZone } from './zoned-time.ts';

export type ScheduleRow = {
  workspaceId: string;
  taskId: string;
  projectId: string;
  title: string;
  /** The ISO day people set, or null. */
  deadline: string | null;
  /** The end of that day in `timeZone`: a Jira-style day deadline is due when the day is over. */
  deadlineAt: number | null;
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

/**
 * The model does not know recurrence rules yet: they live under the task's `recurrence` key and
 * are validated here, as anything read from a document must be. When the model gains the field
 * (storedTaskFields + readTaskFields + taskPatchSchema), read it from the Task instead.
 */
function rawRecurrence(doc: Y.Doc, taskId: string): unknown {
  const task = doc.getMap<unknown>('tasks').get(taskId) as { get?: (key: string) => unknown } | undefined;
  return typeof task?.get === 'function' ? task.get('recurrence') : undefined;
}

export function projectSchedule(doc: Y.Doc, options: ProjectionOptions): ScheduleRow[] {
  const fallbackZone = isValidTimeZone(options.workspaceTimeZone) ? options.workspaceTimeZone : 'UTC';
  const zoneOf = (userId: string | null): string => {
    const zone = userId === null ? undefined : options.timeZoneOf(userId);
    return zone !== undefined && isValidTimeZone(zone) ? zone : fallbackZone;
  };
  const rows: ScheduleRow[] = [];
  for (const project of readProjects(doc)) {
    // "Done" is the project's last live column. A one-column board has no "done" column: else
    // every task on it would count as finished and never be reminded of.
    const live = liveColumns(readColumns(doc, project.id));
    const lastColumn = live.length > 1 ? live.at(-1)?.id : undefined;
    for (const task of readProjectTasks(doc, project.id)) {
      const raw = rawRecurrence(doc, task.id);
      const recurrence = raw === undefined || raw === null ? null : parseRecurrenceRule(raw);
      if (task.deadline === null && recurrence === null) continue;
      const timeZone = zoneOf(task.assignee);
      rows.push({
        workspaceId: options.workspaceId,
        taskId: task.id,
        projectId: project.id,
        title: task.title,
        deadline: task.deadline,
        deadlineAt: task.deadline === null ? null : endOfDayInstant(task.deadline, timeZone),
        timeZone,
        assignee: task.assignee,
        createdBy: task.createdBy,
        done: task.archivedAt === null && task.columnId === lastColumn,
        // An archived project takes its tasks off everyone's radar.
        archived: task.archivedAt !== null || project.archivedAt !== null,
        recurrence,
      });
    }
  }
  return rows;
}
