/**
 * Secrets every process must hold the same copy of (issue 16: the token-signing key, the
 * unsubscribe secret), in the database. The first process to start writes its candidate; a second
 * starting at the same moment loses the INSERT (ON CONFLICT DO NOTHING) and both read the row that
 * won, so there is never a moment with two keys. Used on PostgreSQL; one SQLite process keeps them
 * as files in DATA_DIR.
 */
import type { Database, Statement } from '../persistence/engine/port.ts';

export class SharedSecrets {
  readonly #get: Statement<[string], { value: string }>;
  readonly #offer: Statement<[string, string, number]>;

  constructor(
    db: Database,
    readonly now: () => number = Date.now,
  ) {
    this.#get = db.prepare('SELECT value FROM shared_secrets WHERE name = ?');
    this.#offer = db.prepare(
      'INSERT INTO shared_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
    );
  }

  get(name: string): string | undefined {
    return this.#get.get(name)?.value;
  }

  /** The stored value, after storing `candidate` if there was none. */
  getOrCreate(name: string, candidate: string): string {
    this.#offer.run(name, candidate, this.now());
    const stored = this.get(name);
    if (stored === undefined) throw new Error(`shared secret ${name} missing right after it was written`);
    return stored;
  }
}
