/**
 * Presence (awareness) is only as trustworthy as the server makes it: y-protocols lets any
 * connection set or overwrite any clientID's state, of any size, as often as it likes
 * (it only forwards what it gets). Here a connection may only set states for clientIDs it owns (the
 * first live connection to use one, and never one another user's updates carry), the `user` field
 * is overwritten with the identity from the token, each state's JSON is capped at 2 KiB, and each
 * connection gets 20 awareness updates a second (bursts of 20); the excess is dropped. A clientID
 * a connection announces becomes its user's for updates too (client-ownership.ts).
 */
import type { beforeHandleAwarenessPayload, Connection, Document, Extension } from '@hocuspocus/server';
import type { SyncClients } from '../accounts/sync-clients.ts';
import { can } from '../auth/policy.ts';
import { syncContextOf } from './context.ts';

export const AWARENESS_MAX_STATE_BYTES = 2 * 1024;
export const AWARENESS_RATE_PER_S = 20;
/** A provider uses one clientID per document; a few spare for a tab that recreates its Y.Doc. */
const MAX_CLIENTS_PER_CONNECTION = 4;

type Bucket = { tokens: number; at: number };

export function awarenessGuard(clients: SyncClients, now: () => number = Date.now): Extension {
  const claims = new WeakMap<Document, Map<number, Connection>>();
  const buckets = new WeakMap<Connection, Bucket>();

  const allow = (connection: Connection): boolean => {
    const t = now();
    const b = buckets.get(connection) ?? { tokens: AWARENESS_RATE_PER_S, at: t };
    b.tokens = Math.min(AWARENESS_RATE_PER_S, b.tokens + ((t - b.at) / 1000) * AWARENESS_RATE_PER_S);
    b.at = t;
    buckets.set(connection, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };

  /** True when `connection` owns `client` in `document`, claiming it if it is free. */
  const owns = (document: Document, connection: Connection, userId: string, client: number): boolean => {
    let byClient = claims.get(document);
    if (!byClient) {
      byClient = new Map();
      claims.set(document, byClient);
    }
    const holder = byClient.get(client);
    if (holder === connection) return true;
    if (holder && document.hasConnection(holder)) return false;
    const owner = clients.owner(document.name, client);
    if (owner !== undefined && owner !== userId) return false;
    let mine = 0;
    for (const [c, h] of byClient) {
      if (h === connection) mine += 1;
      else if (!document.hasConnection(h)) byClient.delete(c);
    }
    if (mine >= MAX_CLIENTS_PER_CONNECTION) return false;
    byClient.set(client, connection);
    // Presence is where other members first see a clientID: claimed for good here, it cannot be
    // copied from presence and written under by someone else (client-ownership.ts).
    clients.claim(document.name, client, userId);
    return true;
  };

  return {
    extensionName: 'taskflow-awareness-guard',
    async beforeHandleAwareness({ states, connection, document }: beforeHandleAwarenessPayload) {
      if (!connection) return; // the server's own presence changes
      const ctx = syncContextOf(connection);
      if (!ctx || !can(ctx.role, 'sync.awareness') || !allow(connection)) {
        states.clear();
        return;
      }
      for (const [client, state] of states) {
        // Hocuspocus 4.7 decodes each message into a scratch Awareness whose own (random) clientID
        // has the state {}: without this, every message would plant a phantom state for everyone
        // and use up the connection's clientIDs. An empty state carries nothing, so dropping an
        // unowned one costs an honest client nothing.
        if (Object.keys(state).length === 0 && claims.get(document)?.get(client) !== connection) {
          states.delete(client);
          continue;
        }
        if (!owns(document, connection, ctx.userId, client)) {
          states.delete(client);
          continue;
        }
        state.user = { id: ctx.userId, name: ctx.name };
        if (Buffer.byteLength(JSON.stringify(state)) > AWARENESS_MAX_STATE_BYTES) states.delete(client);
      }
    },
  };
}
