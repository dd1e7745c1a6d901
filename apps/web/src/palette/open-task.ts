/**
 * Which task the palette's actions act on ("the task in context"): the one the task panel shows,
 * else the one selected on the board with J/K or the arrows (as Linear's Cmd+K acts on the focused
 * issue). The panel and the board say so while they are mounted; the palette, mounted in the
 * header, reads it. A tiny store rather than a prop: the panel and the board sit deep in the page,
 * the palette in the frame around every view.
 */
import { useEffect, useSyncExternalStore } from 'react';

const slots: { open: string | null; selected: string | null } = { open: null, selected: null };
const listeners = new Set<() => void>();

function set(slot: keyof typeof slots, id: string | null): void {
  if (slots[slot] === id) return;
  slots[slot] = id;
  for (const l of listeners) l();
}

function usePublish(slot: keyof typeof slots, taskId: string | null): void {
  useEffect(() => {
    set(slot, taskId);
    // One that unmounts clears only its own task: another may have taken the slot meanwhile.
    return () => {
      if (slots[slot] === taskId) set(slot, null);
    };
  }, [slot, taskId]);
}

/** Called by the task panel: while it is mounted, `taskId` is the task in context. */
export function usePublishOpenTask(taskId: string): void {
  usePublish('open', taskId);
}

/** Called by the board: its selected task is in context while no panel is open. */
export function usePublishSelectedTask(taskId: string | null): void {
  usePublish('selected', taskId);
}

/** The task the panel shows, else the board's selected one; null when there is neither. */
export function useContextTaskId(): string | null {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => slots.open ?? slots.selected,
  );
}
