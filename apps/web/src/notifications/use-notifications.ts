import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { useSession } from '../session/use-session.ts';
import { type NotificationState, type NotificationStore, notificationStore } from './notification-store.ts';

/** The signed-in person's notification store and its state (null when nobody is signed in). */
export function useNotifications(): [NotificationState | null, NotificationStore | null] {
  const [{ user, auth }, session] = useSession();
  const store = user ? notificationStore(user.id, session) : null;
  // The count is asked for once a token exists (the store never asks without one).
  useEffect(() => {
    if (auth === 'valid') void store?.refreshCount();
  }, [auth, store]);
  // A subscribe function of stable identity: a new one each render made React unsubscribe and
  // subscribe again on every render, and each first subscription starts polling with a request.
  const subscribe = useCallback((l: () => void) => store?.subscribe(l) ?? (() => undefined), [store]);
  const state = useSyncExternalStore(subscribe, () => store?.get() ?? null);
  return [state, store];
}
