/**
 * What integrating an update will cost, measured before it is applied (SPEC M16).
 *
 * Item.integrate places an item by scanning from its left origin rightwards over every item
 * between it and its right origin (and, for a map key with no left origin, first walks left to
 * the start of the key's history). A member can build a long history on one key cheaply (each
 * item next to the last) and then send items that make every scan cross all of it: 100 items
 * against a 100k-item history is 20M steps, ~10 s in which the server answers nothing. Counting
 * steps while replaying the scan itself, on a copy of the neighbour links (the document is not
 * touched), costs what Yjs's scan costs up to the budget and stops there.
 *
 * The replay is exact for map items (length 1, as every item in our layout is); where an origin
 * points inside a longer item, Yjs splits it and this counts the whole item as one step.
 *
 * Splits cost too: Yjs splits an item when an origin or a delete range points inside it, copying
 * the rest of its content and inserting into the client's struct array. Cutting one long item
 * (one map value holding 50k values) at every other position took a 92 KB delete set 59 s. Each
 * split is counted as the item's length (one step per element copied, an over-estimate once it
 * has been cut) plus one step per thousand structs the array insert moves.
 */
import * as Y from 'yjs';
import type { Decoded, IncomingStruct } from './update-inspection-integrate.ts';
import type { Container, Places, Slot } from './update-inspection-places.ts';

/** Steps an update may cost; one step is one item Yjs visits while placing an item. */
export const DEFAULT_STEP_BUDGET = 100_000;

export class Budget {
  spent = 0;
  constructor(readonly limit: number) {}
  /** False once the budget is used up. */
  spend(n = 1): boolean {
    this.spent += n;
    return this.spent <= this.limit;
  }
}

/** What splitting `node` at `clock` costs, or 0 when Yjs does not split it there. */
export function splitCost(
  doc: Y.Doc,
  node: IncomingStruct | null,
  clock: number,
  at: 'start' | 'end',
): number {
  if (!(node instanceof Y.Item)) return 0;
  const inside = at === 'end' ? clock !== node.id.clock + node.length - 1 : clock !== node.id.clock;
  if (!inside) return 0;
  const copied = node.content instanceof Y.ContentDeleted ? 1 : node.length;
  return copied + Math.ceil((doc.store.clients.get(node.id.client)?.length ?? 0) / 1000);
}

/** The splits applying the delete set makes: at a range's ends, inside items not yet deleted. */
export function deleteSetCost(doc: Y.Doc, places: Places, ds: Decoded['ds']): number {
  const live = (node: IncomingStruct | null): node is Y.Item =>
    node instanceof Y.Item &&
    (places.isIncoming(node) ? !(node.content instanceof Y.ContentDeleted) : !node.deleted);
  let cost = 0;
  for (const [client, ranges] of ds.clients) {
    for (const r of ranges) {
      if (r.len <= 0) continue;
      const first = places.nodeAt(Y.createID(client, r.clock));
      if (live(first)) cost += splitCost(doc, first, r.clock, 'start');
      const end = r.clock + r.len - 1;
      const last = places.nodeAt(Y.createID(client, end));
      if (live(last)) cost += splitCost(doc, last, end, 'end');
    }
  }
  return cost;
}

const holds = (node: Y.Item | null, id: Y.ID): node is Y.Item =>
  node !== null &&
  node.id.client === id.client &&
  id.clock >= node.id.clock &&
  id.clock < node.id.clock + node.length;

const sameId = (a: Y.ID | null, b: Y.ID | null): boolean =>
  a === b || (a !== null && b !== null && a.client === b.client && a.clock === b.clock);

/**
 * Neighbour links of the lists the update touches: the document's, overlaid with the update's
 * items. An incoming item's own `left`/`right` (unused in a decoded item) hold its links; the
 * document's items are never touched, their changed links live in maps.
 */
export class ScanCost {
  readonly #places: Places;
  readonly #budget: Budget;
  readonly #right = new Map<Y.Item, Y.Item | null>();
  readonly #left = new Map<Y.Item, Y.Item | null>();
  readonly #current = new Map<Container, Map<string, Y.Item>>();
  readonly #start = new Map<Container, Y.Item>();
  readonly #origin = new Map<Y.Item, Y.ID>();

  constructor(places: Places, budget: Budget) {
    this.#places = places;
    this.#budget = budget;
  }

  #rightOf(n: Y.Item): Y.Item | null {
    if (this.#places.isIncoming(n)) return n.right;
    const r = this.#right.get(n);
    return r !== undefined ? r : n.right;
  }

  #leftOf(n: Y.Item): Y.Item | null {
    if (this.#places.isIncoming(n)) return n.left;
    const l = this.#left.get(n);
    return l !== undefined ? l : n.left;
  }

  #setRight(n: Y.Item, r: Y.Item | null): void {
    if (this.#places.isIncoming(n)) n.right = r;
    else this.#right.set(n, r);
  }

  #setLeft(n: Y.Item, l: Y.Item | null): void {
    if (this.#places.isIncoming(n)) n.left = l;
    else this.#left.set(n, l);
  }

  /** Whether `id` is in `node`, as nodeAt would find it (an incoming struct holds only its new clocks). */
  #same(node: Y.Item | null, id: Y.ID): node is Y.Item {
    return holds(node, id) && this.#places.isIncoming(node) !== this.#places.inDocument(id);
  }

  #originOf(n: Y.Item): Y.ID | null {
    return this.#origin.get(n) ?? n.origin;
  }

  /** The key's current item (the rightmost of its history). */
  #currentOf(slot: Slot & { sub: string }): Y.Item | null {
    const mine = this.#current.get(slot.container)?.get(slot.sub);
    if (mine) return mine;
    return slot.container instanceof Y.AbstractType ? (slot.container._map.get(slot.sub) ?? null) : null;
  }

  #startOf(container: Container): Y.Item | null {
    const mine = this.#start.get(container);
    if (mine) return mine;
    return container instanceof Y.AbstractType ? container._start : null;
  }

  /** Walks left to the first item of a key's history; null when over budget. */
  #historyStart(slot: Slot & { sub: string }): Y.Item | null | false {
    let o = this.#currentOf(slot);
    for (let l = o && this.#leftOf(o); o && l; l = this.#leftOf(o)) {
      if (!this.#budget.spend()) return false;
      o = l;
    }
    return o;
  }

  /**
   * Replays Item.integrate's placement of `item` between `left` and `right` (the items holding
   * its origins) in `slot`, counting each item visited. False when the budget runs out.
   */
  integrate(
    item: Y.Item,
    origin: Y.ID | null,
    slot: Slot,
    left: Y.Item | null,
    right: Y.Item | null,
  ): boolean {
    if (origin !== item.origin && origin !== null) this.#origin.set(item, origin);
    const keyed = slot.sub === null ? null : (slot as Slot & { sub: string });
    // Both origins inside one item (a split): Yjs places the item in the gap, no scan.
    const inside = left !== null && left === right;
    if (
      !inside &&
      ((!left && (!right || this.#leftOf(right) !== null)) || (left && this.#rightOf(left) !== right))
    ) {
      let placed = left;
      let o: Y.Item | null;
      if (left) o = this.#rightOf(left);
      else if (keyed) {
        const first = this.#historyStart(keyed);
        if (first === false) return false;
        o = first;
      } else o = this.#startOf(slot.container);
      const conflicting = new Set<Y.Item>();
      const before = new Set<Y.Item>();
      let previous: Y.Item | null = null;
      while (o !== null && o !== right) {
        if (!this.#budget.spend()) return false;
        before.add(o);
        conflicting.add(o);
        const oOrigin = this.#originOf(o);
        if (sameId(origin, oOrigin)) {
          if (o.id.client < item.id.client) {
            placed = o;
            conflicting.clear();
          } else if (sameId(item.rightOrigin, o.rightOrigin)) break;
        } else {
          // Mostly o's origin is the item just visited (a history written item after item): no lookup.
          const at =
            oOrigin === null ? null : this.#same(previous, oOrigin) ? previous : this.#places.nodeAt(oOrigin);
          if (!(at instanceof Y.Item) || !before.has(at)) break;
          if (!conflicting.has(at)) {
            placed = o;
            conflicting.clear();
          }
        }
        previous = o;
        o = this.#rightOf(o);
      }
      left = placed;
    }
    let r: Y.Item | null;
    if (left) {
      r = this.#rightOf(left);
      this.#setRight(left, item);
    } else if (keyed) {
      const first = this.#historyStart(keyed);
      if (first === false) return false;
      r = first;
    } else {
      r = this.#startOf(slot.container);
      this.#start.set(slot.container, item);
    }
    item.left = left;
    item.right = r;
    if (r) this.#setLeft(r, item);
    else if (keyed) {
      let byKey = this.#current.get(slot.container);
      if (!byKey) {
        byKey = new Map();
        this.#current.set(slot.container, byKey);
      }
      byKey.set(keyed.sub, item);
    }
    return true;
  }
}
