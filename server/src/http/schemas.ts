/** Request schemas of the REST API (issue 3 contract). The OpenAPI document is generated from them. */
import { LIMITS, labelsSchema, PRIORITIES } from '@taskflow/model';
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

export const projectBody = z.object({ workspaceId: id, name }).strict();

/** Disambiguates an id that exists in several of the caller's workspaces (the seeded project `first`). */
export const workspaceQuery = z.object({ workspaceId: id.optional() }).strict();

const taskFields = {
  description: z.string().max(LIMITS.description),
  priority: z.enum(PRIORITIES),
  labels: labelsSchema,
  assignee: id.nullable(),
  deadline: z.iso.date().nullable(),
  estimate: z.number().min(0).max(LIMITS.estimate).nullable(),
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
    estimate: true,
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
  .strict();

export const commentBody = z.object({ body: z.string().trim().min(1).max(10_000) }).strict();
