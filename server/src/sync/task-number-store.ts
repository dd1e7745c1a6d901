/**
 * Task numbers from the database (issue 16, docs/SCALE-OUT.md "Task numbering across instances"):
 * with several processes holding one document, the number of a task is asked of the database,
 * keyed by the task, so two processes numbering the same task write the same number, and two tasks
 * made at once on two processes never get one number. Per project, as keys are (`WEB-12`).
 *
 * One transaction per project and batch: the project's counter row is locked by its UPDATE until
 * COMMIT, so allocations for one project from several processes run one after the other. A task
 * that already has a row keeps it; a task another process numbered while we waited (its row is
 * there after our counter UPDATE) gets that row's number, and the number we drew for it is left
 * unused: numbers may skip, never repeat (SPEC M21). The counter starts from the project's last
 * number as the document knows it, and never goes below it.
 */
import type { NumberAllocator } from '@taskflow/model';
import type { Database, Statement } from '../persistence/engine/port.ts';

export class TaskNumberStore {
  readonly #db: Database;
  readonly #existing: Statement<[string, string], { number: number | string }>;
  readonly #draw: Statement<[string, string, number], { last_number: number | string }>;
  readonly #insert: Statement<[string, string, string, number], { number: number | string }>;

  constructor(db: Database) {
    this.#db = db;
    this.#existing = db.prepare('SELECT number FROM task_numbers WHERE document = ? AND task_id = ?');
    // The first draw seeds the counter at the document's last number + 1; later ones add one,
    // unless the document knows a higher number (then one past it).
    this.#draw = db.prepare(
      `INSERT INTO task_number_counters (document, project_id, last_number) VALUES (?, ?, ?)
       ON CONFLICT (document, project_id) DO UPDATE SET last_number =
         CASE WHEN task_number_counters.last_number + 1 > excluded.last_number
           THEN task_number_counters.last_number + 1 ELSE excluded.last_number END
       RETURNING last_number`,
    );
    this.#insert = db.prepare(
      `INSERT INTO task_numbers (document, task_id, project_id, number) VALUES (?, ?, ?, ?)
       ON CONFLICT (document, task_id) DO NOTHING RETURNING number`,
    );
  }

  /** The numbers of these tasks of one project (in order), drawn now or given before. */
  allocate(document: string, projectId: string, taskIds: readonly string[], lastKnown: number): number[] {
    return this.#db.transaction(() =>
      taskIds.map((taskId) => {
        const had = this.#existing.get(document, taskId);
        if (had) return Number(had.number);
        const drawn = Number(this.#draw.get(document, projectId, lastKnown + 1)?.last_number);
        const inserted = this.#insert.get(document, taskId, projectId, drawn);
        if (inserted) return Number(inserted.number);
        return Number(this.#existing.get(document, taskId)?.number ?? drawn);
      }),
    )();
  }

  /** The allocator the model's numbering takes, for one document. */
  allocatorFor(document: string): NumberAllocator {
    return (projectId, taskIds, lastKnown) => this.allocate(document, projectId, taskIds, lastKnown);
  }
}
