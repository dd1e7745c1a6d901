/**
 * A project's tasks as CSV, filtered by the board's own filter (the model's task-filter: text,
 * assignee, label, priority, due, sprint, type), live tasks in board order: columns left to right,
 * then rank. One row per task; descriptions as plain text.
 *
 * Formula injection: a spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (and, in
 * some, a tab or carriage return) as a formula, so a task titled `=HYPERLINK("http://evil",…)`
 * would act when someone opens the export. Every such cell gets a leading apostrophe, which
 * spreadsheets show as text and do not evaluate (OWASP's advice); the text after it is unchanged.
 * A negative estimate cannot exist (the model's limits), so numbers never need it.
 */
import {
  compileTaskFilter,
  effectiveSprintId,
  readBoard,
  readSprints,
  type Task,
  type TaskFilterSpec,
  taskKey,
} from '@taskflow/model';
import { stringify } from 'csv-stringify/sync';
import type * as Y from 'yjs';

export const CSV_COLUMNS = [
  'key',
  'title',
  'status',
  'priority',
  'assignee',
  'labels',
  'sprint',
  'estimate',
  'due',
  'created',
  'description',
] as const;

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell a spreadsheet shows as text: a leading apostrophe before anything it would evaluate. */
export function safeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export type ExportContext = {
  /** The person exporting (`me` in the filter). */
  me: string;
  now: number;
  timeZone: string;
  /** How assignees are written: `Name <email>` for members; a former member by the name the document keeps. */
  personOf: (userId: string) => string;
};

/** `WEB-tasks.csv`: the project's key is letters and digits only, so it is safe in a header. */
export function csvFileName(projectKey: string): string {
  return `${projectKey.replace(/[^A-Za-z0-9]/g, '')}-tasks.csv`;
}

/** The CSV text, header first, and the project's key; null when there is no such project. */
export function tasksCsv(
  doc: Y.Doc,
  projectId: string,
  spec: TaskFilterSpec,
  context: ExportContext,
): { text: string; projectKey: string } | null {
  const board = readBoard(doc, projectId);
  if (!board) return null;
  const sprints = new Map(readSprints(doc, projectId).map((s) => [s.id, s]));
  const sprintOf = (task: Pick<Task, 'id' | 'projectId' | 'sprintId'>) => effectiveSprintId(task, sprints);
  const matches = compileTaskFilter(spec, {
    me: context.me,
    now: context.now,
    timeZone: context.timeZone,
    projectKey: () => board.project.key,
    sprintOf,
  });
  const rows: string[][] = [];
  for (const column of board.columns) {
    for (const task of column.tasks) {
      if (!matches(task)) continue;
      const sprint = sprintOf(task);
      rows.push(
        [
          taskKey(board.project.key, task).text,
          task.title,
          column.name,
          task.priority,
          task.assignee === null ? '' : context.personOf(task.assignee),
          task.labels.join(', '),
          sprint === null ? '' : (sprints.get(sprint)?.name ?? ''),
          task.estimate === null ? '' : String(task.estimate),
          task.deadline ?? '',
          task.createdAt,
          task.description,
        ].map(safeCell),
      );
    }
  }
  const text = stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' });
  return { text, projectKey: board.project.key };
}
