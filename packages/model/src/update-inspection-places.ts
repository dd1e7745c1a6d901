/**
 * Where an update's structs land, without applying it: which map (a root map, a map already in
 * the document, or one the update creates) and which key each item writes, resolved the way
 * Item.getMissing does (an explicit parent, or the parent and key of the item it was inserted
 * next to), and the path of that map from the root: `['tasks', taskId, 'placement', key]`.
 */
import * as Y from 'yjs';
import { type ByClient, findIncoming, type IncomingStruct } from './update-inspection-integrate.ts';

/** Any Y type. */
// biome-ignore lint/suspicious/noExplicitAny: a Y type is invariant in its event type, so no narrower type fits every map
export type YType = Y.AbstractType<any>;

/**
 * A list Yjs keeps items in: a type in the document, a root the document does not have yet
 * (by name), or a type an incoming item creates.
 */
export type Container = YType | string | Y.Item;

/** Where an item sits: its container and its key there (null: a sequence position). */
export type Slot = { container: Container; sub: string | null };

/** Paths are cut after this many keys: the layout is three levels deep below a root. */
export const PATH_KEEP = 5;

/** Where a container (or an item) sits from the root; `entity` is the top-level entry it is under. */
export type Place = { path: (string | null)[]; depth: number; entity: Y.Item | null };

export class Places {
  readonly #doc: Y.Doc;
  readonly #byClient: ByClient;
  readonly #incoming = new Set<IncomingStruct>();
  readonly #docState = new Map<number, number>();
  /** Incoming items that integrate as items (not turned into GC), with their slot. */
  readonly slots = new Map<Y.Item, Slot>();
  /**
   * Each container's path is walked once per update (memoized), so resolving costs the update's
   * size plus the depth of what it writes into: linear, unlike the scans update-inspection-cost.ts counts.
   */
  readonly #places = new Map<Container, Place>();

  constructor(doc: Y.Doc, byClient: ByClient) {
    this.#doc = doc;
    this.#byClient = byClient;
    for (const list of byClient.values()) for (const s of list) this.#incoming.add(s);
  }

  isIncoming(node: IncomingStruct): boolean {
    return this.#incoming.has(node);
  }

  /**
   * What Yjs's store will hold for this struct: an incoming item Yjs turns into a GC struct (it
   * found no parent) counts as GC, as it will for everything integrated after it.
   */
  isGC(node: IncomingStruct | null): boolean {
    return node instanceof Y.GC || (node instanceof Y.Item && this.isIncoming(node) && !this.slots.has(node));
  }

  inDocument(id: Y.ID): boolean {
    let clock = this.#docState.get(id.client);
    if (clock === undefined) {
      clock = Y.getState(this.#doc.store, id.client);
      this.#docState.set(id.client, clock);
    }
    return id.clock < clock;
  }

  /** The struct holding `id`: the document's (what Yjs finds in its store) or the update's. */
  nodeAt(id: Y.ID): IncomingStruct | null {
    if (this.inDocument(id)) return Y.getItem(this.#doc.store, id) as IncomingStruct;
    return findIncoming(this.#byClient, id);
  }

  /** Where an item the document has sits. */
  static docSlot(item: Y.Item): Slot | null {
    return item.parent instanceof Y.AbstractType ? { container: item.parent, sub: item.parentSub } : null;
  }

  slotOf(node: IncomingStruct | null): Slot | null {
    if (!(node instanceof Y.Item)) return null;
    return this.isIncoming(node) ? (this.slots.get(node) ?? null) : Places.docSlot(node);
  }

  /**
   * The slot an incoming item integrates into, as Item.getMissing decides it; null when Yjs
   * would turn it into a GC struct (next to a GC struct, or under something that is not a type).
   */
  resolveSlot(item: Y.Item, left: IncomingStruct | null, right: IncomingStruct | null): Slot | null {
    if (this.isGC(left) || this.isGC(right)) return null;
    // Decoded items carry a root's name as a string where the type would be.
    const parent = item.parent as Y.ID | string | null;
    if (parent === null) return left ? this.slotOf(left) : this.slotOf(right);
    if (typeof parent === 'string') {
      return { container: this.#doc.share.get(parent) ?? parent, sub: item.parentSub };
    }
    const holder = this.nodeAt(parent);
    if (this.isGC(holder) || !(holder instanceof Y.Item) || !(holder.content instanceof Y.ContentType))
      return null;
    if (this.isIncoming(holder)) return { container: holder, sub: item.parentSub };
    return { container: holder.content.type, sub: item.parentSub };
  }

  /** The path of a container from its root, walking up (iteratively: nesting can be deep). */
  placeOf(container: Container): Place {
    const known = this.#places.get(container);
    if (known) return known;
    const chain: { container: Container; item: Y.Item; slot: Slot | null }[] = [];
    let at: Container = container;
    let base: Place | undefined;
    for (;;) {
      base = this.#places.get(at);
      if (base) break;
      if (typeof at === 'string') {
        base = { path: [at], depth: 1, entity: null };
        this.#places.set(at, base);
        break;
      }
      const item: Y.Item | null = at instanceof Y.Item ? at : at._item;
      if (item === null) {
        const name = Y.findRootTypeKey(at as YType);
        base = { path: [name], depth: 1, entity: null };
        this.#places.set(at, base);
        break;
      }
      const slot = this.slotOf(item);
      chain.push({ container: at, item, slot });
      if (!slot) {
        base = { path: [], depth: 0, entity: null };
        break;
      }
      at = slot.container;
    }
    let place = base;
    for (let i = chain.length - 1; i >= 0; i--) {
      const link = chain[i] as (typeof chain)[number];
      place = link.slot
        ? {
            path: place.path.length < PATH_KEEP ? [...place.path, link.slot.sub] : place.path,
            depth: place.depth + 1,
            entity: place.depth === 1 ? link.item : place.entity,
          }
        : { path: [], depth: 0, entity: null };
      this.#places.set(link.container, place);
    }
    return place;
  }

  /** Where an item itself sits: the path of its container plus its key. */
  placeOfItem(item: Y.Item, slot: Slot): Place {
    const c = this.placeOf(slot.container);
    if (c.depth === 0) return c;
    return {
      path: c.path.length < PATH_KEEP ? [...c.path, slot.sub] : c.path,
      depth: c.depth + 1,
      entity: c.depth === 1 ? item : c.entity,
    };
  }
}
