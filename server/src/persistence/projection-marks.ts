/**
 * The newest update-log row a projection of a document was built from (issue 13). A projection
 * that keeps its mark in the same SQLite transaction as its rows is current exactly when the mark
 * equals the document's newest log row: then a load need not rebuild it from every task. Anything
 * else (never built, a crash between an append and the projection, a failed pass, a row appended
 * by a path that skips the projection, such as seeding) reads as stale and is rebuilt whole.
 */
import type { Database, Statement } from './engine/port.ts';

export class ProjectionMarks {
  readonly #get: Statement<[string, string], { upto_id: number }>;
  readonly #set: Statement<[string, string, number]>;
  readonly #projection: string;

  /** `projection` names whose marks these are (one table holds every projection's). */
  constructor(db: Database, projection: string) {
    this.#projection = projection;
    this.#get = db.prepare('SELECT upto_id FROM projection_marks WHERE document = ? AND projection = ?');
    this.#set = db.prepare(
      `INSERT INTO projection_marks (document, projection, upto_id) VALUES (?, ?, ?)
       ON CONFLICT (document, projection) DO UPDATE SET upto_id = excluded.upto_id`,
    );
  }

  /** Whether the projection was last built from row `lastId` (null: the document has no rows). */
  isCurrent(document: string, lastId: number | null): boolean {
    const mark = this.#get.get(document, this.#projection);
    return mark !== undefined && mark.upto_id === (lastId ?? 0);
  }

  /** Call inside the transaction that writes the projection's rows. */
  set(document: string, uptoId: number | null): void {
    this.#set.run(document, this.#projection, uptoId ?? 0);
  }
}
