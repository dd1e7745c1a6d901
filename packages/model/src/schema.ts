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
} as const;

const id = z.string().min(1).max(200);
const isoDate = z.iso.datetime({ offset: true });
/** A day without time, as Jira stores due dates: `2026-11-22`. */
const isoDay = z.iso.date();

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

/** Fields a person may set on a task; the rest are bookkeeping the operations maintain. */
export const taskPatchSchema = z
  .object({
    title: z.string().trim().min(1).max(LIMITS.title),
    description: z.string().max(LIMITS.description),
    priority: prioritySchema,
    labels: labelsSchema,
    assignee: id.nullable(),
    deadline: isoDay.nullable(),
    estimate: z.number().min(0).max(LIMITS.estimate).nullable(),
    recurrence: recurrenceSchema.nullable(),
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
  estimate: z.number().min(0).max(LIMITS.estimate).nullable(),
  recurrence: recurrenceSchema.nullable(),
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
  estimate: number | null;
  /** A recurring-task rule, or null (SPEC M13). */
  recurrence: Recurrence | null;
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
  createdBy: string;
  createdAt: string;
  archivedAt: string | null;
};
