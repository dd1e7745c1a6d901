/**
 * Measures `taskflow_sync_ack_to_broadcast_seconds`: from the moment an update is stored (its ack
 * is due; persistence appends inside the same `update` event, in an earlier handler) to the moment
 * its broadcast has been handed to the document's other sockets. With relay.ts that is usually the
 * same turn; a burst merged into Hocuspocus's end-of-turn flush, or a write inside an open
 * SQLite transaction, waits longer, and this shows it.
 *
 * Hocuspocus has no hook after a broadcast, so this wraps the document's `broadcastUpdate`
 * (private in its types, public at runtime in 4.7). If a later version renames it, nothing is
 * wrapped and the histogram stays empty: the metrics integration test then fails, on purpose.
 */
import type { afterLoadDocumentPayload, Extension } from '@hocuspocus/server';
import type { Metrics } from './metrics.ts';

type Broadcasting = { broadcastUpdate?: (update: Uint8Array) => void };

/** Must come after the persistence extension, so its `update` handler runs after the append. */
export function syncTiming(metrics: Pick<Metrics, 'ackToBroadcastSeconds'>): Extension {
  return {
    extensionName: 'taskflow-sync-timing',
    async afterLoadDocument({ document }: afterLoadDocumentPayload) {
      const target = document as unknown as Broadcasting;
      const broadcast = target.broadcastUpdate;
      if (typeof broadcast !== 'function') return;
      /** When the oldest update not yet broadcast was stored; several merge into one broadcast. */
      let storedAt: number | null = null;
      document.on('update', () => {
        storedAt ??= performance.now();
      });
      target.broadcastUpdate = (update: Uint8Array) => {
        broadcast.call(document, update);
        if (storedAt === null) return;
        metrics.ackToBroadcastSeconds.observe((performance.now() - storedAt) / 1000);
        storedAt = null;
      };
    },
  };
}
