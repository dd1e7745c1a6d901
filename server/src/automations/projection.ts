/**
 * The ticker's view of a workspace: one row per task with a deadline or a recurrence rule, read
 * through the model and written to `task_schedule` whenever the document is stored. The ticker
 * then queries only rows whose next reminder or occurrence is due (partial indexes), so its cost
 * per tick follows the due items, not the number of workspaces or tasks.
 */
import { liveColumns, readColumns, readProjects, readProjectTasks, taskKey } from '@taskflow/model';
import type * as Y from 'yjs';
import { endOfDayInstant, isValidTimeZone } from '../zoned-time.ts';
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
      // The model checked the rule's shape; the cron and the zone are checked here.
      const recurrence = task.recurrence === null ? null : parseRecurrenceRule(task.recurrence);
      if (task.deadline === null && recurrence === null) continue;
      const timeZone = zoneOf(task.assignee);
      rows.push({
        workspaceId: options.workspaceId,
        taskId: task.id,
        projectId: project.id,
        title: task.title,
        taskKey: task.number === null ? null : taskKey(project.key, task).text,
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
