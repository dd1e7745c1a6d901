/** The Hocuspocus instance: our extensions, and settings that keep the write-before-ack rule. */
import { Hocuspocus } from '@hocuspocus/server';
import { seedWorkspace } from '@taskflow/model';
import type { Logger } from '../logger.ts';
import { SqlitePersistence } from '../persistence/extension.ts';
import { UpdateLog } from '../persistence/update-log.ts';
import { documentPolicy } from './documents.ts';
import { updateGuard } from './update-guard.ts';

export type SyncServer = { hocuspocus: Hocuspocus; persistence: SqlitePersistence };

export function createSyncServer(options: {
  log: UpdateLog;
  logger: Logger;
  compactEvery: number;
}): SyncServer {
  const persistence = new SqlitePersistence({
    log: options.log,
    logger: options.logger,
    compactEvery: options.compactEvery,
    seed: (doc, documentName) => seedWorkspace(doc, { workspaceId: documentName }),
  });
  const hocuspocus = new Hocuspocus({
    name: 'taskflow',
    quiet: true,
    extensions: [documentPolicy, updateGuard(options.logger), persistence],
    // Hocuspocus batches broadcasts until setImmediate, but flushes at once, inside its own
    // `update` handler, when the batch reaches flushMaxBytes. That handler runs before ours, so
    // such a flush would put an update on other clients' sockets before it is in SQLite.
    // Infinity (above MAX_FRAME_BYTES x 4, always) means it never flushes there; the batch still
    // goes out at the end of the event-loop turn, so memory stays bounded by one turn's input.
    flushMaxBytes: Number.POSITIVE_INFINITY,
  });
  return { hocuspocus, persistence };
}

export { UpdateLog };
