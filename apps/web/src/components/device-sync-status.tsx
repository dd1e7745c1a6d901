/**
 * The sync state on pages outside a workspace (Settings): no document is open there, so it reads
 * what every open workspace records for sign-out — changes made on this device that the server has
 * not confirmed — and whether the browser is online. Same look as the board's pill.
 */
import { useEffect, useState } from 'react';
import { storedPendingTotal } from '../session/storage-keys.ts';

type State = { online: boolean; pending: number };

function describe({ online, pending }: State): { tone: string; text: string } {
  const waiting = pending === 1 ? '1 change waiting' : `${pending} changes waiting`;
  if (!online) return { tone: 'offline', text: pending > 0 ? `Offline · ${waiting}` : 'Offline' };
  if (pending > 0) return { tone: 'waiting', text: waiting };
  return { tone: 'saved', text: 'Saved on the server' };
}

export function DeviceSyncStatus({ userId }: { userId: string }) {
  const read = (): State => ({ online: navigator.onLine, pending: storedPendingTotal(localStorage, userId) });
  const [state, setState] = useState(read);
  // biome-ignore lint/correctness/useExhaustiveDependencies: read closes over userId only
  useEffect(() => {
    const update = () => setState(read());
    // Other tabs write their counts (storage events); this tab has no workspace open here.
    window.addEventListener('online', update);
    window.addEventListener('offline', update);
    window.addEventListener('storage', update);
    update();
    return () => {
      window.removeEventListener('online', update);
      window.removeEventListener('offline', update);
      window.removeEventListener('storage', update);
    };
  }, [userId]);
  const { tone, text } = describe(state);
  return (
    <div className={`status-pill status-${tone}`} role="status" aria-label={`Sync status: ${text}`}>
      <span className="status-dot" aria-hidden="true" />
      {text}
    </div>
  );
}
