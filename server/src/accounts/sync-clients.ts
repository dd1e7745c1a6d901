/**
 * Which user each Yjs clientID belongs to, per document, learned on first sight: structs new to
 * the document, or an awareness state (sync/client-ownership.ts says why both). Yjs trusts the
 * clientIDs inside an update, so without this a member could write under a colleague's clientID
 * and desynchronise their client. Cached in memory: the table is
 * consulted for every client update.
 */
import type { Database, Statement } from '../persistence/engine/port.ts';
import { isStorageFault } from '../persistence/storage-fault.ts';

/** Owner recorded for the server's own writes (REST, seeding, repairs). */
export const SYSTEM_OWNER = 'system';

export class SyncClients {
  readonly #get: Statement<[string, number], { user_id: string }>;
  readonly #insert: Statement<[string, number, string, number]>;
  readonly #cache = new Map<string, string>();
  readonly #now: () => number;

  constructor(db: Database, now: () => number = Date.now) {
    this.#get = db.prepare('SELECT user_id FROM sync_clients WHERE document = ? AND client_id = ?');
    this.#insert = db.prepare(
      'INSERT OR IGNORE INTO sync_clients (document, client_id, user_id, first_seen) VALUES (?, ?, ?, ?)',
    );
    this.#now = now;
  }

  owner(document: string, clientId: number): string | undefined {
    const key = `${document}\0${clientId}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const row = this.#get.get(document, clientId);
    if (row) this.#remember(key, row.user_id);
    return row?.user_id;
  }

  /** Records `userId` as the owner unless someone already is; returns the owner either way. */
  claim(document: string, clientId: number, userId: string): string {
    const existing = this.owner(document, clientId);
    if (existing !== undefined) return existing;
    try {
      this.#insert.run(document, clientId, userId, this.#now());
    } catch (error) {
      // A full disk or a held lock must not stop a document loading or turn into a refusal that
      // poisons the client's copy: the claim holds in memory for this process, and the update it
      // came with is not acknowledged unless its own append succeeds (persistence/extension.ts).
      if (!isStorageFault(error)) throw error;
    }
    this.#remember(`${document}\0${clientId}`, userId);
    return userId;
  }

  #remember(key: string, userId: string): void {
    // Bounded: a long-running server sees many page loads, each with a fresh clientID.
    if (this.#cache.size >= 100_000) this.#cache.clear();
    this.#cache.set(key, userId);
  }
}
