/**
 * A simulated network of replicas for randomized tests: every local update is queued for every
 * other replica and delivered later in random order, sometimes twice; a replica can go offline,
 * holding what it writes and receiving nothing until it comes back.
 */
import * as Y from 'yjs';
import type { Rng } from './prng.ts';

const NET = Symbol('net');

export type Replica = { id: number; doc: Y.Doc; online: boolean; inbox: Uint8Array[]; held: Uint8Array[] };

export class Network {
  readonly replicas: Replica[];

  constructor(
    count: number,
    initial: Uint8Array,
    private readonly random: Rng,
    private readonly duplicateRate = 0.05,
    private readonly reorderRate = 0.2,
  ) {
    this.replicas = Array.from({ length: count }, (_, id) => {
      const doc = new Y.Doc();
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
  }
}
