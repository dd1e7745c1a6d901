/**
 * A loaded copy that follows the other processes appending to its document (issue 16,
 * docs/SCALE-OUT.md). The persistence extension owns one per loaded document when a cluster link
 * is set: it publishes what this process appends, right after the commit, and applies what the
 * others appended, in seq order, with the link's origin (which persistence never appends again).
 *
 * Publishing can release updates the bus held for the seq just appended here; they arrive while
 * this process is still inside Yjs's `update` event for its own update. Applying another update
 * there would start a transaction inside that event's dispatch, so they wait for a microtask: after
 * the current apply and its ack, before any timer (compaction) reads the copy.
 */
import type * as Y from 'yjs';

/** The other processes on the same log; the sync layer builds it from the doc bus and its origin. */
export type ClusterLink = {
  /** Follows a document from `afterSeq`: `deliver` gets each update appended elsewhere, in seq order, once. */
  follow(
    documentName: string,
    afterSeq: number,
    deliver: (seq: number, update: Uint8Array) => void,
  ): { readonly seq: number; close(): unknown };
  /** Called right after the commit of an update appended here (never throws, never waits). */
  publish(documentName: string, seq: number, update: Uint8Array): unknown;
  /** Applies an update from another process to the loaded copy, with an origin `isRemote` knows. */
  apply(document: Y.Doc, update: Uint8Array): void;
  isRemote(origin: unknown): boolean;
};

export class ClusterFollower {
  readonly #link: ClusterLink;
  readonly #name: string;
  readonly #document: Y.Doc;
  readonly #subscription: { readonly seq: number; close(): unknown };
  #publishing = false;
  #deferred: Uint8Array[] = [];
  #stopped = false;

  constructor(link: ClusterLink, name: string, document: Y.Doc, headSeq: number) {
    this.#link = link;
    this.#name = name;
    this.#document = document;
    this.#subscription = link.follow(name, headSeq, (_seq, update) => this.#deliver(update));
  }

  /** The seq up to which the copy holds every update (it may hold some after it too). */
  get seq(): number {
    return this.#subscription.seq;
  }

  /** After the commit of an update appended here. */
  published(seq: number, update: Uint8Array): void {
    this.#publishing = true;
    try {
      this.#link.publish(this.#name, seq, update);
    } finally {
      this.#publishing = false;
    }
    if (this.#deferred.length > 0) queueMicrotask(() => this.flush());
  }

  /** Applies the updates waiting for the end of an event (compaction asks first, to encode all of them). */
  flush(): void {
    for (const update of this.#deferred.splice(0)) {
      if (this.#stopped || this.#document.isDestroyed) return;
      this.#link.apply(this.#document, update);
    }
  }

  /**
   * Applies, now, what the log holds after the seq this copy has applied in order (the bus delivers
   * those rows again later: applying an update twice changes nothing). For a client's update that
   * would be refused only because this copy lags (issue 16: a client that moves to this process
   * re-sends structs it got from another one). Returns whether the log had anything newer.
   */
  catchUpFrom(rows: (afterSeq: number) => readonly { seq: number; update: Uint8Array }[]): boolean {
    if (this.#stopped || this.#document.isDestroyed) return false;
    this.flush();
    let applied = false;
    for (const row of rows(this.seq)) {
      this.#link.apply(this.#document, row.update);
      applied = true;
    }
    return applied;
  }

  /** The copy is unloaded or discarded: nothing more is applied to it. */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#deferred = [];
    void Promise.resolve(this.#subscription.close()).catch(() => {});
  }

  #deliver(update: Uint8Array): void {
    if (this.#stopped || this.#document.isDestroyed) return;
    if (this.#publishing || this.#deferred.length > 0) {
      this.#deferred.push(update);
      return;
    }
    this.#link.apply(this.#document, update);
  }
}
