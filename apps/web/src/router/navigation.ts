/** The current location as React state, and `navigate` (history.pushState) to change it. */
import { type MouseEvent, useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let current = location.pathname + location.search;

function notify(): void {
  const next = location.pathname + location.search;
  if (next === current) return;
  current = next;
  for (const l of listeners) l();
}

window.addEventListener('popstate', notify);

/** What a pushed entry remembers: the address it was pushed from (see `cameFrom`). */
type EntryState = { from: string };

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(history.state, '', path);
  else history.pushState({ from: current } satisfies EntryState, '', path);
  notify();
}

/**
 * The in-app address this history entry was pushed from, or null (opened directly, reloaded
 * into, or replaced in place): lets a closing view go Back instead of piling up entries.
 */
export function cameFrom(): string | null {
  const state: unknown = history.state;
  if (typeof state !== 'object' || state === null || !('from' in state)) return null;
  return typeof state.from === 'string' ? state.from : null;
}

export function useLocation(): string {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
}

/** For <a href> links: plain clicks stay in the app, modified clicks keep the browser's behaviour. */
export function followLink(event: MouseEvent<HTMLAnchorElement>): void {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}
