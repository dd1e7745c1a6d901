/** What onAuthenticate puts in a sync connection's context, and who a transaction speaks for. */
import type { Connection } from '@hocuspocus/server';
import * as Y from 'yjs';
import type { Role } from '../auth/policy.ts';

export type SyncContext = {
  userId: string;
  name: string;
  role: Role;
  jti: string;
  /** Access token expiry, seconds since the epoch. */
  exp: number;
  /** The WebSocket upgrade request's id (websocket.ts), carried in the connection's log lines. */
  requestId?: string | undefined;
};

/** Context of a server-side direct connection: REST acting for `userId`. */
export type DirectContext = { userId: string; source: 'rest' };

/**
 * The origin of an update another Taskflow process appended and this one applies from the doc bus
 * (issue 16, docs/SCALE-OUT.md). It is already in the shared log, and the process that appended it
 * ran its effects (activity, notifications, projections into tables) in that transaction, so here
 * persistence does not append it again and those effects skip it. In-memory observers and the
 * relay to this process's sockets still run: that is what applying it is for. One object, compared
 * by identity.
 */
export const CLUSTER_ORIGIN: Readonly<{ source: 'cluster' }> = Object.freeze({ source: 'cluster' });

export function isClusterOrigin(origin: unknown): boolean {
  return origin === CLUSTER_ORIGIN;
}

/** Documents applying a cluster update right now (for observers that are not given the transaction). */
const applyingFromCluster = new WeakSet<Y.Doc>();

/** Applies an update from another process with the cluster origin. */
export function applyFromCluster(doc: Y.Doc, update: Uint8Array): void {
  applyingFromCluster.add(doc);
  try {
    Y.applyUpdate(doc, update, CLUSTER_ORIGIN);
  } finally {
    applyingFromCluster.delete(doc);
  }
}

/**
 * True inside `applyFromCluster` on `doc`: observers that only get the changed ids (activity,
 * notices) skip what another process already projected.
 */
export function isApplyingFromCluster(doc: Y.Doc): boolean {
  return applyingFromCluster.has(doc);
}

/** A Hocuspocus connection's context, when it was authenticated by us. */
export function syncContextOf(connection: Connection | undefined): SyncContext | undefined {
  const ctx = connection?.context as Partial<SyncContext> | undefined;
  return ctx && typeof ctx.userId === 'string' && typeof ctx.role === 'string'
    ? (ctx as SyncContext)
    : undefined;
}

/**
 * The user who caused a document change, from Hocuspocus's transaction origin: a client
 * connection's user, REST's user (direct connection context), or null for the server's own writes
 * (seeding, names, repairs) and for updates from another process (never appended here).
 */
export function authorOf(origin: unknown): string | null {
  if (typeof origin !== 'object' || origin === null || !('source' in origin)) return null;
  const o = origin as { source: unknown; connection?: Connection; context?: { userId?: unknown } };
  if (o.source === 'connection') return syncContextOf(o.connection)?.userId ?? null;
  if (o.source === 'local' && typeof o.context?.userId === 'string') return o.context.userId;
  return null;
}

/** One id per socket, made when its first update is stored: the "which connection" of history. */
const socketIds = new WeakMap<object, string>();

/**
 * The connection a document change came by: a WebSocket (an id of our own per socket; the ids
 * Hocuspocus keeps are private), `rest` for the REST API, or null for the server's own writes.
 */
export function connectionOf(origin: unknown): string | null {
  if (typeof origin !== 'object' || origin === null || !('source' in origin)) return null;
  const o = origin as { source: unknown; connection?: Connection; context?: { source?: unknown } };
  if (o.source === 'connection' && o.connection) {
    const socket = o.connection.webSocket as object;
    let id = socketIds.get(socket);
    if (!id) {
      id = globalThis.crypto.randomUUID();
      socketIds.set(socket, id);
    }
    return id;
  }
  if (o.source === 'local' && o.context?.source === 'rest') return 'rest';
  return null;
}
