/**
 * Refresh tokens: opaque random strings, stored only as SHA-256 hashes, rotated on every use.
 * Each login starts a family with an absolute end (30 days); a rotation keeps the family and its
 * end. Presenting a token that was already rotated means it was copied: the whole family is
 * revoked, ending the thief's session and the victim's alike (OAuth 2.0 Security BCP §4.14).
 */
import { createHash, randomBytes } from 'node:crypto';
import type Database from 'better-sqlite3';

export const REFRESH_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type RotateResult =
  | { ok: true; userId: string; familyId: string; token: string; expiresAt: number }
  | { ok: false; reason: 'invalid' | 'expired' | 'reused'; familyId?: string; userId?: string };

type Row = {
  family_id: string;
  user_id: string;
  family_expires_at: number;
  used_at: number | null;
  revoked_at: number | null;
};

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export class RefreshTokens {
  readonly #db: Database.Database;
  readonly #now: () => number;

  constructor(db: Database.Database, now: () => number = Date.now) {
    this.#db = db;
    this.#now = now;
  }

  #insert(userId: string, familyId: string, familyExpiresAt: number): string {
    const token = randomBytes(32).toString('base64url');
    this.#db
      .prepare(
        `INSERT INTO refresh_tokens (hash, family_id, user_id, created_at, family_expires_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(hashToken(token), familyId, userId, this.#now(), familyExpiresAt);
    return token;
  }

  /** Starts a new family (a login). */
  issue(userId: string): { token: string; familyId: string; expiresAt: number } {
    const familyId = crypto.randomUUID();
    const expiresAt = this.#now() + REFRESH_TTL_MS;
    return { token: this.#insert(userId, familyId, expiresAt), familyId, expiresAt };
  }

  rotate(token: string): RotateResult {
    return this.#db.transaction((): RotateResult => {
      const row = this.#db
        .prepare<[string], Row>(
          'SELECT family_id, user_id, family_expires_at, used_at, revoked_at FROM refresh_tokens WHERE hash = ?',
        )
        .get(hashToken(token));
      if (!row) return { ok: false, reason: 'invalid' };
      const who = { familyId: row.family_id, userId: row.user_id };
      if (row.revoked_at !== null) return { ok: false, reason: 'invalid', ...who };
      if (row.used_at !== null) {
        this.revokeFamily(row.family_id);
        return { ok: false, reason: 'reused', ...who };
      }
      if (row.family_expires_at <= this.#now()) return { ok: false, reason: 'expired', ...who };
      this.#db
        .prepare('UPDATE refresh_tokens SET used_at = ? WHERE hash = ?')
        .run(this.#now(), hashToken(token));
      const next = this.#insert(row.user_id, row.family_id, row.family_expires_at);
      return { ok: true, ...who, token: next, expiresAt: row.family_expires_at };
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
