import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Session } from './session.ts';
import type { SessionSnapshot } from './session-state.ts';

export const SessionContext = createContext<Session | null>(null);

export function useSessionObject(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside <SessionContext>');
  return session;
}

export function useSession(): [SessionSnapshot, Session] {
  const session = useSessionObject();
  return [useSyncExternalStore(session.subscribe, session.get), session];
}
