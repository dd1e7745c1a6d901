/**
 * One clock for every card that shows a deadline: it ticks on each minute boundary while at least
 * one card listens and stops when none does, so a board of due cards costs one timer, not one per
 * card. A card re-renders only when its own state (overdue, due soon) changes.
 */
import { useSyncExternalStore } from 'react';
import { type DueState, dueState } from './deadline-instant.ts';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setTimeout> | undefined;

function schedule(): void {
  // Re-aimed at the next boundary each time: a sleeping laptop or a throttled tab does not drift.
  timer = setTimeout(tick, 60_000 - (Date.now() % 60_000) + 5);
}

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
  schedule();
}

export function subscribeMinute(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    now = Date.now();
    schedule();
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  };
}

/** The time as of the last tick. */
export function minuteNow(): number {
  return now;
}

/** Whether `dueAt` is overdue, due soon or later, kept current by the shared minute clock. */
export function useDueState(dueAt: number): DueState {
  return useSyncExternalStore(subscribeMinute, () => dueState(dueAt, now));
}
