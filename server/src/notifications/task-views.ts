/**
 * What notifications compare an edit against (doc-events.ts): each task's assignee and column as
 * of the newest update whose notices were written. Kept in SQLite, in the update's own
 * transaction, instead of in memory (issue 13): a document that loads needs no walk over its
 * 10,000 tasks to know their "before", only when its mark (projection-marks.ts) says the rows are
 * behind the log, e.g. the first load after this table existed.
 */
import type { Database, Statement } from '../persistence/engine/port.ts';
import { ProjectionMarks } from '../persistence/projection-marks.ts';

export type TaskView = { assignee: string | null; columnId: string };

export class TaskViews {
  readonly #db: Database;
  readonly marks: ProjectionMarks;
  readonly #get: Statement<[string, string], { assignee: string | null; column_id: string }>;
  readonly #put: Statement<[string, string, string | null, string]>;
  readonly #delete: Statement<[string, string]>;
  readonly #clear: Statement<[string]>;

  constructor(db: Database) {
    this.#db = db;
    this.marks = new ProjectionMarks(db, 'task-views');
    this.#get = db.prepare(
      'SELECT assignee, column_id FROM task_views WHERE workspace_id = ? AND task_id = ?',
    );
    this.#put = db.prepare(
      'INSERT OR REPLACE INTO task_views (workspace_id, task_id, assignee, column_id) VALUES (?, ?, ?, ?)',
    );
    this.#delete = db.prepare('DELETE FROM task_views WHERE workspace_id = ? AND task_id = ?');
    this.#clear = db.prepare('DELETE FROM task_views WHERE workspace_id = ?');
  }

  get(workspaceId: string, taskId: string): TaskView | undefined {
    const row = this.#get.get(workspaceId, taskId);
    return row && { assignee: row.assignee, columnId: row.column_id };
  }

  /** Sets (or, with undefined, removes) one task's view. */
  put(workspaceId: string, taskId: string, view: TaskView | undefined): void {
    if (view) this.#put.run(workspaceId, taskId, view.assignee, view.columnId);
    else this.#delete.run(workspaceId, taskId);
  }

  /** Makes the workspace's views exactly `views`, built from log row `uptoId`, in one transaction. */
  replace(workspaceId: string, views: Iterable<[string, TaskView]>, uptoId: number | null): void {
    this.#db.transaction(() => {
      this.#clear.run(workspaceId);
      for (const [taskId, view] of views) this.#put.run(workspaceId, taskId, view.assignee, view.columnId);
      this.marks.set(workspaceId, uptoId);
    })();
  }
}
