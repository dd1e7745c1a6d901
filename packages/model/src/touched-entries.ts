/**
 * Which entries of a root map (`tasks`, `worklogs`, `comments`) were written since an index last
 * looked: what the indexes (task-index.ts, worklog-index.ts, comment-index.ts) refresh.
 *
 * A finished transaction is read from Yjs's own record of it (`transaction.changed`): keys of the
 * root map itself, an entry's own map, or a map inside an entry (a task's placement).
 *
 * The transaction still open is read differently. Yjs records no change inside a type created in
 * the same transaction, so its record names every entry the transaction created again on every
 * look, and an index that re-read them each time made one big transaction (an import creating
 * 2,000 tasks, each create reading a column's order) quadratic. Instead the open transaction is
 * read from the document's store: the items written since the last look (each client's structs
 * from the clock seen then) and the deletions added since (the transaction's delete set, which Yjs
 * only sorts and merges when the transaction ends), each traced up to the root entry it sits in.
 * A look costs what was written since the previous one, so the transaction stays linear.
 */
import * as Y from 'yjs';

export function markTouchedEntries(
  changed: Y.Transaction['changed'],
  root: Y.AbstractType<unknown>,
  into: Set<string>,
): void {
  const target: unknown = root;
  for (const [type, keys] of changed) {
    if (type === target) {
      for (const k of keys) if (k !== null) into.add(k);
      continue;
    }
    const item = type._item;
    if (!item) continue;
    if (item.parent === target && item.parentSub !== null) {
      into.add(item.parentSub);
      continue;
    }
    const owner = (item.parent as { _item?: Y.Item | null } | null)?._item;
    if (owner && owner.parent === target && owner.parentSub !== null) into.add(owner.parentSub);
  }
}

/** The root entry a struct sits in (at any depth), if it sits in `root`. */
function entryOf(struct: unknown, root: unknown): string | undefined {
  if (!(struct instanceof Y.Item)) return undefined;
  let item: Y.Item = struct;
  // Entries nest two levels at most today (a task's placement register); the bound only guards a loop.
  for (let depth = 0; depth < 16; depth++) {
    const parent = item.parent as { _item?: Y.Item | null } | null;
    if (parent === root) return item.parentSub ?? undefined;
    const up = parent?._item;
    if (!up) return undefined;
    item = up;
  }
  return undefined;
}

type Structs = (Y.Item | Y.GC)[];

/**
 * Follows one document's writes to entries of `root`. An index calls `ended` from
 * `beforeObserverCalls` and `catchUp` before each read.
 */
export class TouchedEntries {
  readonly #doc: Y.Doc;
  readonly #root: () => Y.AbstractType<unknown>;
  /** Finished transactions already marked (their record no longer grows). */
  readonly #ended = new WeakSet<Y.Transaction>();
  /** The open transaction looked at last, and how far: each client's clock, each client's deletions. */
  #open: Y.Transaction | null = null;
  #clocks = new Map<number, number>();
  #deletes = new Map<number, number>();

  constructor(doc: Y.Doc, root: () => Y.AbstractType<unknown>) {
    this.#doc = doc;
    this.#root = root;
  }

  /** A transaction has finished: marks what its record names (once). */
  ended(tr: Y.Transaction, into: Set<string>): void {
    if (this.#ended.has(tr)) return;
    this.#ended.add(tr);
    markTouchedEntries(tr.changed, this.#root(), into);
  }

  /**
   * Marks what was written since the last look: transactions that finished but whose observers
   * have not run yet (one started by another's observer finishes before its own cleanup), and the
   * open transaction so far.
   */
  catchUp(into: Set<string>): void {
    const open = this.#doc._transaction;
    for (const tr of this.#doc._transactionCleanups) if (tr !== open) this.ended(tr, into);
    if (open) this.#scanOpen(open, into);
  }

  #scanOpen(tr: Y.Transaction, into: Set<string>): void {
    if (this.#open !== tr) {
      this.#open = tr;
      this.#clocks = new Map(tr.beforeState);
      this.#deletes = new Map();
    }
    const root = this.#root();
    const clients = tr.doc.store.clients as Map<number, Structs>;
    for (const [client, structs] of clients) {
      const last = structs[structs.length - 1];
      if (!last) continue;
      const from = this.#clocks.get(client) ?? 0;
      const end = last.id.clock + last.length;
      if (end <= from) continue;
      for (let i = Y.findIndexSS(structs, from); i < structs.length; i++) {
        const key = entryOf(structs[i], root);
        if (key !== undefined) into.add(key);
      }
      this.#clocks.set(client, end);
    }
    for (const [client, dels] of tr.deleteSet.clients) {
      // Yjs appends to an open transaction's delete set; should one ever be merged mid-way (it
      // shrinks), it is read again whole: more work, never a missed deletion.
      let seen = this.#deletes.get(client) ?? 0;
      if (dels.length < seen) seen = 0;
      const structs = clients.get(client);
      for (let j = seen; structs && j < dels.length; j++) {
        const d = dels[j] as { clock: number; len: number };
        for (let i = Y.findIndexSS(structs, d.clock); i < structs.length; i++) {
          const s = structs[i] as Y.Item | Y.GC;
          if (s.id.clock >= d.clock + d.len) break;
          const key = entryOf(s, root);
          if (key !== undefined) into.add(key);
        }
      }
      this.#deletes.set(client, dels.length);
    }
  }
}

/**
 * The life of a lazily built index over one root map, the same for every index: nothing until
 * the first read, then one walk (`build`), then before each read the entries written since the
 * last look, each handed to `each` once. The walk and the per-entry read are the index's own.
 */
export class FollowedEntries {
  readonly #touched: TouchedEntries;
  readonly #dirty = new Set<string>();
  #built = false;

  constructor(doc: Y.Doc, root: () => Y.AbstractType<unknown>) {
    this.#touched = new TouchedEntries(doc, root);
    // Before the transaction's observers run: an observer that reads the index sees the transaction.
    doc.on('beforeObserverCalls', (tr: Y.Transaction) => {
      if (this.#built) this.#touched.ended(tr, this.#dirty);
    });
  }

  /** Whether the first walk was made: until then the first read pays for every entry. */
  get built(): boolean {
    return this.#built;
  }

  /** Brings the index up to date: the walk the first time, afterwards each entry written since. */
  refresh(build: () => void, each: (id: string) => void): void {
    if (!this.#built) {
      build();
      this.#built = true;
      return;
    }
    this.#touched.catchUp(this.#dirty);
    if (this.#dirty.size === 0) return;
    for (const id of this.#dirty) each(id);
    this.#dirty.clear();
  }
}
