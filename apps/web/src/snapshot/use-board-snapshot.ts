/**
 * The board screen's two uses of snapshots: read one while the workspace's document is still
 * loading, and write one, when idle, after the live board changes.
 */
import { type Board, readProjects, type Sprint } from '@taskflow/model';
import { useEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';
import type { BoardSnapshot } from './board-snapshot.ts';
import { readSnapshot } from './snapshot-store.ts';
import { BoardSnapshotWriter } from './snapshot-writer.ts';

/** After the last change, wait this long and then for an idle moment: a drag or typing writes once. */
const WRITE_DELAY_MS = 1_000;
/** A board with no card at all shows none after this many frames either. */
const MAX_FRAMES_TO_CARDS = 6;

/**
 * The stored snapshot of `projectId` (or of any project of the workspace when null), read once
 * while `loading`; `settled` once the read answered (with null when there is none). The workspace
 * applies its stored copy only after the snapshot is painted (or found missing).
 */
export function useStoredSnapshot(
  /** The open workspace (sync/workspace.ts), by what is used here: the snapshot layer sits below it. */
  workspace: { name: string; showFirst(shown: Promise<unknown>): void },
  userId: string,
  projectId: string | null,
  loading: boolean,
): { snapshot: BoardSnapshot | null; settled: boolean } {
  const [state, setState] = useState<{ snapshot: BoardSnapshot | null; settled: boolean }>({
    snapshot: null,
    settled: !loading,
  });
  const painted = useRef<(() => void) | null>(null);
  // Started in the first render, not an effect: the workspace must hear "paint this first" before
  // its stored copy is read back, or it applies that first and the page is blocked meanwhile.
  const [read] = useState(() => {
    if (!loading) return null;
    const shown = new Promise<void>((resolve) => {
      painted.current = resolve;
    });
    const reading = readSnapshot(userId, workspace.name, projectId);
    workspace.showFirst(reading.then((snapshot) => (snapshot ? shown : undefined)));
    return reading;
  });
  useEffect(() => {
    if (!read) return;
    let live = true;
    void read.then((snapshot) => {
      // Marks for performance traces and the browser bench (with sync/local-store.ts's).
      performance.mark('taskflow:snapshot-read');
      if (live) setState({ snapshot, settled: true });
      else painted.current?.();
    });
    return () => {
      live = false;
      painted.current?.();
    };
  }, [read]);
  useEffect(() => {
    if (!state.snapshot) return;
    // Columns may place their cards a frame or two after the commit (a virtualized list measures
    // first): wait for a card on the page, then one frame more, so the frame showing it is painted
    // and what was queued behind it (input, a paint-timing observer) runs before the long apply.
    let frames = 0;
    const next = () => {
      if (document.querySelector('.board-scroll article') || ++frames > MAX_FRAMES_TO_CARDS)
        requestAnimationFrame(() =>
          setTimeout(() => {
            performance.mark('taskflow:snapshot-painted');
            painted.current?.();
          }, 0),
        );
      else requestAnimationFrame(next);
    };
    requestAnimationFrame(next);
  }, [state.snapshot]);
  return state;
}

/** One slice of a write's work on the page; the rest waits for the next idle moment. */
const SLICE_MS = 4;

/** Runs `run` when the page is idle, with the time it may take; returns cancel. */
const idle = (run: (budgetMs: number) => void): (() => void) => {
  if (typeof requestIdleCallback === 'function') {
    // A timed-out callback (the page was never idle) takes a full slice: it must get on too.
    const handle = requestIdleCallback(
      (deadline) => run(deadline.didTimeout ? SLICE_MS : deadline.timeRemaining()),
      {
        timeout: 5_000,
      },
    );
    return () => cancelIdleCallback(handle);
  }
  const handle = setTimeout(() => run(SLICE_MS), 0);
  return () => clearTimeout(handle);
};

/**
 * Writes the live board's snapshot after it changes (debounced, then in idle slices of at most
 * SLICE_MS: snapshot-writer.ts encodes only what changed and stores off the page's thread).
 */
export function useSnapshotWriter(options: {
  userId: string;
  workspaceId: string;
  doc: Y.Doc;
  board: Board | undefined;
  sprints: Sprint[];
  people: Record<string, string>;
}): void {
  const { userId, workspaceId, doc, board, sprints, people } = options;
  const [writer] = useState(() => new BoardSnapshotWriter());
  useEffect(() => () => writer.dispose(), [writer]);
  useEffect(() => {
    if (!board) return;
    let cancelIdle: (() => void) | undefined;
    const around = () => ({ projects: readProjects(doc), sprints, people });
    const slice = (budgetMs: number) => {
      const end = performance.now() + Math.min(SLICE_MS, Math.max(budgetMs, 1));
      const written = writer.step(userId, workspaceId, board, around, () => performance.now() > end);
      if (written)
        written.catch((error: unknown) => console.warn('could not store the board snapshot', error));
      else cancelIdle = idle(slice);
    };
    const timer = setTimeout(() => {
      cancelIdle = idle(slice);
    }, WRITE_DELAY_MS);
    return () => {
      clearTimeout(timer);
      cancelIdle?.();
    };
  }, [writer, userId, workspaceId, doc, board, sprints, people]);
}
