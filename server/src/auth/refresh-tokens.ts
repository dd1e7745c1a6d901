/**
 * Refresh tokens: opaque random strings, stored only as SHA-256 hashes, rotated on every use.
 * Each login starts a family with an absolute end (30 days); a rotation keeps the family and its
 * end. Presenting a *retired* token means it was copied: the whole family is revoked, ending the
 * thief's session and the victim's alike (OAuth 2.0 Security BCP §4.14).
 *
 * Crash tolerance: a reuse check that does not punish the legitimate last holder. A browser that
 * crashes after a rotation but before its cookie store reached disk (Chromium writes cookies about
 * every 30 s) restarts with the token it had just rotated. So a rotated token is not retired when
 * it is rotated but when one of its successors is first presented: that is the proof the holder
 * has the new cookie. Until then, and for at most REFRESH_GRACE_MS after its first rotation, the
 * previous token may be presented again; it gets a fresh successor and the successor that never
 * arrived is retired (presenting that one later is reuse).
 *
 * Why this is safe: a token redeemable under the grace is always the parent of the family's one
 * live, never-presented token, so a copy of it is worth what a copy of the current cookie is worth
 * (which rotation never protected either) and no more. Detection is unchanged: whichever of the
 * two holders refreshes second presents a retired token (the parent after the successor, or the
 * superseded successor) and the family ends. Older tokens (grandparents) are retired as before.
 * What the grace adds is only for a copy taken *after* its rotation (a request log, say): it is
 * redeemable until the holder's next refresh (≤ 15 min while the app is open) and never past
 * REFRESH_GRACE_MS. docs/SECURITY.md has the long form.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Database } from '../persistence/engine/port.ts';

export const REFRESH_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * How long after its first rotation a token may be presented again while its successor is unused.
 * A day covers a crash followed by the next morning's start; it bounds what a copy leaked after
 * its rotation is worth.
 */
export const REFRESH_GRACE_MS = 24 * 60 * 60 * 1000;

export type RotateResult =
  | {
      ok: true;
      userId: string;
      familyId: string;
      token: string;
      expiresAt: number;
      /** True when the token had been rotated before and its successor never came back (a crash). */
      replayed: boolean;
    }
  | { ok: false; reason: 'invalid' | 'expired' | 'reused'; familyId?: string; userId?: string };

type Row = {
  hash: string;
  family_id: string;
  user_id: string;
  family_expires_at: number;
  parent_hash: string | null;
  used_at: number | null;
  retired_at: number | null;
  revoked_at: number | null;
};

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class RefreshTokens {
  readonly #db: Database;
  readonly #now: () => number;
  readonly #graceMs: number;

  constructor(db: Database, now: () => number = Date.now, graceMs = REFRESH_GRACE_MS) {
    this.#db = db;
    this.#now = now;
    this.#graceMs = graceMs;
  }

  #insert(userId: string, familyId: string, familyExpiresAt: number, parentHash: string | null): string {
    const token = randomBytes(32).toString('base64url');
    this.#db
      .prepare(
        `INSERT INTO refresh_tokens (hash, family_id, user_id, created_at, family_expires_at, parent_hash)
         VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(hashToken(token), familyId, userId, this.#now(), familyExpiresAt, parentHash);
    return token;
  }

  /** Starts a new family (a login). */
  issue(userId: string): { token: string; familyId: string; expiresAt: number } {
    const familyId = crypto.randomUUID();
    const expiresAt = this.#now() + REFRESH_TTL_MS;
    return { token: this.#insert(userId, familyId, expiresAt, null), familyId, expiresAt };
  }

  rotate(token: string): RotateResult {
    const hash = hashToken(token);
    return this.#db.transaction((): RotateResult => {
      const row = this.#db
        .prepare<[string], Row>(
          `SELECT hash, family_id, user_id, family_expires_at, parent_hash, used_at, retired_at, revoked_at
           FROM refresh_tokens WHERE hash = ?`,
        )
        .get(hash);
      if (!row) return { ok: false, reason: 'invalid' };
      const who = { familyId: row.family_id, userId: row.user_id };
      if (row.revoked_at !== null) return { ok: false, reason: 'invalid', ...who };
      const now = this.#now();
      const replayed = row.used_at !== null;
      const pastGrace = row.used_at !== null && now - row.used_at > this.#graceMs;
      if (row.retired_at !== null || pastGrace) {
        this.revokeFamily(row.family_id);
        return { ok: false, reason: 'reused', ...who };
      }
      if (row.family_expires_at <= now) return { ok: false, reason: 'expired', ...who };
      if (replayed) {
        // The successor never came back (its cookie was lost): it may never be redeemed now.
        this.#db
          .prepare(
            'UPDATE refresh_tokens SET retired_at = ? WHERE parent_hash = ? AND used_at IS NULL AND retired_at IS NULL',
          )
          .run(now, hash);
      } else {
        this.#db.prepare('UPDATE refresh_tokens SET used_at = ? WHERE hash = ?').run(now, hash);
        // The holder has this cookie, so it has no use for the one before: that one's grace ends.
        if (row.parent_hash !== null) {
          this.#db
            .prepare('UPDATE refresh_tokens SET retired_at = ? WHERE hash = ? AND retired_at IS NULL')
            .run(now, row.parent_hash);
        }
      }
      const next = this.#insert(row.user_id, row.family_id, row.family_expires_at, hash);
      return { ok: true, ...who, token: next, expiresAt: row.family_expires_at, replayed };
    })();
  }

  /** The family a token belongs to, if the token is known (used at logout). */
  familyOf(token: string): { familyId: string; userId: string } | undefined {
    const row = this.#db
      .prepare<[string], { family_id: string; user_id: string }>(
        'SELECT family_id, user_id FROM refresh_tokens WHERE hash = ?',
      )
      .get(hashToken(token));
    return row ? { familyId: row.family_id, userId: row.user_id } : undefined;
  }

  /** The user's sessions (families) not yet revoked or ended: what a password change ends. */
  liveFamiliesOf(userId: string): string[] {
    return this.#db
      .prepare<[string, number], { family_id: string }>(
        `SELECT DISTINCT family_id FROM refresh_tokens
         WHERE user_id = ? AND revoked_at IS NULL AND family_expires_at > ?`,
      )
      .all(userId, this.#now())
      .map((r) => r.family_id);
  }

  /** True once the session was ended (logout, reuse, a password change): its access tokens stop too. */
  isFamilyRevoked(familyId: string): boolean {
    return (
      this.#db
        .prepare('SELECT 1 FROM refresh_tokens WHERE family_id = ? AND revoked_at IS NOT NULL LIMIT 1')
        .get(familyId) !== undefined
    );
  }

  revokeFamily(familyId: string): void {
    this.#db
      .prepare('UPDATE refresh_tokens SET revoked_at = ? WHERE family_id = ? AND revoked_at IS NULL')
      .run(this.#now(), familyId);
  }

  /** Removes rows whose family ended; run now and then. */
  prune(): number {
    return this.#db.prepare('DELETE FROM refresh_tokens WHERE family_expires_at <= ?').run(this.#now())
      .changes;
  }
}
