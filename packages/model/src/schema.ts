/**
 * What the workspace document holds, as zod schemas. Everything read back from the Y.Doc goes
 * through these: a peer may run another version or be hostile, so bad data is repaired or
 * skipped, never trusted (SPEC M9).
 */
import { z } from 'zod';

/** Bumped when the document layout changes incompatibly; readers refuse to write newer layouts. */
export const SCHEMA_VERSION = 1;

export const PRIORITIES = ['lowest', 'low', 'medium', 'high', 'highest'] as const;
export const prioritySchema = z.enum(PRIORITIES);
export type Priority = z.infer<typeof prioritySchema>;

export const LIMITS = {
  title: 500,
  name: 120,
  description: 20_000,
  label: 40,
  labels: 20,
  estimate: 10_000,
  /** Time estimates: up to 10,000 hours. */
  estimateSeconds: 36_000_000,
  /** One worklog: at most a week (a longer one is a typo, not a day's work). */
  worklogSeconds: 7 * 24 * 3600,
  note: 2_000,
  goal: 2_000,
} as const;

/** A project's key as people type it: a letter, then letters or digits, 2 to 10 in all (Jira's rule). */
export const projectKeySchema = z
  .string()
  .trim()
  .transform((s) => s.toUpperCase())
  .pipe(
    z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/, 'A key is 2 to 10 letters or digits, starting with a letter.'),
  );

/** Kanban boards show every live task; Scrum boards show the active sprint (SPEC M22). */
export const PROJECT_MODES = ['kanban', 'scrum'] as const;
export type ProjectMode = (typeof PROJECT_MODES)[number];
/** What sprints, backlog sums and reports count: story points or original time estimates. */
export const ESTIMATION_UNITS = ['points', 'hours'] as const;
export type EstimationUnit = (typeof ESTIMATION_UNITS)[number];

const seconds = z.number().int().min(0).max(LIMITS.estimateSeconds);

const id = z.string().min(1).max(200);
const isoDate = z.iso.datetime({ offset: true });
/** A day without time, as Jira stores due dates: `2026-11-22`. */
const isoDay = z.iso.date();

/**
 * The optional time of day of a deadline and the IANA zone it is meant in, one string:
 * `09:00 Europe/Paris`. Beside `deadline`, not inside it: readers that know only the day (older
 * clients, the REST body, history, filters by day) keep reading `deadline` exactly as before, and
 * one value keeps the time and its zone together when two people set them at once (a Y.Map key is
 * last-writer-wins as a whole). It means nothing without a `deadline`; a day-only deadline is due
 * at the end of its day. The zone's existence is checked where it is used, as for recurrence.
 */
export const deadlineTimeSchema = z
  .string()
  .max(80)
  .regex(/^([01]\d|2[0-3]):[0-5]\d [A-Za-z0-9_+\-/]{1,64}$/, 'A time is HH:MM and a time zone.');
export type DeadlineTime = { time: string; timeZone: string };

/** `09:00 Europe/Paris` as its parts, or null when it is not one. */
export function parseDeadlineTime(text: string | null): DeadlineTime | null {
  if (text === null || !deadlineTimeSchema.safeParse(text).success) return null;
  const space = text.indexOf(' ');
  return { time: text.slice(0, space), timeZone: text.slice(space + 1) };
}

/** The stored form of a time of day in a zone. */
export function deadlineTimeText(time: string, timeZone: string): string {
  return `${time} ${timeZone}`;
}

/** One writer's entry in a task's placement register (SPEC M4). */
export const placementSchema = z.object({
  col: id,
  rank: z.string().min(1).max(200),
  hlc: z.number().int().nonnegative(),
  moveId: id,
  by: id,
});
export type Placement = z.infer<typeof placementSchema>;

export const personSchema = z.object({ name: z.string().min(1).max(LIMITS.name) });

export const labelsSchema = z.array(z.string().min(1).max(LIMITS.label)).max(LIMITS.labels);

/**
 * A recurring-task rule (SPEC M13): a 5-field cron expression in an IANA zone, paused or not, and
 * the occurrences to skip (ISO instants). The model checks the shape only; the server checks that
 * the cron parses and the zone exists before it creates anything, and ignores a rule that does not.
 */
export const recurrenceSchema = z.object({
  cron: z.string().trim().min(1).max(120),
  timeZone: z.string().min(1).max(100),
  paused: z.boolean().default(false),
  skip: z.array(isoDate).max(200).default([]),
});
export type Recurrence = z.infer<typeof recurrenceSchema>;

/** Issue types, as in Jira; a missing or null type reads as `task` (tasks made before types existed). */
export const TASK_TYPES = ['task', 'bug', 'story', 'epic'] as const;
export const taskTypeSchema = z.enum(TASK_TYPES);
export type TaskType = z.infer<typeof taskTypeSchema>;

/** Fields a person may set on a task; the rest are bookkeeping the operations maintain. */
export const taskPatchSchema = z
  .object({
    title: z.string().trim().min(1).max(LIMITS.title),
    description: z.string().max(LIMITS.description),
    priority: prioritySchema,
    labels: labelsSchema,
    assignee: id.nullable(),
    deadline: isoDay.nullable(),
    /** `HH:MM <zone>` or null (day-only); clearing `deadline` clears it too (updateTask). */
    deadlineTime: deadlineTimeSchema.nullable(),
    estimate: z.number().min(0).max(LIMITS.estimate).nullable(),
    recurrence: recurrenceSchema.nullable(),
    /** The sprint the task is planned into, or null for the backlog (SPEC M22). */
    sprintId: id.nullable(),
    originalEstimateSeconds: seconds.nullable(),
    remainingEstimateSeconds: seconds.nullable(),
    /** Null is the default type, `task` (so undo can put back a type first set on an old task). */
    type: taskTypeSchema.nullable(),
    /** The task this one is a subtask of (same project; structure.ts checks the rest). */
    parentId: id.nullable(),
    /** The epic this task belongs to (a task of type epic, any project of the workspace). */
    epicId: id.nullable(),
  })
  .partial()
  .strict();
export type TaskPatch = z.infer<typeof taskPatchSchema>;
export type EditableTaskField = keyof TaskPatch;
/** The task fields a person sets (what history reports, restore writes back and undo puts back). */
export const EDITABLE_TASK_FIELDS = Object.keys(taskPatchSchema.shape) as readonly EditableTaskField[];

export const newTaskSchema = taskPatchSchema.extend({
  title: z.string().trim().min(1).max(LIMITS.title),
  projectId: id,
  columnId: id.optional(),
  id: id.optional(),
});
export type NewTask = z.input<typeof newTaskSchema>;

export const nameSchema = z.string().trim().min(1).max(LIMITS.name);

/** Task fields as stored; each is checked separately so one bad field does not cost the task. */
export const storedTaskFields = {
  projectId: id,
  title: z.string().max(LIMITS.title),
  description: z.string().max(LIMITS.description),
  priority: prioritySchema,
  labels: labelsSchema,
  assignee: id.nullable(),
  deadline: isoDay.nullable(),
  deadlineTime: deadlineTimeSchema.nullable(),
  estimate: z.number().min(0).max(LIMITS.estimate).nullable(),
  recurrence: recurrenceSchema.nullable(),
  sprintId: id.nullable(),
  originalEstimateSeconds: seconds.nullable(),
  remainingEstimateSeconds: seconds.nullable(),
  remainingSetSpent: z.number().int().min(0),
  type: taskTypeSchema.nullable(),
  parentId: id.nullable(),
  epicId: id.nullable(),
  number: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  planRank: z.string().min(1).max(200),
  createdBy: id,
  createdAt: isoDate,
  updatedBy: id,
  updatedAt: isoDate,
  archivedAt: isoDate.nullable(),
} as const;

export type Task = {
  id: string;
  projectId: string;
  title: string;
  description: string;
  priority: Priority;
  labels: string[];
  assignee: string | null;
  deadline: string | null;
  /** Its time of day and zone (`09:00 Europe/Paris`); null: due when the day ends (always without a deadline). */
  deadlineTime: string | null;
  estimate: number | null;
  /** A recurring-task rule, or null (SPEC M13). */
  recurrence: Recurrence | null;
  /** The sprint it was planned into, as written (null = backlog); `effectiveSprintId` resolves closed ones (SPEC M22). */
  sprintId: string | null;
  originalEstimateSeconds: number | null;
  /** The remaining estimate as last set (see timeTracking for what it is now). */
  remainingEstimateSeconds: number | null;
  /** Time spent when the remaining estimate was set: later worklogs count down from it. */
  remainingSetSpent: number;
  type: TaskType;
  /** The parent as stored; `effectiveParentId` (structure.ts) says whether it counts. */
  parentId: string | null;
  /** The epic as stored; `effectiveEpicId` (structure.ts) says whether it counts. */
  epicId: string | null;
  /** Its number in the project (`WEB-12`), given by the server; null until the server has seen it (SPEC M21). */
  number: number | null;
  /** Order in the backlog and sprints (fractional index; ties by id). */
  planRank: string;
  /** People who chose to watch the task, sorted (SPEC M14). */
  watchers: string[];
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
  archivedAt: string | null;
  /** The column the task is shown in, after repairs (SPEC M6). */
  columnId: string;
  rank: string;
  /** The winning placement entry: who moved it last and when. */
  movedBy: string;
  movedAt: number;
};

export type Column = {
  id: string;
  projectId: string;
  name: string;
  rank: string;
  archivedAt: string | null;
};

export type Project = {
  id: string;
  name: string;
  key: string;
  mode: ProjectMode;
  estimationUnit: EstimationUnit;
  createdBy: string;
  createdAt: string;
  archivedAt: string | null;
};
