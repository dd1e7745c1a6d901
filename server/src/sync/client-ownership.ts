/**
 * Which Yjs clientIDs a person may write under. Yjs trusts the clientIDs in an update, so a
 * member writing under a colleague's id and next clocks would make the colleague's own edit at
 * those clocks look like a re-send, dropped for good (equal state vectors never reconcile), and
 * could make the server's document change its own clientID (Yjs does so when it sees its own
 * clientID written by someone else).
 *
 * Ownership is learned on first sight (accounts/sync-clients.ts), from what is new:
 * - structs new to the document, in a SyncStep2 or an Update alike, claim their clientID for
 *   the sender; structs the document has claim nothing and may be re-sent by anyone;
 * - announcing a clientID in awareness claims it too (awareness-guard.ts). That is where other
 *   members see a clientID before its owner has written anything; were it not claimed there, a
 *   member could copy it from presence, write under it first and own it.
 * The server's own writes use its live document's clientID, owned by `system`.
 */
import type { SyncClients } from '../accounts/sync-clients.ts';

/** The first of `newClients` that belongs to someone other than `userId`, or null. */
export function foreignClient(
  clients: SyncClients,
  document: string,
  newClients: readonly number[],
  userId: string,
): number | null {
  for (const client of newClients) {
    const owner = clients.owner(document, client);
    if (owner !== undefined && owner !== userId) return client;
  }
  return null;
}

/** Records `userId` as the owner of each client that has none yet. */
export function claimClients(
  clients: SyncClients,
  document: string,
  newClients: readonly number[],
  userId: string,
): void {
  for (const client of newClients) clients.claim(document, client, userId);
}
