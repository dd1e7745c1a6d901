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

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  notify();
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
