/** The notification, preference and time-zone endpoints of issue 4, zod-checked at the edge. */
import { z } from 'zod';
import type { Session } from '../session/session.ts';

const timeSchema = z.union([z.number(), z.string()]);

export const notificationSchema = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  kind: z.string(),
  workspaceId: z.string().nullish(),
  taskId: z.string().nullish(),
  title: z.string(),
  body: z.string().nullish(),
  createdAt: timeSchema,
  readAt: timeSchema.nullish(),
});
export type AppNotification = z.infer<typeof notificationSchema>;

const cursorSchema = z.union([z.string(), z.number()]).transform(String).nullish();

/** The server's page `{items, nextCursor, unread}`, in the names the bell uses. */
export const notificationPageSchema = z
  .object({
    items: z.array(notificationSchema),
    nextCursor: cursorSchema,
    unread: z.number().int().optional(),
  })
  .transform((p) => ({ notifications: p.items, next: p.nextCursor ?? null, unread: p.unread ?? null }));
export type NotificationPage = z.infer<typeof notificationPageSchema>;

const unreadSchema = z.object({ unread: z.number().int().nonnegative() });

export const EMAIL_MODES = ['off', 'immediate', 'digest'] as const;
export type EmailMode = (typeof EMAIL_MODES)[number];
const modeSchema = z.enum(EMAIL_MODES);
const prefsRecord = z.record(z.string(), modeSchema);
/** The server answers `{email: {...}}` (every kind with its mode in force). */
const prefsSchema = z.object({ email: prefsRecord }).transform((x) => x.email);
export type EmailPrefs = Record<string, EmailMode>;

const meSchema = z.object({ user: z.object({ timeZone: z.string().nullish() }).passthrough() });

export const PAGE_SIZE = 20;

export function fetchNotifications(
  session: Session,
  before: string | null = null,
): Promise<NotificationPage> {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (before) query.set('before', before);
  return session.api(`/api/v1/notifications?${query}`, notificationPageSchema);
}

export async function fetchUnread(session: Session): Promise<number> {
  return (await session.api('/api/v1/notifications/unread-count', unreadSchema)).unread;
}

export function markNotificationRead(session: Session, id: string): Promise<void> {
  return session.api(`/api/v1/notifications/${encodeURIComponent(id)}/read`, null, { method: 'PATCH' });
}

export function markAllNotificationsRead(session: Session): Promise<void> {
  return session.api('/api/v1/notifications/read-all', null, { method: 'POST' });
}

export function fetchEmailPrefs(session: Session): Promise<EmailPrefs> {
  return session.api('/api/v1/me/notification-preferences', prefsSchema);
}

export function saveEmailPrefs(session: Session, prefs: EmailPrefs): Promise<void> {
  return session.api('/api/v1/me/notification-preferences', null, { method: 'PUT', body: prefs });
}

export async function fetchTimeZone(session: Session): Promise<string | null> {
  return (await session.api('/api/v1/me', meSchema)).user.timeZone ?? null;
}

export function saveTimeZone(session: Session, timeZone: string): Promise<void> {
  return session.api('/api/v1/me', null, { method: 'PATCH', body: { timeZone } });
}

/** The push message the server sends over any open sync connection of the user. */
export const pushSchema = z.object({
  type: z.literal('notifications'),
  unread: z.number().int().nonnegative(),
});
