/**
 * The server's storage path for one workspace document, built in this process from the real
 * parts: a Hocuspocus `Document`, `SqlitePersistence` on an `UpdateLog` in a real SQLite file, and
 * (when history is on) the `ActivityProjector` attached to the document and called from
 * `afterAppend`, as start-server.ts wires it. An update applied to `doc` is stored exactly as a
 * client's update is on the server: appended in the document's `update` event, its activity
 * entries written in the same transaction. Hocuspocus's sockets, auth and update guard are not
 * here; they cost the same with history on or off.
 *
 * What is left out of `afterAppend`: the schedule's stale mark and the notifications of the edit,
 * which need the accounts of a whole server; both variants of the bench lack them alike.
 */
import { Document } from '@hocuspocus/server';
import type { Origin } from '@taskflow/model';
import { createLogger } from '@taskflow/server';
import * as Y from 'yjs';
import { DEFAULTS } from '../server/src/config.ts';
import { createHistory, type HistoryServices } from '../server/src/history/history-services.ts';
import { atomically, openDatabase } from '../server/src/persistence/database.ts';
import { SqlitePersistence } from '../server/src/persistence/extension.ts';
import { UpdateLog } from '../server/src/persistence/update-log.ts';

export type StoredDoc = {
  doc: Document;
  log: UpdateLog;
  history: HistoryServices | undefined;
  persistence: SqlitePersistence;
  /** Compacts what is pending and closes the database. */
  close(): void;
};

export type StoreOptions = {
  dataDir: string;
  document: string;
  /** Project each update into activity entries in its append transaction. */
  history: boolean;
  /** The clock rows are stamped with (arrival time); default Date.now. */
  now?: () => number;
  compactEvery?: number;
  checkpointEvery?: number;
  /** Fills the document when nothing is stored for it (its first row). */
  seed: (doc: Y.Doc, name: string) => void;
};

/** The user a transaction speaks for: the model's user origin, as the server maps a connection. */
const authorOf = (origin: unknown): string | null => {
  const o = origin as Origin | null | undefined;
  return o && (o.kind === 'user' || o.kind === 'rest') ? o.actorId : null;
};

export async function openStoredDoc(o: StoreOptions): Promise<StoredDoc> {
  const logger = createLogger('silent');
  const db = openDatabase({ dataDir: o.dataDir, synchronous: DEFAULTS.dbSynchronous });
  const log = new UpdateLog(db, o.now);
  const history = o.history ? createHistory(db, { atomically: atomically(db), logger }) : undefined;
  const persistence = new SqlitePersistence({
    log,
    logger,
    compactEvery: o.compactEvery ?? DEFAULTS.compactEvery,
    checkpointEvery: o.checkpointEvery ?? DEFAULTS.checkpointEvery,
    seed: o.seed,
    authorOf,
    ...(history
      ? {
          afterAppend: history.projector.afterAppend.bind(history.projector),
          // As start-server.ts: a board view is kept beside each checkpoint.
          afterCheckpoint: history.boards.keepView.bind(history.boards),
        }
      : {}),
  });
  const doc = new Document(o.document);
  // The hook payloads carry the whole Hocuspocus context; persistence reads only these two fields.
  const payload = { documentName: o.document, document: doc } as never;
  const state = await persistence.onLoadDocument(payload);
  if (state) Y.applyUpdate(doc, state);
  await persistence.afterLoadDocument(payload);
  history?.projector.attach(o.document, doc);
  return {
    doc,
    log,
    history,
    persistence,
    close: () => {
      persistence.close();
      doc.destroy();
    },
  };
}

/** Lets compaction run: SqlitePersistence schedules it with setImmediate, off the ack path. */
export const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
