/**
 * The document reads every report repeats, kept per document between requests. On a 10,000-task
 * workspace a validating read costs ~50 µs a task and ~25 µs a worklog: reading them all on each
 * request (~0.5 s each) was most of a report's time, against a fold that costs a few ms.
 *
 * - A task is read with `readTask`, as before, and kept until a transaction touches it (the model's
 *   observeTouchedTasks: a field, its placement or a watcher, or its key in the tasks map) or
 *   touches any project or column (its column falls back to its project's first live one, and its
 *   key carries the project's key). So a kept task is always what `readTask` would read now.
 * - The worklogs are read with `readAllWorklogs` and kept until a transaction writes a worklog
 *   (anything under the worklogs map).
 *
 * Callers get the readers' own objects: they read them, never change them.
 */
import {
  observeProjectsAndColumns,
  observeTouchedTasks,
  observeWorklogs,
  readAllWorklogs,
  readTask,
  type Task,
  type Worklog,
} from '@taskflow/model';
import type * as Y from 'yjs';

export class ReportReads {
  readonly #doc: Y.Doc;
  /** null: no readable task under that id (kept too: the tasks map's keys are observed). */
  readonly #tasks = new Map<string, Task | null>();
  #worklogs: readonly Worklog[] | null = null;

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    observeTouchedTasks(doc, (ids) => {
      for (const id of ids) this.#tasks.delete(id);
    });
    observeProjectsAndColumns(doc, () => this.#tasks.clear());
    // Dropped only by a transaction that wrote a worklog: a card move leaves them kept.
    observeWorklogs(doc, () => {
      this.#worklogs = null;
    });
  }

  /** `readTask(doc, taskId)`. */
  task(taskId: string): Task | undefined {
    let task = this.#tasks.get(taskId);
    if (task === undefined) {
      task = readTask(this.#doc, taskId) ?? null;
      this.#tasks.set(taskId, task);
    }
    return task ?? undefined;
  }

  /** `readAllWorklogs(doc)`. */
  worklogs(): readonly Worklog[] {
    this.#worklogs ??= readAllWorklogs(this.#doc);
    return this.#worklogs;
  }
}

const reads = new WeakMap<Y.Doc, ReportReads>();

/** The document's kept reads, made on first use (and gone with the document). */
export function reportReads(doc: Y.Doc): ReportReads {
  let r = reads.get(doc);
  if (!r) {
    r = new ReportReads(doc);
    reads.set(doc, r);
  }
  return r;
}
