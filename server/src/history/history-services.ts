/** The parts of history, built together (start-server.ts) and handed to the REST routes as one. */

import type { Logger } from '../logger.ts';
import type { Database } from '../persistence/engine/port.ts';
import { HistoryLog } from '../persistence/history-log.ts';
import { ActivityProjector } from './activity-projector.ts';
import { ActivityStore } from './activity-store.ts';
import { HistoryPurge } from './history-purge.ts';
import { PastBoards } from './past-boards.ts';
import { PastStates } from './past-states.ts';

export type HistoryServices = {
  log: HistoryLog;
  store: ActivityStore;
  states: PastStates;
  boards: PastBoards;
  projector: ActivityProjector;
  purge: HistoryPurge;
};

export function createHistory(
  db: Database,
  options: {
    atomically: <T>(fn: () => T) => T;
    logger: Logger;
    keepDays?: number | undefined;
    /** The clock retention counts days by (injected by tests); arrival times are the log's own. */
    now?: () => number;
  },
): HistoryServices {
  const log = new HistoryLog(db);
  const store = new ActivityStore(db);
  const states = new PastStates(log);
  const projector = new ActivityProjector({
    store,
    log,
    states,
    atomically: options.atomically,
    logger: options.logger,
  });
  const purge = new HistoryPurge({
    log,
    store,
    states,
    projector,
    atomically: options.atomically,
    now: options.now ?? Date.now,
    logger: options.logger,
    keepDays: options.keepDays,
  });
  return { log, store, states, boards: new PastBoards(log, store), projector, purge };
}
