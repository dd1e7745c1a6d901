/**
 * The secret half of a mailed account link (password reset, email change, sign-up verification).
 *
 * The database keeps a link's random id and the SHA-256 of its token, never the token; the token is
 * HMAC(secret, id) with a secret kept beside the signing key, outside the database. So the outbox
 * row that waits to mail the link carries only the id, and a copy of the database (a backup, a
 * leaked file) holds no link that works: redeeming one needs the token, whose hash is all that is
 * stored, and minting one needs the secret. The token is as unguessable as the 32 random bytes of
 * its id.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export const ACCOUNT_LINK_PURPOSES = ['password_reset', 'email_change', 'email_verify'] as const;
export type AccountLinkPurpose = (typeof ACCOUNT_LINK_PURPOSES)[number];

/** How long each link works: a reset is the most powerful, so it is the shortest. */
export const ACCOUNT_LINK_TTL_MS: Record<AccountLinkPurpose, number> = {
  password_reset: 60 * 60_000,
  email_change: 24 * 60 * 60_000,
  email_verify: 24 * 60 * 60_000,
};

/** Where each link lands in the web app (it reads `?token=`). */
export const ACCOUNT_LINK_PAGE: Record<AccountLinkPurpose, string> = {
  password_reset: '/reset-password',
  email_change: '/verify-email',
  email_verify: '/verify-email',
};

export function newLinkId(): string {
  return randomBytes(32).toString('base64url');
}

/** The token a link carries; the label keeps it apart from every other use of the secret. */
export function linkToken(secret: string | Uint8Array, linkId: string): string {
  return createHmac('sha256', secret).update(`taskflow account link\0${linkId}`).digest('base64url');
}

export function hashLinkToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
