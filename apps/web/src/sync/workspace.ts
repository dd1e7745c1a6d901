/**
 * One workspace = one Y.Doc, kept in IndexedDB, relayed between tabs and synced with the server.
 * Created once per page, outside React, so StrictMode's double effects cannot open two sockets.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { countsAsLocalChange, deriveSyncState, type SyncInputs, type SyncSnapshot } from './sync-status.ts';
import { TabRelay } from './tab-relay.ts';

export type Workspace = {
  readonly name: string;
  readonly doc: Y.Doc;
  /** Resolves once the local copy is loaded from IndexedDB; the board renders from then on. */
  readonly ready: Promise<void>;
  readonly sync: {
    subscribe(listener: () => void): () => void;
    get(): SyncSnapshot;
  };
  destroy(): void;
};

/** IndexedDB normally answers in milliseconds; if it never does (broken profile), show the network copy. */
const IDB_TIMEOUT_MS = 5_000;

function syncUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/sync`;
}

export function openWorkspace(name = 'default'): Workspace {
  const doc = new Y.Doc();
  const idb = new IndexeddbPersistence(`taskflow:${name}`, doc);
  const relay = new TabRelay(doc, `taskflow:${name}`, new Set([idb]));
  const pendingKey = `taskflow:pending:${name}`;

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
    url: syncUrl(),
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
    // A function, not a string: a static token loops on permission-denied once it expires (NOTES).
    token: async () => 'anonymous',
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

  const onDocUpdate = (_update: Uint8Array, origin: unknown) => {
    // Counted even while connected: if the socket drops before the ack, the change is still waiting.
    if (!countsAsLocalChange(origin, relay)) return;
    const localPending = inputs.localPending + 1;
    localStorage.setItem(pendingKey, String(localPending));
    update({ localPending });
  };
  doc.on('update', onDocUpdate);

  const connect = () => {
    if (navigator.onLine) void socket.connect();
  };
  // The provider has no online/offline listeners and backs off up to maxDelay (NOTES). An open
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
    idb.whenSynced.then(() => undefined),
    new Promise<void>((resolve) => setTimeout(resolve, IDB_TIMEOUT_MS)),
  ]).then(() => {
    relay.start();
    provider.attach();
    connect();
  });
  void navigator.storage?.persist?.().catch(() => false);

  return {
    name,
    doc,
    ready,
    sync: {
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      get: () => snapshot,
    },
    destroy() {
      window.removeEventListener('online', onOnline);
      window.removeEventListener('offline', onOffline);
      document.removeEventListener('visibilitychange', onVisible);
      doc.off('update', onDocUpdate);
      provider.destroy();
      socket.destroy();
      relay.destroy();
      void idb.destroy();
    },
  };
}
