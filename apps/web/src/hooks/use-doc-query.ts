/**
 * `useDocQuery(doc, read, deps)`: what `read` returns for the document, read again when the
 * document changes or one of `deps` (the read's other inputs) does. Components say what they read,
 * not when: no document version is passed down, and no hook lists a value it does not use.
 *
 * Document changes reach React through one counter per document, for useSyncExternalStore.
 * Bursts of updates (a sync after reconnecting, 500 moves a second) cost one render per frame,
 * not one per update. A person's own edit in this tab (a `user` origin) is announced at once
 * instead, like a plain React state update: waiting for the frame put a local move's paint one
 * frame later (issue 13, "a local move visible in one frame").
 */
import { isModelOrigin } from '@taskflow/model';
import { type DependencyList, useRef, useSyncExternalStore } from 'react';
import type * as Y from 'yjs';

type VersionStore = {
  subscribe(listener: () => void): () => void;
  get(): number;
  /** Announces a pending change now instead of at the next frame. */
  flushPending(): void;
};

const stores = new WeakMap<Y.Doc, VersionStore>();

/** The document's version as React reads it (exported for its test). */
export function versionStore(doc: Y.Doc): VersionStore {
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
  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (isModelOrigin(origin) && origin.kind === 'user') {
      // Now, not in a microtask: React batches this with the state updates of the same event (a
      // drop ends dnd-kit's drag in the handler that moves the task), so the drop and the moved
      // card render in one pass instead of two. React renders once per task however many updates.
      flush();
      return;
    }
    if (scheduled) return;
    scheduled = true;
    // Hidden tabs get no animation frames; they still need to stay current.
    if (document.visibilityState === 'visible') requestAnimationFrame(() => scheduled && flush());
    else setTimeout(() => scheduled && flush(), 50);
  });
  const store: VersionStore = {
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get: () => version,
    flushPending: () => {
      if (scheduled) flush();
    },
  };
  stores.set(doc, store);
  return store;
}

/**
 * Announces the document's pending changes now, not at the next frame: for a state change that
 * must render together with them. The workspace turning ready (use-workspace-ready.ts) while the
 * loaded document waited for its frame rendered one pass with `ready` but an empty document: the
 * board became "no projects" or "no such task" for a frame, and every card was mounted anew.
 */
export function flushDocChanges(doc: Y.Doc): void {
  versionStore(doc).flushPending();
}

type LastRead<T> = { doc: Y.Doc; version: number; deps: DependencyList; value: T };

function sameDeps(a: DependencyList, b: DependencyList): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

/**
 * `read` should be pure over the document and `deps`: it runs again only when either changes, so
 * an inline arrow is fine. Like useMemo, but the document's version is kept here, not by the
 * caller (useMemo cannot take it: its dependency list would name a value the read does not use).
 */
export function useDocQuery<T>(doc: Y.Doc, read: (doc: Y.Doc) => T, deps: DependencyList = []): T {
  const store = versionStore(doc);
  const version = useSyncExternalStore(store.subscribe, store.get);
  const last = useRef<LastRead<T> | null>(null);
  const kept = last.current;
  if (kept && kept.doc === doc && kept.version === version && sameDeps(kept.deps, deps)) {
    return kept.value;
  }
  const value = read(doc);
  last.current = { doc, version, deps, value };
  return value;
}
