/**
 * A simulated network of replicas for randomized tests: every local update is queued for every
 * other replica and delivered later in random order, sometimes twice; a replica can go offline,
 * holding what it writes and receiving nothing until it comes back.
 *
 * Yjs 13.6 can leave structs parked (pendingStructs) for good when updates arrive out of causal
 * order, although every one of them did arrive (docs/ARCHITECTURE.md, "Structs Yjs leaves
 * pending"). So once everything is delivered, a replica still holding parked structs trades state
 * vectors with its peers (SyncStep1/2), as the app's tabs and providers do; `heals` counts it.
 */
import * as Y from 'yjs';
import type { Rng } from './prng.ts';

const NET = Symbol('net');

export type Replica = { id: number; doc: Y.Doc; online: boolean; inbox: Uint8Array[]; held: Uint8Array[] };

export class Network {
  readonly replicas: Replica[];
  /** How often a replica had to trade state vectors to integrate what it had received. */
  heals = 0;

  constructor(
    count: number,
    initial: Uint8Array,
    private readonly random: Rng,
    private readonly duplicateRate = 0.05,
    private readonly reorderRate = 0.2,
  ) {
    const clientIds = new Set<number>();
    this.replicas = Array.from({ length: count }, (_, id) => {
      const doc = new Y.Doc();
      // From the seed, so a run replays exactly: Yjs orders concurrent inserts by clientID.
      let clientId = 1 + random.int(2 ** 31);
      while (clientIds.has(clientId)) clientId = 1 + random.int(2 ** 31);
      clientIds.add(clientId);
      doc.clientID = clientId;
      Y.applyUpdate(doc, initial, NET);
      const replica: Replica = { id, doc, online: true, inbox: [], held: [] };
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin === NET) return;
        if (replica.online) this.broadcast(replica, update);
        else replica.held.push(update);
      });
      return replica;
    });
  }

  private broadcast(from: Replica, update: Uint8Array): void {
    for (const r of this.replicas) {
      if (r === from) continue;
      r.inbox.push(update);
      if (this.random.chance(this.duplicateRate)) r.inbox.push(update);
    }
  }

  /** Delivers one random pending update to one random online replica; false if none is pending. */
  deliverOne(): boolean {
    const ready = this.replicas.filter((r) => r.online && r.inbox.length > 0);
    if (ready.length === 0) return false;
    const r = this.random.pick(ready);
    // Mostly oldest-first with some overtaking: fully random order makes Yjs re-merge its pending
    // structs on every apply (quadratic), without exercising anything the overtaking cases miss.
    const i = this.random.chance(this.reorderRate) ? this.random.int(r.inbox.length) : 0;
    const [update] = r.inbox.splice(i, 1);
    if (update) Y.applyUpdate(r.doc, update, NET);
    return true;
  }

  setOnline(replica: Replica, online: boolean): void {
    if (replica.online === online) return;
    replica.online = online;
    if (online) for (const u of replica.held.splice(0)) this.broadcast(replica, u);
  }

  /** Everyone back online and every pending update delivered. */
  settle(): void {
    for (const r of this.replicas) this.setOnline(r, true);
    while (this.deliverOne()) {}
    // A peer healed later may hold what an earlier one still lacked: a few rounds at most.
    for (let round = 0; round < this.replicas.length; round++)
      for (const r of this.replicas) this.resyncIfStuck(r);
  }

  /** SyncStep1/2 with every online peer, only when Yjs holds structs it could not integrate. */
  private resyncIfStuck(replica: Replica): void {
    if (replica.doc.store.pendingStructs === null && replica.doc.store.pendingDs === null) return;
    this.heals++;
    const stateVector = Y.encodeStateVector(replica.doc);
    for (const peer of this.replicas) {
      if (peer !== replica && peer.online)
        Y.applyUpdate(replica.doc, Y.encodeStateAsUpdate(peer.doc, stateVector), NET);
    }
  }
}
