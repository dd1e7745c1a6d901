/**
 * Reminders and recurrence over REST: a workspace's reminder settings (admins change them; the
 * schedule is re-projected at once), a task's activity (every reminder, escalation and recurring
 * occurrence the ticker recorded), the recurrence preview for the task panel, and the dead letters
 * of the outbox for workspace owners and admins.
 */
import { z } from 'zod';
import { previewOccurrences, recurrenceRuleSchema } from '../../automations/recurrence.ts';
import { ApiError, notFound } from '../../errors.ts';
import { isValidTimeZone } from '../../zoned-time.ts';
import type { ApiDeps } from '../api-types.ts';
import { authorize } from '../authorize.ts';
import { locate } from '../locate.ts';
import type { RouteTable } from '../route-table.ts';
import { workspaceQuery } from '../schemas.ts';
import { param, parse, readBody, readQuery } from '../validate.ts';

const HOUR = 3_600_000;

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

export function automationRoutes(routes: RouteTable, deps: ApiDeps): void {
  const s = deps.services;
  const view = (ws: string) => {
    const v = s.automationSettings.get(ws);
    return {
      reminderLeadHours: v.leadMs / HOUR,
      escalateAfterHours: v.escalateAfterMs / HOUR,
      timeZone: v.timeZone,
    };
  };

  routes.add(
    {
      method: 'get',
      path: '/workspaces/:id/settings',
      summary: "The workspace's reminder settings: lead time, escalation delay, default time zone.",
      auth: true,
      action: 'workspace.read',
      status: 200,
      errors: ['unauthenticated', 'not_found'],
    },
    (c) => {
      const ws = param(c, 'id');
      authorize(deps, ws, c.get('auth').user.id, 'workspace.read');
      return c.json({ settings: view(ws) }, 200);
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/workspaces/:id/settings',
      summary: 'Change reminder settings (admins); reminders are rescheduled at once.',
      auth: true,
      action: 'workspace.settings',
      body: settingsBody,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'invalid_input'],
    },
    async (c) => {
      const ws = param(c, 'id');
      authorize(deps, ws, c.get('auth').user.id, 'workspace.settings');
      const body = await readBody(c, settingsBody);
      s.automationSettings.set(ws, {
        ...(body.reminderLeadHours !== undefined
          ? { leadMs: Math.round(body.reminderLeadHours * HOUR) }
          : {}),
        ...(body.escalateAfterHours !== undefined
          ? { escalateAfterMs: Math.round(body.escalateAfterHours * HOUR) }
          : {}),
        ...(body.timeZone !== undefined ? { timeZone: body.timeZone } : {}),
      });
      deps.automations.projection.reproject(ws);
      return c.json({ settings: view(ws) }, 200);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/tasks/:id/activity',
      summary:
        'What the server did on a task: reminders, escalations and recurring occurrences, newest first.',
      auth: true,
      action: 'task.read',
      query: workspaceQuery,
      status: 200,
      errors: ['unauthenticated', 'not_found', 'conflict'],
    },
    async (c) => {
      const { user } = c.get('auth');
      const id = param(c, 'id');
      const ws = await locate(deps, 'task', id, user.id, readQuery(c, workspaceQuery).workspaceId);
      authorize(deps, ws, user.id, 'task.read');
      const activity = s.fired.activity(ws, id).map((r) => ({
        type: r.kind === 'occurrence' ? 'occurrence' : r.kind === 'overdue' ? 'escalation' : 'reminder',
        step: r.kind,
        /** The deadline instant of the chain, or the occurrence's instant. */
        at: new Date(r.deadlineAt).toISOString(),
        firedAt: new Date(r.firedAt).toISOString(),
        /** Recorded but not sent, because a later step of the same chain was due too (downtime). */
        superseded: r.superseded,
      }));
      return c.json({ activity }, 200);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/recurrence/preview',
      summary: 'The next 5 occurrences of a cron rule in a time zone, or 400 with why the rule is invalid.',
      auth: true,
      query: previewQuery,
      status: 200,
      errors: ['unauthenticated', 'invalid_input'],
    },
    (c) => {
      const q = readQuery(c, previewQuery);
      const rule = parse(recurrenceRuleSchema, { cron: q.cron, timeZone: q.timeZone }, 'recurrence rule');
      return c.json({ occurrences: previewOccurrences(rule, s.now(), 5).map((o) => o.at) }, 200);
    },
  );

  /** Where someone may see and retry failed emails: the workspaces they own or administer. */
  const ownedWorkspaces = (userId: string) =>
    s.workspaces
      .listFor(userId)
      .filter((m) => m.role === 'owner' || m.role === 'admin')
      .map((m) => m.id);

  routes.add(
    {
      method: 'get',
      path: '/admin/dead-letters',
      summary: 'Emails that failed for good, in the workspaces I own or administer, newest first.',
      auth: true,
      status: 200,
      errors: ['unauthenticated'],
    },
    (c) => {
      const owned = ownedWorkspaces(c.get('auth').user.id);
      const dead = s.outbox.deadLetters({ workspaceIds: owned, limit: 200 });
      return c.json(
        {
          deadLetters: dead.map((m) => ({
            id: m.id,
            workspaceId: m.workspaceId,
            kind: m.kind,
            userId: m.userId,
            attempts: m.attempts,
            lastError: m.lastError,
            createdAt: new Date(m.createdAt).toISOString(),
            deadAt: new Date(m.deadAt ?? m.createdAt).toISOString(),
          })),
        },
        200,
      );
    },
  );

  routes.add(
    {
      method: 'post',
      path: '/admin/dead-letters/:id/retry',
      summary: 'Send a dead letter again, with a fresh retry budget (owners and admins of its workspace).',
      auth: true,
      status: 200,
      errors: ['unauthenticated', 'not_found'],
    },
    (c) => {
      const id = Number(param(c, 'id'));
      const owned = new Set(ownedWorkspaces(c.get('auth').user.id));
      const message = Number.isSafeInteger(id) ? s.outbox.get(id) : undefined;
      if (
        !message ||
        message.deadAt === null ||
        message.workspaceId === null ||
        !owned.has(message.workspaceId)
      )
        throw notFound('That dead letter');
      if (!s.outbox.retry(id, s.now())) throw new ApiError('not_found', 'That dead letter does not exist.');
      return c.json({ retried: id }, 200);
    },
  );
}
