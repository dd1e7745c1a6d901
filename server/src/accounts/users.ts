/** People with accounts. Emails are unique without regard to case. */
import { isUniqueViolation } from '../persistence/engine/errors.ts';
import type { Database } from '../persistence/engine/port.ts';
import { withStatementCache } from './statement-cache.ts';

export type User = { id: string; email: string; name: string; timeZone: string; createdAt: number };
type UserRow = {
  id: string;
  email: string;
  name: string;
  time_zone: string;
  created_at: number;
  password_hash: string;
};

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  name: r.name,
  timeZone: r.time_zone,
  createdAt: r.created_at,
});

export class Users {
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, now: () => number = Date.now) {
    this.#db = withStatementCache(db);
    this.#now = now;
  }

  /** Creates a user, or returns `email_taken`. `unverified`: sign-in waits for the emailed link. */
  create(input: {
    email: string;
    name: string;
    passwordHash: string;
    unverified?: boolean;
  }): User | 'email_taken' {
    const id = crypto.randomUUID();
    // ON CONFLICT rather than catching the violation: on PostgreSQL a failed statement aborts the
    // caller's whole transaction (registration runs in one), where SQLite fails only the statement.
    const inserted = this.#db
      .prepare(
        `INSERT INTO users (id, email, name, password_hash, created_at, email_unverified) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      )
      .run(id, input.email, input.name, input.passwordHash, this.#now(), input.unverified ? 1 : 0);
    if (inserted.changes === 0) return 'email_taken';
    return this.get(id) as User;
  }

  get(id: string): User | undefined {
    const row = this.#db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?').get(id);
    return row ? toUser(row) : undefined;
  }

  /** The user and their password hash, for login only. */
  withPasswordByEmail(email: string): { user: User; passwordHash: string } | undefined {
    const row = this.#db.prepare<[string], UserRow>('SELECT * FROM users WHERE email = ?').get(email);
    return row ? { user: toUser(row), passwordHash: row.password_hash } : undefined;
  }

  /** The password hash of a signed-in user (to check their current password before a change). */
  passwordHash(id: string): string | undefined {
    return this.#db
      .prepare<[string], { password_hash: string }>('SELECT password_hash FROM users WHERE id = ?')
      .get(id)?.password_hash;
  }

  setPasswordHash(id: string, passwordHash: string): boolean {
    return (
      this.#db.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(passwordHash, id).changes === 1
    );
  }

  setName(id: string, name: string): boolean {
    return this.#db.prepare('UPDATE users SET name = ? WHERE id = ?').run(name, id).changes === 1;
  }

  /** Changes the address (already proven by its link), or says another account has it. */
  setEmail(id: string, email: string): 'ok' | 'email_taken' | 'not_found' {
    try {
      const changes = this.#db.prepare('UPDATE users SET email = ? WHERE id = ?').run(email, id).changes;
      return changes === 1 ? 'ok' : 'not_found';
    } catch (error) {
      if (isUniqueViolation(error)) return 'email_taken';
      throw error;
    }
  }

  /** The id of the account with this address (any case), if there is one. */
  idByEmail(email: string): string | undefined {
    return this.#db.prepare<[string], { id: string }>('SELECT id FROM users WHERE email = ?').get(email)?.id;
  }

  /** True while a sign-up made under REQUIRE_EMAIL_VERIFICATION has not followed its link. */
  isEmailUnverified(id: string): boolean {
    return (
      this.#db.prepare('SELECT 1 FROM users WHERE id = ? AND email_unverified = 1').get(id) !== undefined
    );
  }

  markEmailVerified(id: string): void {
    this.#db.prepare('UPDATE users SET email_unverified = 0 WHERE id = ?').run(id);
  }

  /** Sets the user's IANA zone (validated by the caller) and marks it as chosen. */
  setTimeZone(id: string, timeZone: string): boolean {
    return (
      this.#db.prepare('UPDATE users SET time_zone = ?, time_zone_set = 1 WHERE id = ?').run(timeZone, id)
        .changes === 1
    );
  }

  /** The zone the user chose, or undefined if they never did (then the workspace's zone applies). */
  chosenTimeZone(id: string): string | undefined {
    const row = this.#db
      .prepare<[string], { time_zone: string }>(
        'SELECT time_zone FROM users WHERE id = ? AND time_zone_set = 1',
      )
      .get(id);
    return row?.time_zone;
  }

  count(): number {
    return (this.#db.prepare('SELECT COUNT(*) AS n FROM users').get() as { n: number }).n;
  }
}

/** Access tokens revoked before expiry (logout). Looked up on every request and sync auth. */
export class RevokedTokens {
  readonly #db: Database;
  readonly #now: () => number;

  constructor(db: Database, now: () => number = Date.now) {
    this.#db = withStatementCache(db);
    this.#now = now;
  }

  revoke(jti: string, expiresAtMs: number): void {
    this.#db
      .prepare('INSERT OR IGNORE INTO revoked_tokens (jti, expires_at) VALUES (?, ?)')
      .run(jti, expiresAtMs);
  }

  isRevoked(jti: string): boolean {
    return this.#db.prepare('SELECT 1 FROM revoked_tokens WHERE jti = ?').get(jti) !== undefined;
  }

  prune(): number {
    return this.#db.prepare('DELETE FROM revoked_tokens WHERE expires_at <= ?').run(this.#now()).changes;
  }
}
