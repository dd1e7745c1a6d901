/**
 * Unsubscribe links. A token names a user and a kind (or all kinds) and is signed with HMAC, so a
 * link works without logging in (mail clients' one-click unsubscribe, RFC 8058) yet nobody can
 * turn off another person's mail by editing it. Tokens do not expire: an old email's link must
 * still work. The only power a token grants is turning mail off.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { type NotificationKind, notificationKindSchema } from './kinds.ts';

export type UnsubscribeScope = { userId: string; kind: NotificationKind | null };

function sign(secret: string | Uint8Array, body: string): string {
  return createHmac('sha256', secret).update(`unsubscribe:${body}`).digest('base64url');
}

export function unsubscribeToken(secret: string | Uint8Array, scope: UnsubscribeScope): string {
  const body = Buffer.from(JSON.stringify([scope.userId, scope.kind])).toString('base64url');
  return `${body}.${sign(secret, body)}`;
}

export function verifyUnsubscribeToken(secret: string | Uint8Array, token: string): UnsubscribeScope | null {
  if (token.length > 1000) return null;
  const [body, mac, extra] = token.split('.');
  if (!body || !mac || extra !== undefined) return null;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const [userId, kind] = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof userId !== 'string' || userId.length === 0) return null;
    if (kind === null) return { userId, kind: null };
    const k = notificationKindSchema.safeParse(kind);
    return k.success ? { userId, kind: k.data } : null;
  } catch {
    return null;
  }
}
