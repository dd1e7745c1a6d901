/** Request schemas of the REST API (issue 3 contract). The OpenAPI document is generated from them. */
import {
  deadlineTimeSchema,
  ESTIMATION_UNITS,
  LIMITS,
  labelsSchema,
  PRIORITIES,
  PROJECT_MODES,
  projectKeySchema,
  TASK_TYPES,
  worklogSecondsSchema,
} from '@taskflow/model';
import { z } from 'zod';
import { PASSWORD_MAX, PASSWORD_MIN } from '../auth/passwords.ts';
import { recurrenceRuleSchema } from '../automations/recurrence.ts';
import { isValidTimeZone } from '../zoned-time.ts';

const id = z.string().min(1).max(200);
const email = z.string().trim().max(254).pipe(z.email());
const name = z.string().trim().min(1).max(LIMITS.name);

export const registerBody = z
  .object({
    email,
    password: z.string().min(PASSWORD_MIN).max(PASSWORD_MAX),
    name,
    /**
     * The browser's zone, so reminders follow the person from the start (changeable in settings).
     * A zone this server does not know is dropped rather than refusing the sign-up over it.
     */
    timeZone: z.string().max(100).refine(isValidTimeZone).optional().catch(undefined),
  })
  .strict();
export const loginBody = z
  .object({ email: z.string().max(254), password: z.string().max(PASSWORD_MAX) })
  .strict();

export const workspaceBody = z.object({ name }).strict();
export const inviteBody = z.object({ email, role: z.enum(['admin', 'member', 'viewer']) }).strict();
export const memberBody = z.object({ role: z.enum(['owner', 'admin', 'member', 'viewer']) }).strict();

/** A project's settings (SPEC M21, M22): its key, Kanban or Scrum, and what sprints count. */
const projectSettings = {
  /** 2 to 10 letters or digits, starting with a letter; stored uppercase. Default: from the name. */
  key: projectKeySchema,
  /** Default kanban. */
  mode: z.enum(PROJECT_MODES),
  /** Default points. */
  estimationUnit: z.enum(ESTIMATION_UNITS),
};
export const projectBody = z
  .object({ workspaceId: id, name, ...projectSettings })
  .partial({ key: true, mode: true, estimationUnit: true })
  .strict();
export const projectPatchBody = z
  .object({ name, ...projectSettings })
  .partial()
  .strict();

/** Disambiguates an id that exists in several of the caller's workspaces (the seeded project `first`). */
export const workspaceQuery = z.object({ workspaceId: id.optional() }).strict();

/**
 * A page of a list route (issue 13): at most `limit` items (default 100, at most 500) after
 * `cursor`, the previous page's `nextCursor` (opaque; null on the last page).
 */
export const pageFields = {
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z.string().min(1).max(2_000).optional(),
};
export const pageQuery = z.object(pageFields).strict();
/** A page of a list that lives in a workspace document (a project's sprints, a task's comments). */
export const workspacePageQuery = z.object({ workspaceId: id.optional(), ...pageFields }).strict();

/** Time estimates, in whole seconds, up to 10,000 hours; null clears one. */
const estimateSeconds = z.number().int().min(0).max(LIMITS.estimateSeconds).nullable();

const taskFields = {
  description: z.string().max(LIMITS.description),
  priority: z.enum(PRIORITIES),
  labels: labelsSchema,
  assignee: id.nullable(),
  deadline: z.iso.date().nullable(),
  /** The deadline's time of day and zone, `09:30 Europe/Paris` (issue 14); null: the day's end. */
  deadlineTime: deadlineTimeSchema.nullable(),
  estimate: z.number().min(0).max(LIMITS.estimate).nullable(),
  /** The sprint to plan it into (one of its project's sprints not completed); null = the backlog. */
  sprintId: id.nullable(),
  originalEstimateSeconds: estimateSeconds,
  /** Sets what remains; later worklogs count down from it (SPEC M23). */
  remainingEstimateSeconds: estimateSeconds,
  /** The issue type (issue 14); null is the default, a task. */
  type: z.enum(TASK_TYPES).nullable(),
  /** The task this one is a subtask of, in the same project (one level: a subtask has none); null: none. */
  parentId: id.nullable(),
  /** The epic (a task of type epic, in any project of the workspace) it belongs to; null: none. */
  epicId: id.nullable(),
};
const title = z.string().trim().min(1).max(LIMITS.title);

export const newTaskBody = z
  .object({
    projectId: id,
    /** Only needed when the project id exists in several of your workspaces. */
    workspaceId: id.optional(),
    title,
    columnId: id.optional(),
    ...taskFields,
  })
  .partial({
    description: true,
    priority: true,
    labels: true,
    assignee: true,
    deadline: true,
    deadlineTime: true,
    estimate: true,
    sprintId: true,
    originalEstimateSeconds: true,
    remainingEstimateSeconds: true,
    type: true,
    parentId: true,
    epicId: true,
  })
  .strict();

export const taskPatchBody = z
  .object({
    title,
    ...taskFields,
    /** A recurring-task rule (cron in a zone); null removes it. */
    recurrence: recurrenceRuleSchema.nullable(),
    columnId: id,
    index: z.number().int().min(0).max(1_000_000),
    archived: z.boolean(),
  })
  .partial()
  .strict();

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
export const taskListQuery = z
  .object({
    column: id,
    assignee: id,
    priority: z.enum(PRIORITIES),
    label: z.string().min(1).max(LIMITS.label),
    archived: bool,
    q: z.string().min(1).max(200),
    workspaceId: id,
  })
  .partial()
  .extend(pageFields)
  .strict();

export const commentBody = z.object({ body: z.string().trim().min(1).max(10_000) }).strict();

const day = z.iso.date();
const sprintFields = {
  name,
  goal: z.string().max(LIMITS.goal),
  /** Planned dates (`2026-03-02`); starting a sprint fills in what is missing (today, two weeks). */
  startDate: day.nullable(),
  endDate: day.nullable(),
};
export const sprintBody = z
  .object(sprintFields)
  .partial({ goal: true, startDate: true, endDate: true })
  .strict();
export const sprintPatchBody = z.object(sprintFields).partial().strict();
export const sprintCompleteBody = z
  .object({
    /** Where the open tasks go: "backlog", or the id of another sprint of the project not completed. */
    moveOpenTo: z.union([z.literal('backlog'), id]),
  })
  .strict();

const worklogFields = {
  /** Whole seconds, 1 to 7 days (a longer one is a typo; log it as several). */
  seconds: worklogSecondsSchema,
  /** When the work started; default: `seconds` before now. */
  startedAt: z.iso.datetime({ offset: true }),
  note: z.string().max(LIMITS.note),
};
export const worklogBody = z
  .object({
    ...worklogFields,
    /** Sets the task's remaining estimate instead of counting it down by `seconds`. */
    remainingEstimateSeconds: estimateSeconds,
  })
  .partial({ startedAt: true, note: true, remainingEstimateSeconds: true })
  .strict();
export const worklogPatchBody = z.object(worklogFields).partial().strict();
