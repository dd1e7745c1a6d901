/**
 * Presence across processes (issue 16): the awareness states of this process's connections go to
 * the other processes that have the document loaded, and theirs come here, through the awareness
 * bus (cluster/awareness-bus.ts). Hocuspocus then relays them to the local sockets as it relays
 * its own (its awareness `update` handler).
 *
 * Only what this process's connections set is published, after the awareness guard
 * (awareness-guard.ts) has judged it: the guard runs before Hocuspocus applies a message, never on
 * what arrives from another process, which that process guarded. A state this process only holds
 * for another one (applied with the cluster origin) is never published from here, not even when it
 * times out here: its own process says when it ends.
 */
import type { afterLoadDocumentPayload, Extension } from '@hocuspocus/server';
import { applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import type { AwarenessBus } from '../cluster/awareness-bus.ts';
import { CLUSTER_ORIGIN, isClusterOrigin } from './context.ts';

type Change = { added: number[]; updated: number[]; removed: number[] };

export function clusterAwareness(bus: Pick<AwarenessBus, 'subscribe' | 'publish'>): Extension {
  return {
    extensionName: 'taskflow-cluster-awareness',
    async afterLoadDocument({ document, documentName }: afterLoadDocumentPayload) {
      const { awareness } = document;
      /** Clients whose state a connection of this process set, and that is not removed yet. */
      const local = new Set<number>();
      const publish = (clients: number[]) => {
        if (clients.length > 0) bus.publish(documentName, encodeAwarenessUpdate(awareness, clients));
      };
      const subscription = bus.subscribe(
        documentName,
        (update) => applyAwarenessUpdate(awareness, update, CLUSTER_ORIGIN),
        () => publish([...local].filter((client) => awareness.getStates().has(client))),
      );
      const onUpdate = ({ added, updated, removed }: Change, origin: unknown) => {
        if (isClusterOrigin(origin)) return;
        const fromConnection = (origin as { source?: unknown } | null)?.source === 'connection';
        const changed: number[] = [];
        for (const client of [...added, ...updated]) {
          if (fromConnection) local.add(client);
          if (local.has(client)) changed.push(client);
        }
        for (const client of removed) if (local.delete(client)) changed.push(client);
        publish(changed);
      };
      awareness.on('update', onUpdate);
      document.on('destroy', () => {
        awareness.off('update', onUpdate);
        subscription.close();
      });
    },
  };
}
