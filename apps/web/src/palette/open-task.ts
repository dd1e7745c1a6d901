/**
 * Which task the task panel shows, for the palette's actions ("the task in context"). The panel
 * says so while it is mounted; the palette, mounted in the header, reads it. A tiny store rather
 * than a prop: the panel sits deep in the board, the palette in the frame around every view.
 */
import { useEffect, useSyncExternalStore } from 'react';

let openTaskId: string | null = null;
const listeners = new Set<() => void>();

function set(id: string | null): void {
  if (openTaskId === id) return;
  openTaskId = id;
  for (const l of listeners) l();
}

/** Called by the task panel: while it is mounted, `taskId` is the task in context. */
export function usePublishOpenTask(taskId: string): void {
  useEffect(() => {
    set(taskId);
    // A panel that unmounts clears only its own task: another may have opened meanwhile.
    return () => {
      if (openTaskId === taskId) set(null);
    };
  }, [taskId]);
}

/** The task the panel shows now, or null when no panel is open. */
export function useOpenTaskId(): string | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => openTaskId,
  );
}
