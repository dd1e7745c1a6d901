/**
 * Reminders and recurrence over REST: a workspace's reminder settings (admins change them; the
 * schedule is re-projected at once), the recurrence preview for the task panel, and the dead letters
 * of the outbox for those whose role may manage them (`deadletters.manage`).
 */
import { z } from 'zod';
import { previewOccurrences, recurrenceRuleSchema } from '../../automations/recurrence.ts';
import { ApiError, notFound } from '../../errors.ts';
import { isValidTimeZone } from '../../zoned-time.ts';
import type { ApiDeps } from '../api-types.ts';
import { type WorkspaceRef, workspaceParam } from '../gate.ts';
import type { RouteTable } from '../route-table.ts';
import { pageQuery } from '../schemas.ts';
import { param, parse } from '../validate.ts';
import { decodePageCursor, encodePageCursor } from './paging.ts';

const HOUR = 3_600_000;

/** Where a page of dead letters ended: the last one's deadAt (ms) and id. */
const deadLetterKey = z.tuple([z.number().int(), z.number().int()]);

export const settingsBody = z
  .object({
    reminderLeadHours: z.number().min(0).max(168),
    escalateAfterHours: z.number().min(0).max(168),
    timeZone: z.string().max(100).refine(isValidTimeZone, 'not a known IANA time zone'),
  })
  .partial()
  .strict();
export const previewQuery = z
  .object({ cron: z.string().min(1).max(120), timeZone: z.string().max(100).default('UTC') })
  .strict();

export function automationRoutes(
  routes: RouteTable,
  deps: Pick<
    ApiDeps,
    'automationSettings' | 'projection' | 'outbox' | 'now' | 'entities' | 'workspaces' | 'hocuspocus'
  >,
): void {
  const view = (ws: string) => {
    const v = deps.automationSettings.get(ws);
    return {
      reminderLeadHours: v.leadMs / HOUR,
      escalateAfterHours: v.escalateAfterMs / HOUR,
      timeZone: v.timeZone,
    };
  };

  routes.inWorkspace(
    {
      method: 'get',
      path: '/workspaces/:id/settings',
      summary: "The workspace's reminder settings: lead time, escalation delay, default time zone.",
      action: 'workspace.read',
      workspace: workspaceParam,
      status: 200,
      errors: ['unauthenticated', 'not_found'],
    },
    (c, { workspace }) => c.json({ settings: view(workspace) }, 200),
  );

  routes.inWorkspace(
    {
      method: 'patch',
      path: '/workspaces/:id/settings',
      summary: 'Change reminder settings (admins); reminders are rescheduled at once.',
      action: 'workspace.settings',
      workspace: workspaceParam,
      body: settingsBody,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'invalid_input'],
    },
    (c, { workspace: ws, body }) => {
      deps.automationSettings.set(ws, {
        ...(body.reminderLeadHours !== undefined
          ? { leadMs: Math.round(body.reminderLeadHours * HOUR) }
          : {}),
        ...(body.escalateAfterHours !== undefined
          ? { escalateAfterMs: Math.round(body.escalateAfterHours * HOUR) }
          : {}),
        ...(body.timeZone !== undefined ? { timeZone: body.timeZone } : {}),
      });
      deps.projection.reproject(ws);
      return c.json({ settings: view(ws) }, 200);
    },
  );

  // A pure computation on the caller's input: nothing of any workspace is read.
  routes.forCaller(
    {
      method: 'get',
      path: '/recurrence/preview',
      summary: 'The next 5 occurrences of a cron rule in a time zone, or 400 with why the rule is invalid.',
      query: previewQuery,
      status: 200,
      errors: ['unauthenticated', 'invalid_input'],
    },
    (c, { query: q }) => {
      const rule = parse(recurrenceRuleSchema, { cron: q.cron, timeZone: q.timeZone }, 'recurrence rule');
      return c.json({ occurrences: previewOccurrences(rule, deps.now(), 5).map((o) => o.at) }, 200);
    },
  );

  routes.acrossWorkspaces(
    {
      method: 'get',
      path: '/admin/dead-letters',
      summary:
        'Emails that failed for good, in the workspaces I own or administer, newest first (deadAt, then id), a page at a time (limit, cursor).',
      action: 'deadletters.manage',
      query: pageQuery,
      status: 200,
      errors: ['unauthenticated', 'invalid_input'],
    },
    (c, { workspaces, query: q }) => {
      const before =
        q.cursor === undefined
          ? undefined
          : (([deadAt, id]) => ({ deadAt, id }))(decodePageCursor('dead-letters', deadLetterKey, q.cursor));
      const dead = deps.outbox.deadLetters({ workspaceIds: workspaces, limit: q.limit + 1, before });
      const page = dead.slice(0, q.limit);
      const last = page.at(-1);
      return c.json(
        {
          deadLetters: page.map((m) => ({
            id: m.id,
            workspaceId: m.workspaceId,
            kind: m.kind,
            userId: m.userId,
            attempts: m.attempts,
            lastError: m.lastError,
            createdAt: new Date(m.createdAt).toISOString(),
            deadAt: new Date(m.deadAt ?? m.createdAt).toISOString(),
          })),
          nextCursor:
            dead.length > q.limit && last
              ? encodePageCursor('dead-letters', [last.deadAt ?? last.createdAt, last.id])
              : null,
        },
        200,
      );
    },
  );

  /**
   * A dead letter's workspace. One that is not dead, or belongs to no workspace (account mail), is
   * nobody's to retry; and to anyone who may not manage it, it does not exist either.
   */
  const deadLetter: WorkspaceRef = {
    param: 'id',
    hidden: 'That dead letter',
    resolve: (raw) => {
      const id = Number(raw);
      const message = Number.isSafeInteger(id) ? deps.outbox.get(id) : undefined;
      if (!message || message.deadAt === null || message.workspaceId === null)
        throw notFound('That dead letter');
      return message.workspaceId;
    },
  };

  routes.inWorkspace(
    {
      method: 'post',
      path: '/admin/dead-letters/:id/retry',
      summary: 'Send a dead letter again, with a fresh retry budget (owners and admins of its workspace).',
      action: 'deadletters.manage',
      workspace: deadLetter,
      status: 200,
      errors: ['unauthenticated', 'not_found'],
    },
    (c) => {
      const id = Number(param(c, 'id'));
      if (!deps.outbox.retry(id, deps.now()))
        throw new ApiError('not_found', 'That dead letter does not exist.');
      return c.json({ retried: id }, 200);
    },
  );
}
