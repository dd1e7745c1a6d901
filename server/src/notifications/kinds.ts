/**
 * The closed set of notification kinds and what each carries. Payloads are validated when they are
 * enqueued and again when read back from the outbox (data read from storage is validated, as any input is).
 * Links are paths (`/w/…`); the sender prefixes the public URL, so rows stay valid if it changes.
 */
import { z } from 'zod';

/** The app's path of one task, as notification links carry it (the web router reads `/w/:id/tasks/:task`). */
export function taskLink(workspaceId: string, taskId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/tasks/${encodeURIComponent(taskId)}`;
}

export const NOTIFICATION_KINDS = [
  'reminder',
  'escalation',
  'invitation',
  'assigned',
  'status_changed',
  'comment',
  'mention',
  'digest',
  'system',
  'account',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];
export const notificationKindSchema = z.enum(NOTIFICATION_KINDS);

const text = z.string().max(500);
const path = z.string().startsWith('/').max(1000);
const task = {
  workspaceId: z.string().min(1),
  workspaceName: text,
  taskId: z.string().min(1),
  taskTitle: text,
  link: path,
};

export const payloadSchemas = {
  reminder: z.object({
    ...task,
    step: z.enum(['before', 'at']),
    deadline: z.iso.date(),
    deadlineAt: z.number().int(),
  }),
  escalation: z.object({
    ...task,
    deadline: z.iso.date(),
    deadlineAt: z.number().int(),
    assigneeName: text.nullable(),
  }),
  invitation: z.object({
    /** Invitees may have no account yet, so the address travels with the message. */
    toEmail: z.email(),
    workspaceName: text,
    inviterName: text,
    role: z.enum(['admin', 'member', 'viewer']),
    link: path,
  }),
  assigned: z.object({ ...task, byName: text }),
  status_changed: z.object({ ...task, byName: text, from: text, to: text }),
  comment: z.object({ ...task, byName: text, excerpt: z.string().max(2000) }),
  /** Someone mentioned the person in a task's description (issue 14). */
  mention: z.object({ ...task, byName: text, excerpt: z.string().max(2000) }),
  digest: z.object({
    day: z.iso.date(),
    items: z.array(z.object({ kind: notificationKindSchema, subject: text, link: path.nullable() })).max(500),
  }),
  system: z.object({ subject: text, message: z.string().max(5000), link: path.nullable() }),
  /**
   * Account mail (issue 15), to an address that may not be the account's yet (an email change):
   * a password-reset or confirmation link, which carries the link's id, never its token (the sender
   * derives the token with a secret outside the database, auth/account-links.ts); or a notice
   * that the password or the address changed (no link: `linkId` and `expiresAt` are null).
   */
  account: z.object({
    toEmail: z.email(),
    purpose: z.enum(['password_reset', 'email_change', 'email_verify', 'password_changed', 'email_changed']),
    linkId: z.string().min(1).max(100).nullable(),
    expiresAt: z.number().int().nullable(),
    /** `email_changed`: the address the account moved to (the notice goes to the old one). */
    newEmail: z.email().optional(),
  }),
} satisfies Record<NotificationKind, z.ZodType>;

export type Payload<K extends NotificationKind> = z.infer<(typeof payloadSchemas)[K]>;

/** A kind with its payload, checked together. */
export type Notification = { [K in NotificationKind]: { kind: K; payload: Payload<K> } }[NotificationKind];

export function parseNotification(kind: string, payload: unknown): Notification | null {
  const k = notificationKindSchema.safeParse(kind);
  if (!k.success) return null;
  const p = payloadSchemas[k.data].safeParse(payload);
  return p.success ? ({ kind: k.data, payload: p.data } as Notification) : null;
}
