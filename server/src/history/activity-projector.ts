/**
 * The activity projection: every stored update turned into field-level entries (observeChanges in
 * the model), written inside the SQLite transaction that appends the update, so an update and its
 * entries exist together or not at all, across any crash.
 *
 * Rows the live path did not project are replayed from the log (`catchUp`): rows stored before
 * this projection existed (the backfill at migration), the seed row a new workspace starts with,
 * and rows after a projection error. Replaying applies each row to a scratch document built from
 * the checkpoint before it, with the same observer, so a replayed entry reads as a live one.
 * Entries are unique per (row, position), so a row replayed twice is written once.
 */
import type { afterLoadDocumentPayload, Extension } from '@hocuspocus/server';
import { type DocChange, observeChanges, readTask } from '@taskflow/model';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import type { AppendedRow } from '../persistence/extension.ts';
import type { HistoryLog } from '../persistence/history-log.ts';
import { isApplyingFromCluster } from '../sync/context.ts';
import type { ActivityStore } from './activity-store.ts';
import type { PastStates } from './past-states.ts';

export type ActivityProjectorOptions = {
  store: ActivityStore;
  log: HistoryLog;
  states: PastStates;
  /** Runs a function in one SQLite transaction. */
  atomically: <T>(fn: () => T) => T;
  logger: Logger;
};

type Tracked = { doc: Y.Doc; pending: DocChange[]; broken: boolean };

/** Rows replayed per transaction when catching up a long log. */
const BATCH = 500;

/** Comments name their task, not its project: the project filter needs it on the entry too. */
function withProject(doc: Y.Doc, change: DocChange): DocChange {
  if (change.projectId !== null || change.taskId === null) return change;
  return { ...change, projectId: readTask(doc, change.taskId)?.projectId ?? null };
}

export class ActivityProjector {
  readonly #o: ActivityProjectorOptions;
  readonly #docs = new Map<string, Tracked>();

  constructor(options: ActivityProjectorOptions) {
    this.#o = options;
  }

  readonly extension: Extension = {
    extensionName: 'taskflow-activity',
    afterLoadDocument: async ({ document, documentName }: afterLoadDocumentPayload) => {
      this.attach(documentName, document);
    },
  };

  /** Follows a loaded document: first projects whatever the log holds that is not yet projected. */
  attach(name: string, doc: Y.Doc): void {
    const tracked: Tracked = { doc, pending: [], broken: false };
    try {
      this.catchUp(name);
    } catch (error) {
      // History must never keep a workspace from opening. Until a later catch-up succeeds, live
      // appends write nothing (they would move the cursor past the rows not yet projected).
      tracked.broken = true;
      this.#o.logger.error({ err: error, document: name }, 'activity catch-up failed; will retry');
    }
    const stop = observeChanges(doc, (changes) => {
      // Another process's update: it wrote these entries with its row (issue 16); never appended here.
      if (isApplyingFromCluster(doc)) return;
      for (const c of changes) tracked.pending.push(withProject(doc, c));
    });
    this.#docs.set(name, tracked);
    doc.on('destroy', () => {
      stop();
      if (this.#docs.get(name) === tracked) this.#docs.delete(name);
    });
  }

  /**
   * Called inside the transaction that appends `row`: writes the entries of the transaction that
   * produced it. After an error the document's live projection stops (nothing is written that
   * could skip a row) until `catchUp` replays the rows from the cursor.
   */
  afterAppend(name: string, row: AppendedRow): void {
    const tracked = this.#docs.get(name);
    if (!tracked) return;
    const changes = tracked.pending;
    tracked.pending = [];
    if (tracked.broken) return;
    try {
      const actorId = row.userId;
      // A savepoint: a failed write leaves nothing half-written behind in the update's transaction.
      this.#o.atomically(() =>
        this.#o.store.write(
          name,
          row,
          changes.map((change) => ({ change, actorId })),
        ),
      );
    } catch (error) {
      tracked.broken = true;
      this.#o.logger.error(
        { err: error, document: name, row: row.id },
        'activity projection failed; will replay',
      );
    }
  }

  /**
   * Projects the rows after the document's cursor by replaying them. Returns how many rows it
   * replayed. Safe at any time: everything here is synchronous, so no append interleaves.
   */
  catchUp(name: string): number {
    const { store, log, states, atomically } = this.#o;
    const last = log.lastId(name);
    const cursor = store.cursor(name);
    if (last === null || (cursor !== undefined && cursor >= last)) return 0;
    let doc: Y.Doc;
    let from: number;
    if (cursor === undefined) {
      // Never projected (the backfill): what history holds before its first row is the floor
      // checkpoint, reported as created by whoever the document's stamps name.
      const floor = log.floor(name);
      doc = new Y.Doc();
      from = floor?.uptoId ?? 0;
      if (floor) {
        const base = log.checkpointAtOrBefore(name, floor.uptoId);
        const seen: DocChange[] = [];
        const stop = observeChanges(doc, (c) => seen.push(...c.map((x) => withProject(doc, x))));
        if (base) Y.applyUpdate(doc, base.data);
        stop();
        const entries = seen.map((change) => ({ change, actorId: change.stampedBy }));
        atomically(() => store.write(name, { id: floor.uptoId, arrivedAt: floor.sinceAt }, entries));
      }
    } else {
      doc = states.copyAfter(name, cursor);
      from = cursor;
    }
    let replayed = 0;
    try {
      for (;;) {
        const rows = log.rows(name, from, last, BATCH);
        if (rows.length === 0) break;
        const batch = rows.map((row) => {
          const seen: DocChange[] = [];
          const stop = observeChanges(doc, (c) => seen.push(...c.map((x) => withProject(doc, x))));
          Y.applyUpdate(doc, row.data);
          stop();
          return { row, entries: seen.map((change) => ({ change, actorId: row.userId })) };
        });
        atomically(() => {
          for (const b of batch) store.write(name, b.row, b.entries);
        });
        replayed += rows.length;
        from = (rows.at(-1) as { id: number }).id;
      }
    } finally {
      doc.destroy();
    }
    const tracked = this.#docs.get(name);
    if (tracked) tracked.broken = false;
    if (replayed > 0) this.#o.logger.info({ document: name, rows: replayed }, 'activity caught up');
    return replayed;
  }
}
