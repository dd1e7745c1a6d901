/**
 * A counter that moves when the document changes, for useSyncExternalStore. Bursts of updates
 * (a sync after reconnecting, 500 moves a second) cost one render per frame, not one per update.
 */
import { useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

type VersionStore = { subscribe(listener: () => void): () => void; get(): number };

const stores = new WeakMap<Y.Doc, VersionStore>();

function versionStore(doc: Y.Doc): VersionStore {
  const existing = stores.get(doc);
  if (existing) return existing;
  let version = 0;
  let scheduled = false;
  const listeners = new Set<() => void>();
  const flush = () => {
    scheduled = false;
    version += 1;
    for (const l of listeners) l();
  };
  doc.on('update', () => {
    if (scheduled) return;
    scheduled = true;
    // Hidden tabs get no animation frames; they still need to stay current.
    if (document.visibilityState === 'visible') requestAnimationFrame(flush);
    else setTimeout(flush, 50);
  });
  const store: VersionStore = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get: () => version,
  };
  stores.set(doc, store);
  return store;
}

export function useDocVersion(doc: Y.Doc): number {
  const store = versionStore(doc);
  return useSyncExternalStore(store.subscribe, store.get);
}
