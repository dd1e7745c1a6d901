/**
 * What the one-off schedule backfill reads and writes: `server_jobs`, the jobs done once per
 * database, and the workspaces that have a stored document to project. The SQL stays here, with
 * the stores; schedule-projection.ts decides when to run the job.
 */
import type { Database } from '../persistence/engine/port.ts';

export class BackfillStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  isDone(job: string): boolean {
    return this.#db.prepare('SELECT 1 FROM server_jobs WHERE name = ?').get(job) !== undefined;
  }

  markDone(job: string, now: number): void {
    this.#db.prepare('INSERT OR IGNORE INTO server_jobs (name, done_at) VALUES (?, ?)').run(job, now);
  }

  /** Live workspaces whose document has anything stored (a snapshot or an update). */
  workspacesWithDocuments(): string[] {
    return this.#db
      .prepare<[], { id: string }>(
        `SELECT w.id FROM workspaces w WHERE w.deleted_at IS NULL AND (
           EXISTS (SELECT 1 FROM snapshots s WHERE s.document = w.id) OR
           EXISTS (SELECT 1 FROM updates u WHERE u.document = w.id))`,
      )
      .all()
      .map((r) => r.id);
  }
}
