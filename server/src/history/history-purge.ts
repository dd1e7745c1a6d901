/**
 * Removing old history: an owner's purge of everything before a date, and the retention setting
 * (`HISTORY_KEEP_DAYS`) that runs the same purge daily. A purge only removes rows the load snapshot
 * already holds, keeps the state at its boundary as a checkpoint (so every later moment can still
 * be shown and restored), removes the activity entries of those rows, and is itself recorded: in
 * `history_purges` and as an activity entry.
 */

import type { Logger } from '../logger.ts';
import { Periodic } from '../periodic.ts';
import type { HistoryLog } from '../persistence/history-log.ts';
import type { ActivityProjector } from './activity-projector.ts';
import type { ActivityStore } from './activity-store.ts';
import type { PastStates } from './past-states.ts';

export type HistoryPurgeOptions = {
  log: HistoryLog;
  store: ActivityStore;
  states: PastStates;
  projector: Pick<ActivityProjector, 'catchUp'>;
  atomically: <T>(fn: () => T) => T;
  now: () => number;
  logger: Logger;
  /** Unset: history is kept forever. */
  keepDays?: number | undefined;
};

export type PurgeResult = { rowsDeleted: number; upToRow: number | null };

const DAY = 86_400_000;

export class HistoryPurge {
  readonly #o: HistoryPurgeOptions;
  readonly #runner: Periodic<void>;

  constructor(options: HistoryPurgeOptions) {
    this.#o = options;
    this.#runner = new Periodic({
      pass: async () => this.#retain(),
      intervalMs: DAY,
      deferFirst: true,
      onError: (error) => options.logger.error({ err: error }, 'history retention pass failed'),
    });
  }

  /** Removes the document's history before `before` (ms); `by` is who asked (null: retention). */
  purgeBefore(document: string, before: number, by: string | null): PurgeResult {
    const { log, store, states, atomically, now } = this.#o;
    // Entries first, so the cursor is past the boundary and nothing is left to replay from below it.
    this.#o.projector.catchUp(document);
    const boundaryId = log.purgeBoundary(document, before);
    if (boundaryId === null) return { rowsDeleted: 0, upToRow: null };
    const state = states.encodedStateAfter(document, boundaryId);
    const at = now();
    const rowsDeleted = atomically(() => {
      const deleted = log.purge(document, { boundaryId, before, state, by, now: at });
      store.purgeUpTo(document, boundaryId);
      store.write(document, { id: boundaryId, arrivedAt: at }, [
        {
          actorId: by,
          change: {
            kind: 'history.purged',
            entityId: document,
            taskId: null,
            projectId: null,
            madeAt: new Date(at).toISOString(),
            stampedBy: by,
            changes: [{ field: 'before', from: null, to: new Date(before).toISOString() }],
          },
        },
      ]);
      return deleted;
    });
    this.#o.logger.info({ document, before, rows: rowsDeleted, by }, 'history purged');
    return { rowsDeleted, upToRow: boundaryId };
  }

  start(): void {
    if (this.#o.keepDays !== undefined) this.#runner.start();
  }

  stop(): Promise<void> {
    return this.#runner.stop();
  }

  #retain(): void {
    const keepDays = this.#o.keepDays;
    if (keepDays === undefined) return;
    const before = this.#o.now() - keepDays * DAY;
    for (const document of this.#o.log.documents()) this.purgeBefore(document, before, null);
  }
}
