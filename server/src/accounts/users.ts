/** People with accounts. Emails are unique without regard to case. */
import type Database from 'better-sqlite3';
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
  readonly #db: Database.Database;
  readonly #now: () => number;

  constructor(db: Database.Database, now: () => number = Date.now) {
    this.#db = withStatementCache(db);
    this.#now = now;
  }

  /** Creates a user, or returns `email_taken`. */
  create(input: { email: string; name: string; passwordHash: string }): User | 'email_taken' {
    const id = crypto.randomUUID();
    try {
      this.#db
        .prepare('INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, input.email, input.name, input.passwordHash, this.#now());
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return 'email_taken';
      throw error;
    }
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
  readonly #db: Database.Database;
  readonly #now: () => number;

  constructor(db: Database.Database, now: () => number = Date.now) {
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
