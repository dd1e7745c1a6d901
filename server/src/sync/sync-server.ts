/** The Hocuspocus instance: our extensions, and settings that keep the write-before-ack rule. */
import { type Extension, Hocuspocus } from '@hocuspocus/server';
import { seedWorkspace } from '@taskflow/model';
import type { Authenticator } from '../accounts/authenticator.ts';
import type { EntityIndex } from '../accounts/entity-index.ts';
import type { SyncClients } from '../accounts/sync-clients.ts';
import type { RevokedTokens } from '../accounts/users.ts';
import type { Workspaces } from '../accounts/workspaces.ts';
import type { AwarenessBus } from '../cluster/awareness-bus.ts';
import type { DocBus } from '../cluster/doc-bus.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { SyncTracing } from '../observability/sync-tracing.ts';
import { type AppendedRow, type ClusterLink, SqlitePersistence } from '../persistence/extension.ts';
import { UpdateLog } from '../persistence/update-log.ts';
import { awarenessGuard } from './awareness-guard.ts';
import { clusterAwareness } from './cluster-awareness.ts';
import { applyFromCluster, authorOf, connectionOf, isClusterOrigin } from './context.ts';
import { descriptionFragments } from './description-fragments.ts';
import { documentPolicy } from './documents.ts';
import { entityProjection } from './entity-projection.ts';
import { IdleUnload } from './idle-unload.ts';
import { serveInitialStateFromCache } from './initial-state.ts';
import { LiveConnections } from './live-connections.ts';
import { peopleNames } from './people-names.ts';
import { relayWhenStored } from './relay.ts';
import { taskNumbering } from './task-numbering.ts';
import { updateGuard } from './update-guard.ts';

export type SyncServer = {
  hocuspocus: Hocuspocus;
  persistence: SqlitePersistence;
  live: LiveConnections;
  idle: IdleUnload;
};

export type SyncServerOptions = {
  log: UpdateLog;
  logger: Logger;
  compactEvery: number;
  checkpointEvery?: number | undefined;
  /** How long a document nobody uses stays loaded (sync/idle-unload.ts). */
  idleUnloadMs: number;
  authenticator: Authenticator;
  /** Roles: who may open a document, and whose live connection a role change ends. */
  workspaces: Workspaces;
  /** Logged-out tokens end live connections. */
  revoked: RevokedTokens;
  /** Which Yjs clientIDs belong to whom. */
  syncClients: SyncClients;
  entities: EntityIndex;
  /** Run after ours (the schedule projection, document events). */
  extensions?: Extension[];
  /** Run right after authentication, before the content guard: cheap refusals (rate limits). */
  guards?: Extension[];
  afterAppend?: (documentName: string, row: AppendedRow) => void;
  afterCheckpoint?: (documentName: string, uptoId: number, doc: import('yjs').Doc) => void;
  /** Spans for client updates, their appends and relays; unset when tracing is off. */
  tracing?: Pick<SyncTracing, 'extension' | 'append' | 'broadcast'> | undefined;
  /** Appends counted and timed (observability/metrics.ts). */
  metrics?: Pick<Metrics, 'updatesAppended' | 'appendSeconds'>;
  /** Other processes on the same PostgreSQL (REDIS_URL, issue 16); unset: this process is the only one. */
  bus?: Pick<DocBus, 'publish' | 'subscribe'> | undefined;
  /** Presence between those processes (REDIS_URL). */
  awarenessBus?: Pick<AwarenessBus, 'publish' | 'subscribe'> | undefined;
};

/** The persistence extension's view of the doc bus: updates from it applied with the cluster origin. */
export function clusterLink(bus: Pick<DocBus, 'publish' | 'subscribe'>): ClusterLink {
  return {
    follow: (documentName, afterSeq, deliver) => bus.subscribe(documentName, afterSeq, deliver),
    publish: (documentName, seq, update) => bus.publish(documentName, seq, update),
    apply: applyFromCluster,
    isRemote: isClusterOrigin,
  };
}

export function createSyncServer(options: SyncServerOptions): SyncServer {
  const { logger } = options;
  const persistence = new SqlitePersistence({
    log: options.log,
    logger,
    compactEvery: options.compactEvery,
    ...(options.checkpointEvery !== undefined ? { checkpointEvery: options.checkpointEvery } : {}),
    // Only documents of existing workspaces are ever opened (documents.ts refuses the rest before
    // loading; REST opens only workspaces it has authorized), so any unstored one is a new workspace.
    seed: (doc, documentName) => seedWorkspace(doc, { workspaceId: documentName }),
    authorOf,
    connectionOf,
    ...(options.afterAppend ? { afterAppend: options.afterAppend } : {}),
    ...(options.afterCheckpoint ? { afterCheckpoint: options.afterCheckpoint } : {}),
    traceAppend: options.tracing?.append,
    metrics: options.metrics,
    cluster: options.bus ? clusterLink(options.bus) : undefined,
  });
  const live = new LiveConnections(
    {
      isRevoked: (jti) => options.revoked.isRevoked(jti),
      roleOf: (workspaceId, userId) => options.workspaces.roleOf(workspaceId, userId),
    },
    logger,
  );
  const idle = new IdleUnload({ idleMs: options.idleUnloadMs });
  // A new device's handshake (an empty state vector) reuses the document's encoding while the
  // document is unchanged, instead of encoding the whole workspace again (initial-state.ts).
  serveInitialStateFromCache();
  const hocuspocus = new Hocuspocus({
    name: 'taskflow',
    quiet: true,
    // Order matters: authenticate first; one guard judges all content (structure, cost,
    // clientIDs, identity) before it is applied; persistence appends in the update handler.
    extensions: [
      documentPolicy({ authenticator: options.authenticator, workspaces: options.workspaces, logger }),
      ...(options.guards ?? []),
      updateGuard(options.syncClients, logger, options.bus ? (name) => persistence.catchUp(name) : undefined),
      awarenessGuard(options.syncClients),
      persistence,
      entityProjection(options.entities, logger),
      taskNumbering(logger),
      descriptionFragments(logger),
      live.extension,
      ...(options.awarenessBus ? [clusterAwareness(options.awarenessBus)] : []),
      peopleNames(logger, (workspaceId) => options.workspaces.members(workspaceId)),
      ...(options.extensions ?? []),
      // After every extension that writes from a transaction's end (task numbers): relay.ts.
      relayWhenStored({
        inTransaction: () => options.log.database.inTransaction,
        traceBroadcast: options.tracing?.broadcast,
      }),
      // After the relay: the update span it ends must outlast the relay's flush (sync-tracing.ts).
      ...(options.tracing ? [options.tracing.extension] : []),
      // Last: its onDisconnect/onStoreDocument hold the document after every other extension's.
      idle.extension,
    ],
    // Hocuspocus batches broadcasts until setImmediate, but flushes at once, inside its own
    // `update` handler, when the batch reaches flushMaxBytes. That handler runs before ours, so
    // such a flush would put an update on other clients' sockets before it is in SQLite.
    // Infinity (above MAX_FRAME_BYTES x 4, always) means it never flushes there; the batch still
    // goes out at the end of the event-loop turn, so memory stays bounded by one turn's input.
    flushMaxBytes: Number.POSITIVE_INFINITY,
    // Hocuspocus's own queue for documents still authenticating. handshake-order.ts charges the same
    // frames against tighter caps (per socket and across all sockets) before they get here; these
    // are a backstop. An honest socket queues an Auth, a SyncStep1 and an awareness update for one
    // document.
    maxPendingDocuments: 8,
    maxUnauthenticatedQueueMessages: 256,
  });
  if (options.bus) readYourWrites(hocuspocus, persistence);
  live.start();
  return { hocuspocus, persistence, live, idle };
}

/**
 * Server-side reads and writes (REST, the ticker) open a direct connection; with several processes
 * the copy here may lag the log by a bus message in flight, or by up to the doc bus's periodic
 * check while Redis is away. A task made through one instance and read or edited through another
 * right after would be "not found". So every direct connection first brings the loaded copy up to
 * the log (one indexed read; nothing when it is current). Hocuspocus has no hook there: the method
 * is wrapped.
 */
function readYourWrites(hocuspocus: Hocuspocus, persistence: SqlitePersistence): void {
  const open = hocuspocus.openDirectConnection.bind(hocuspocus);
  hocuspocus.openDirectConnection = async (documentName, context) => {
    const connection = await open(documentName, context);
    persistence.catchUp(documentName);
    return connection;
  };
}

export { UpdateLog };
