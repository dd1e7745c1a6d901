/**
 * The bell and email preferences over REST: a user's own notifications (newest first, by cursor),
 * marking read (each change pushes the new unread count to their open tabs), preferences, their
 * time zone, and the one-click unsubscribe link from emails (no sign-in: the signed token is the
 * credential).
 */
import { LIMITS } from '@taskflow/model';
import { z } from 'zod';
import { ApiError, notFound } from '../../errors.ts';
import { MAX_PAGE } from '../../notifications/in-app.ts';
import { notificationKindSchema } from '../../notifications/kinds.ts';
import { emailModeSchema } from '../../notifications/prefs.ts';
import { verifyUnsubscribeToken } from '../../notifications/unsubscribe.ts';
import { isValidTimeZone } from '../../zoned-time.ts';
import type { ApiDeps } from '../api-types.ts';
import type { RouteTable } from '../route-table.ts';
import { param, readQuery } from '../validate.ts';
import { renameUser } from './account.ts';

export const notificationListQuery = z
  .object({
    before: z.coerce.number().int().positive().optional(),
    limit: z.coerce.number().int().min(1).max(MAX_PAGE).optional(),
    unread: z.enum(['true', 'false']).optional(),
  })
  .strict();
// zod 4's z.record over an enum wants every key; a patch names only the kinds it changes.
export const prefsBody = z.partialRecord(notificationKindSchema, emailModeSchema);
export const meBody = z
  .object({
    timeZone: z.string().max(100).refine(isValidTimeZone, 'not a known IANA time zone').optional(),
    /** My display name, as members see it on boards (issue 15). */
    name: z.string().trim().min(1).max(LIMITS.name).optional(),
  })
  .strict()
  .refine((b) => b.timeZone !== undefined || b.name !== undefined, 'name a time zone or a name');
export const unsubscribeQuery = z.object({ token: z.string().min(1).max(500) }).strict();

export function notificationRoutes(
  routes: RouteTable,
  deps: Pick<
    ApiDeps,
    | 'inApp'
    | 'prefs'
    | 'users'
    | 'push'
    | 'projection'
    | 'unsubscribeSecret'
    | 'workspaces'
    | 'hocuspocus'
    | 'logger'
  >,
): void {
  const { inApp, prefs, users, push } = deps;

  routes.forCaller(
    {
      method: 'get',
      path: '/notifications',
      summary: "My notifications, newest first. Page with `before` = the previous page's nextCursor.",
      query: notificationListQuery,
      status: 200,
      errors: ['unauthenticated', 'invalid_input'],
    },
    (c, { user, query: q }) => {
      const page = inApp.list(user.id, { before: q.before, limit: q.limit, unreadOnly: q.unread === 'true' });
      return c.json({ ...page, unread: inApp.unreadCount(user.id) }, 200);
    },
  );

  routes.forCaller(
    {
      method: 'get',
      path: '/notifications/unread-count',
      summary: 'How many of my notifications are unread.',
      status: 200,
      errors: ['unauthenticated'],
    },
    (c, { user }) => c.json({ unread: inApp.unreadCount(user.id) }, 200),
  );

  routes.forCaller(
    {
      method: 'patch',
      path: '/notifications/:id/read',
      summary: 'Mark one of my notifications read (idempotent).',
      status: 200,
      errors: ['unauthenticated', 'not_found'],
    },
    (c, { user }) => {
      const id = Number(param(c, 'id'));
      if (!Number.isSafeInteger(id) || id <= 0 || !inApp.markRead(id, user.id))
        throw notFound('That notification');
      push.unreadChanged([user.id]);
      return c.json({ unread: inApp.unreadCount(user.id) }, 200);
    },
  );

  routes.forCaller(
    {
      method: 'post',
      path: '/notifications/read-all',
      summary: 'Mark all my notifications read.',
      status: 200,
      errors: ['unauthenticated'],
    },
    (c, { user }) => {
      const changed = inApp.markAllRead(user.id);
      push.unreadChanged([user.id]);
      return c.json({ changed, unread: inApp.unreadCount(user.id) }, 200);
    },
  );

  routes.forCaller(
    {
      method: 'get',
      path: '/me/notification-preferences',
      summary: 'Which events I get by email: off, immediate or digest (daily, 08:00 in my zone).',
      status: 200,
      errors: ['unauthenticated'],
    },
    (c, { user }) => c.json({ email: prefs.all(user.id) }, 200),
  );

  routes.forCaller(
    {
      method: 'put',
      path: '/me/notification-preferences',
      summary: 'Set email modes per event kind; kinds left out keep their current mode.',
      body: prefsBody,
      status: 200,
      errors: ['unauthenticated', 'invalid_input'],
    },
    (c, { user, body }) => {
      prefs.setMany(user.id, body);
      return c.json({ email: prefs.all(user.id) }, 200);
    },
  );

  routes.forCaller(
    {
      method: 'patch',
      path: '/me',
      summary:
        'Set my time zone (IANA name; reminders and my digest follow it) and/or my display name (members see it at once).',
      body: meBody,
      status: 200,
      errors: ['unauthenticated', 'invalid_input'],
    },
    async (c, { user, body: { timeZone, name } }) => {
      if (timeZone !== undefined) {
        users.setTimeZone(user.id, timeZone);
        deps.projection.reprojectUser(user.id);
      }
      if (name !== undefined && name !== user.name) await renameUser(deps, user, name);
      const fresh = users.get(user.id);
      return c.json(
        {
          user: { id: user.id, email: user.email, name: fresh?.name ?? user.name, timeZone: fresh?.timeZone },
        },
        200,
      );
    },
  );

  const verify = (token: string) => {
    const scope = verifyUnsubscribeToken(deps.unsubscribeSecret, token);
    if (!scope) throw new ApiError('not_found', 'That unsubscribe link is not valid.');
    return scope;
  };
  // GET only says what the link would do: mail scanners and link previews open links, and must
  // not unsubscribe anyone. The web page at /unsubscribe asks, then POSTs; so do mail clients
  // (RFC 8058 one-click, the List-Unsubscribe header).
  routes.open(
    {
      method: 'get',
      path: '/notifications/unsubscribe',
      summary: 'What an unsubscribe link (from an email; no sign-in) would stop: one kind, or all email.',
      query: unsubscribeQuery,
      status: 200,
      errors: ['not_found', 'invalid_input'],
    },
    (c) => {
      const scope = verify(readQuery(c, unsubscribeQuery).token);
      return c.json({ kind: scope.kind ?? 'all' }, 200);
    },
  );
  routes.open(
    {
      method: 'post',
      path: '/notifications/unsubscribe',
      summary: 'Unsubscribe with the link from an email (no sign-in; RFC 8058 one-click too).',
      query: unsubscribeQuery,
      status: 200,
      errors: ['not_found', 'invalid_input'],
    },
    (c) => {
      const scope = verify(readQuery(c, unsubscribeQuery).token);
      prefs.unsubscribe(scope.userId, scope.kind ?? undefined);
      return c.json({ unsubscribed: scope.kind ?? 'all' }, 200);
    },
  );
}
