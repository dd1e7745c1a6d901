/**
 * One workspace = one Y.Doc, kept in IndexedDB, relayed between tabs and synced with the server.
 * Local data is per person and workspace (`taskflow:<userId>:<workspaceId>`); the document's name
 * on the server is the workspace id. Opened through workspace-registry.ts, never twice at once.
 */

import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { trackDatabase } from '../session/local-data.ts';
import { pendingKey as pendingStorageKey, workspaceDbName } from '../session/storage-keys.ts';
import { reopenSnapshots, snapshotDbName } from '../snapshot/snapshot-store.ts';
import { LocalStore } from './local-store.ts';
import { quietLargeSyncMessages } from './quiet-apply.ts';
import { rateLimitedFor } from './rate-limited.ts';
import { countsAsLocalChange, deriveSyncState, type SyncInputs, type SyncSnapshot } from './sync-status.ts';
import { TabRelay } from './tab-relay.ts';

/**
 * What the server lets this person do with the document: unknown until it answers (offline, the
 * cached role decides), `denied` when it refuses (removed, or the workspace is gone), `no-token`
 * when there was no token to send (session expired, or the refresh failed).
 */
export type Access = 'unknown' | 'read-write' | 'readonly' | 'denied' | 'no-token';

export type Workspace = {
  readonly name: string;
  readonly userId: string;
  readonly doc: Y.Doc;
  /** Resolves once the local copy is loaded from IndexedDB; the board renders from then on. */
  readonly ready: Promise<void>;
  readonly sync: {
    subscribe(listener: () => void): () => void;
    get(): SyncSnapshot;
  };
  readonly access: {
    subscribe(listener: () => void): () => void;
    get(): Access;
  };
  /**
   * Asks for the stored copy to be applied only once `shown` settles (a board painted from its
   * snapshot: applying blocks the page for a while), for at most a second. Call before `ready`.
   */
  showFirst(shown: Promise<unknown>): void;
  /** Resolves once the database connection is closed (sign-out deletes it next). */
  destroy(): Promise<void>;
};

export type OpenOptions = {
  userId: string;
  workspaceId: string;
  /** The session's token function; it throws when there is none to give. */
  token: () => Promise<string>;
  /** A new token after the server refused `refused` (revoked, or expired early); throws if none. */
  renewToken: (refused: string) => Promise<string>;
  /** False while the session is expired: retrying for a token is pointless until a new sign-in. */
  canRetryToken: () => boolean;
  /**
   * Each stateless message: the server pushes the unread count over every sync connection of the
   * person (issue 4). An option, so this layer needs nothing from the notifications that use it.
   */
  onPush: (payload: string) => void;
};

/** After a failed token fetch (server restarting, network blip), ask again this much later. */
const TOKEN_RETRY_MS = 2_000;

/** IndexedDB normally answers in milliseconds; if it never does (broken profile), show the network copy. */
const IDB_TIMEOUT_MS = 5_000;

/**
 * One socket per workspace, named in the query: the server ignores it, but a load balancer in front
 * of several processes can hash it, so one workspace's tabs meet on one process (issue 16,
 * docs/SCALE-OUT.md "Routing").
 */
function syncUrl(workspaceId: string): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/sync?workspace=${encodeURIComponent(workspaceId)}`;
}

export function openWorkspace(options: OpenOptions): Workspace {
  const { userId, workspaceId: name } = options;
  const dbName = workspaceDbName(userId, name);
  trackDatabase(userId, dbName);
  trackDatabase(userId, snapshotDbName(userId));
  reopenSnapshots(userId);
  const doc = new Y.Doc();
  const local = new LocalStore(dbName, doc);
  const relay = new TabRelay(doc, dbName, new Set([local]));
  const pendingKey = pendingStorageKey(userId, name);
  let destroyed = false;
  /** The token last sent, and whether a refusal of it already got one renewal. */
  let lastToken: string | null = null;
  let renewed = false;

  const inputs: SyncInputs = {
    browserOnline: navigator.onLine,
    socketConnected: false,
    failedSinceConnect: false,
    providerSynced: false,
    providerUnsynced: 0,
    localPending: Number(localStorage.getItem(pendingKey)) || 0,
  };
  let snapshot = deriveSyncState(inputs);
  const listeners = new Set<() => void>();
  const update = (patch: Partial<SyncInputs>) => {
    Object.assign(inputs, patch);
    const next = deriveSyncState(inputs);
    if (next.state === 'saved' && inputs.localPending !== 0) {
      inputs.localPending = 0;
      localStorage.setItem(pendingKey, '0');
    }
    if (next.state === snapshot.state && next.pending === snapshot.pending) return;
    snapshot = next;
    for (const l of listeners) l();
  };

  const socket = new HocuspocusProviderWebsocket({
    url: syncUrl(name),
    delay: 250,
    minDelay: 250,
    maxDelay: 2_000,
    factor: 1.5,
    // Connect only after the IndexedDB copy is loaded, so the first sync sends a full state vector.
    autoConnect: false,
  });
  const provider = new HocuspocusProvider({
    name,
    document: doc,
    websocketProvider: socket,
    // A function, not a string: a static token loops on permission-denied once it expires.
    token: async () => {
      lastToken = await options.token();
      return lastToken;
    },
  });

  let access: Access = 'unknown';
  const accessListeners = new Set<() => void>();
  const setAccess = (next: Access) => {
    if (next === access) return;
    access = next;
    for (const l of accessListeners) l();
  };
  let tokenRetry: ReturnType<typeof setTimeout> | undefined;
  // The socket stays open but unauthenticated and the provider never asks again by itself.
  const reconnectSoon = (delay: number) => {
    socket.disconnect();
    clearTimeout(tokenRetry);
    tokenRetry = setTimeout(() => {
      if (!destroyed && options.canRetryToken()) connect();
    }, delay);
  };
  provider.on('authenticated', ({ scope }: { scope: string }) => {
    renewed = false;
    setAccess(scope === 'readonly' ? 'readonly' : 'read-write');
  });
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
    // The provider reports its own token failures with this prefix.
    if (reason.startsWith('Failed to get token')) {
      setAccess('no-token');
      reconnectSoon(TOKEN_RETRY_MS);
      return;
    }
    // The server refused. `forbidden` is about membership; anything else may be a revoked or
    // expired token, so renew it once before believing the refusal (an ended session then shows
    // as such, not as lost access).
    if (reason === 'forbidden' || renewed || lastToken === null) {
      setAccess('denied');
      return;
    }
    renewed = true;
    options.renewToken(lastToken).then(
      () => reconnectSoon(0),
      () => {
        // Expired: canRetryToken() now says no and the session asks to sign in. Otherwise retry later.
        setAccess('no-token');
        reconnectSoon(TOKEN_RETRY_MS);
      },
    );
  });

  // The server's whole copy at first open: applied without Yjs encoding it back (quiet-apply.ts).
  const stopQuiet = quietLargeSyncMessages(provider, doc, provider);
  provider.on('stateless', ({ payload }: { payload: string }) => {
    // Too fast: the server closes this socket next; come back when it said, not on the short backoff.
    const wait = rateLimitedFor(payload);
    if (wait !== undefined) reconnectSoon(wait * 1000);
    else options.onPush(payload);
  });

  socket.on('status', ({ status }: { status: WebSocketStatus }) => {
    const connected = status === WebSocketStatus.Connected;
    update({ socketConnected: connected, ...(connected ? { failedSinceConnect: false } : {}) });
  });
  socket.on('disconnect', () =>
    update({ failedSinceConnect: true, socketConnected: false, providerSynced: false }),
  );
  provider.on('synced', () => update({ providerSynced: true, providerUnsynced: provider.unsyncedChanges }));
  provider.on('unsyncedChanges', ({ number }: { number: number }) =>
    update({ providerUnsynced: number, providerSynced: provider.isSynced }),
  );

  // The count survives reloads; written once per task, not once per update (a drag or typing
  // makes many), since localStorage writes are synchronous.
  let pendingWrite = false;
  const onDocUpdate = (_update: Uint8Array, origin: unknown) => {
    // Counted even while connected: if the socket drops before the ack, the change is still waiting.
    if (!countsAsLocalChange(origin, relay)) return;
    update({ localPending: inputs.localPending + 1 });
    if (pendingWrite) return;
    pendingWrite = true;
    queueMicrotask(() => {
      pendingWrite = false;
      localStorage.setItem(pendingKey, String(inputs.localPending));
    });
  };
  doc.on('update', onDocUpdate);

  const connect = () => {
    if (navigator.onLine) void socket.connect();
  };
  // The provider has no online/offline listeners and backs off up to maxDelay. An open
  // socket may outlive the network going away, so going offline disconnects it explicitly.
  const onOnline = () => {
    update({ browserOnline: true });
    connect();
  };
  const onOffline = () => {
    update({ browserOnline: false });
    socket.disconnect();
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') connect();
  };
  window.addEventListener('online', onOnline);
  window.addEventListener('offline', onOffline);
  document.addEventListener('visibilitychange', onVisible);

  const ready = Promise.race([
    local.whenLoaded.catch((error: unknown) => {
      // A damaged local copy must not keep the workspace shut: the server's copy arrives instead.
      console.error('could not read this device’s copy of the workspace', error);
    }),
    new Promise<void>((resolve) => setTimeout(resolve, IDB_TIMEOUT_MS)),
  ]).then(() => {
    if (destroyed) return;
    relay.start();
    provider.attach();
    connect();
  });
  void navigator.storage?.persist?.().catch(() => false);

  return {
    name,
    userId,
    doc,
    ready,
    sync: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      get: () => snapshot,
    },
    access: {
      subscribe(listener) {
        accessListeners.add(listener);
        return () => accessListeners.delete(listener);
      },
      get: () => access,
    },
    showFirst: (shown) => local.showFirst(shown),
    async destroy() {
      destroyed = true;
      clearTimeout(tokenRetry);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisible);
      doc.off('update', onDocUpdate);
      stopQuiet();
      provider.destroy();
      socket.destroy();
      relay.destroy();
      await local.destroy();
    },
  };
}
