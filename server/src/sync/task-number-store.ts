/**
 * Task numbers from the database (issue 16, docs/SCALE-OUT.md "Task numbering across instances"):
 * with several processes holding one document, the number of a task is asked of the database,
 * keyed by the task, so two processes numbering the same task write the same number, and two tasks
 * made at once on two processes never get one number. Per project, as keys are (`WEB-12`).
 *
 * One transaction per project and batch, two statements: the counter row is moved on by the
 * batch's size (and locked until COMMIT, so allocations for one project from several processes run
 * one after the other), then every task's row is inserted unless it has one. A task that already
 * has a row (another process numbered it first, or an earlier load) keeps that number, and the one
 * drawn for it is left unused: numbers may skip, never repeat (SPEC M21). The counter starts from
 * the project's last number as the document knows it, and never goes below it. PostgreSQL only
 * (SQLite's one process numbers in the document).
 */
import type { NumberAllocator } from '@taskflow/model';
import type { Database, Statement } from '../persistence/engine/port.ts';

/** Tasks per statement at most (a first load may number a whole imported workspace). */
const CHUNK = 500;

export class TaskNumberStore {
  readonly #db: Database;
  readonly #draw: Statement<
    [string, string, number, number, number, number],
    { last_number: number | string }
  >;

  constructor(db: Database) {
    this.#db = db;
    // Draws `count` numbers at once: the first draw seeds the counter at the document's last number
    // + count; later ones add count to the counter, or to the document's last number if higher.
    this.#draw = db.prepare(
      `INSERT INTO task_number_counters (document, project_id, last_number) VALUES (?, ?, ?)
       ON CONFLICT (document, project_id) DO UPDATE SET last_number =
         CASE WHEN task_number_counters.last_number > excluded.last_number - ?
           THEN task_number_counters.last_number ELSE excluded.last_number - ? END + ?
       RETURNING last_number`,
    );
  }

  /** The numbers of these tasks of one project (in order), drawn now or given before. */
  allocate(document: string, projectId: string, taskIds: readonly string[], lastKnown: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < taskIds.length; i += CHUNK)
      out.push(...this.#allocateChunk(document, projectId, taskIds.slice(i, i + CHUNK), lastKnown));
    return out;
  }

  /** One transaction: draw, insert what is new, read what another process numbered first. */
  #allocateChunk(
    document: string,
    projectId: string,
    taskIds: readonly string[],
    lastKnown: number,
  ): number[] {
    const count = taskIds.length;
    return this.#db.transaction(() => {
      // No wait for this commit's flush: a number is only seen in the document update that writes
      // it, appended (and flushed, WAL in order, this commit's record included) after it.
      this.#db.exec('SET LOCAL synchronous_commit = off');
      const drawn = this.#draw.get(document, projectId, lastKnown + count, count, count, count);
      const last = Number(drawn?.last_number);
      const mine = taskIds.map((_, i) => last - count + 1 + i);
      const rows = this.#db
        .prepare<unknown[], { task_id: string; number: number | string }>(
          `INSERT INTO task_numbers (document, task_id, project_id, number) VALUES ${taskIds.map(() => '(?, ?, ?, ?)').join(', ')}
           ON CONFLICT (document, task_id) DO NOTHING RETURNING task_id, number`,
        )
        .all(...taskIds.flatMap((id, i) => [document, id, projectId, mine[i]]));
      const numbers = new Map(rows.map((r) => [r.task_id, Number(r.number)]));
      const missing = taskIds.filter((id) => !numbers.has(id));
      if (missing.length > 0) {
        // Numbered before (another process, or an earlier load): theirs stands, ours is skipped.
        const had = this.#db
          .prepare<unknown[], { task_id: string; number: number | string }>(
            `SELECT task_id, number FROM task_numbers WHERE document = ? AND task_id IN (${missing.map(() => '?').join(', ')})`,
          )
          .all(document, ...missing);
        for (const r of had) numbers.set(r.task_id, Number(r.number));
      }
      return taskIds.map((id, i) => numbers.get(id) ?? (mine[i] as number));
    })();
  }

  /** The allocator the model's numbering takes, for one document. */
  allocatorFor(document: string): NumberAllocator {
    return (projectId, taskIds, lastKnown) => this.allocate(document, projectId, taskIds, lastKnown);
  }
}
