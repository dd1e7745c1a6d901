/**
 * What the status pill shows, derived from the socket, the provider and the browser. "Saved on the
 * server" means connected with no unacknowledged update: the server acknowledges only after it has
 * appended the update to disk. Offline edits are counted here because the provider's own counter
 * restarts on every reload; the count survives reloads in localStorage.
 */
import { isModelOrigin } from '@taskflow/model';

export type SyncState = 'offline' | 'connecting' | 'waiting' | 'saved';
export type SyncSnapshot = { state: SyncState; pending: number };

export type SyncInputs = {
  browserOnline: boolean;
  socketConnected: boolean;
  /** A connection attempt failed since the last success: the server is unreachable, not just slow. */
  failedSinceConnect: boolean;
  providerSynced: boolean;
  providerUnsynced: number;
  localPending: number;
};

export function deriveSyncState(i: SyncInputs): SyncSnapshot {
  if (i.socketConnected) {
    const pending = i.providerUnsynced;
    if (i.providerSynced && pending === 0) return { state: 'saved', pending: 0 };
    return { state: 'waiting', pending: Math.max(pending, i.localPending) };
  }
  const state = !i.browserOnline || i.failedSinceConnect ? 'offline' : 'connecting';
  return { state, pending: i.localPending };
}

export function describeSync(s: SyncSnapshot): string {
  const waiting = s.pending === 1 ? '1 change waiting' : `${s.pending} changes waiting`;
  switch (s.state) {
    case 'saved':
      return 'Saved on the server';
    case 'waiting':
      return s.pending > 0 ? waiting : 'Syncing…';
    case 'connecting':
      return s.pending > 0 ? `Connecting… · ${waiting}` : 'Connecting…';
    case 'offline':
      return s.pending > 0 ? `Offline · ${waiting}` : 'Offline';
  }
}

/** Local edits and edits relayed from other tabs count as waiting until the server has them. */
export function countsAsLocalChange(origin: unknown, relay: unknown): boolean {
  return origin === relay || isModelOrigin(origin);
}
