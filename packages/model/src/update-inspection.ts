/**
 * Reads an update a peer sent before anyone applies it: whether Yjs would integrate all of it,
 * what integrating it would cost, and what it writes where in the workspace's layout (SPEC M15,
 * M16). The server refuses an update this finds wanting and checks its writes against
 * `findForgery` (update-inspection-rules.ts); nothing here touches the document.
 *
 * Why a replay and not a cheaper test: Yjs accepts anything that decodes. Whatever it cannot
 * integrate at once (a struct after a skipped clock range, an item whose origin is missing, a
 * delete of clocks it has not seen) it parks in `pendingStructs`/`pendingDs`, where it stays,
 * is stored, and is sent again to every client. Checking only each client's first clock misses
 * all three, so every struct and every delete range is checked against the state the document
 * will have, in the order Yjs integrates them.
 */
import * as Y from 'yjs';
import { Budget, DEFAULT_STEP_BUDGET, deleteSetCost, ScanCost, splitCost } from './update-inspection-cost.ts';
import {
  checkDeletes,
  type Decoded,
  groupStructs,
  type IncomingStruct,
  type Integrated,
  replayIntegration,
} from './update-inspection-integrate.ts';
import { Places, type Slot } from './update-inspection-places.ts';

export { DEFAULT_STEP_BUDGET } from './update-inspection-cost.ts';

/** Why an update cannot be applied as it is (docs/PROTOCOL.md lists them for clients). */
export const INSPECTION_FAILURES = ['malformed', 'gap', 'too-costly'] as const;
export type InspectionFailure = (typeof INSPECTION_FAILURES)[number];

/** A top-level entry (a task, a comment, a person) that a write lands in. */
export type EntityRef = {
  /** The update itself creates it. */
  isNew: boolean;
  /** The current value of one of its fields in the document; undefined for a new entity. */
  read(field: string): unknown;
};

export type UpdateWrite = {
  /** `set`: an item the update adds under the key; `delete`: an item the document has that it deletes. */
  op: 'set' | 'delete';
  /** Keys from the root map down (`['tasks', id, 'placement', key]`), cut after 5; null: a sequence position. */
  path: readonly (string | null)[];
  /** The full length of the path. */
  depth: number;
  /**
   * `set`: the value written, when there is one (a deleted placeholder, ContentDeleted, carries
   * none); `delete`: the value the deleted item holds.
   */
  hasValue: boolean;
  value: unknown;
  /**
   * A `set` under a map key: the live item of the document it is written after, which its writer
   * saw there and replaces (Yjs deletes it on integration even when the delete set leaves it out);
   * null when it names none (a first write, one concurrent with the live value, or one after its
   * own new item).
   */
  over: { hasValue: boolean; value: unknown } | null;
  /** The kind of Yjs content (`ContentAny`, `ContentString`, `ContentType`, `ContentFormat`, …). */
  content: string;
  /** How many positions the item holds (a string's characters; 1 for most others). */
  length: number;
  /** The item's id: the Yjs clientID it is written under (`delete`: the deleted item's) and clock. */
  client: number;
  clock: number;
  /** The top-level entry the write is in; for a write at depth 2, the entry written or deleted. */
  entity: EntityRef | null;
  /** A `set` at depth 2: the live entry the document has under that key, which it would replace. */
  displaces: EntityRef | null;
};

export type UpdateInspection =
  | {
      ok: true;
      /** Clients with structs the document does not have yet: who writes, not who re-sends. */
      newClients: number[];
      writes: UpdateWrite[];
      /** Integration steps the update costs (SPEC M16). */
      steps: number;
    }
  | { ok: false; reason: InspectionFailure; detail: string };

/** What a Y type written as a value is reported as. */
export type TypeValue = { yType: string };

/** The content's class, by name: what the rules tell rich text from plain values by. */
function contentKind(content: Y.Item['content']): string {
  return content.constructor.name;
}

function contentValue(content: Y.Item['content']): { hasValue: boolean; value: unknown } {
  if (content instanceof Y.ContentDeleted) return { hasValue: false, value: undefined };
  if (content instanceof Y.ContentType) {
    return { hasValue: true, value: { yType: content.type.constructor.name } satisfies TypeValue };
  }
  const all = content.getContent();
  return all.length === 0 ? { hasValue: false, value: undefined } : { hasValue: true, value: all.at(-1) };
}

export function inspectUpdate(
  doc: Y.Doc,
  update: Uint8Array,
  options: { stepBudget?: number } = {},
): UpdateInspection {
  let decoded: Decoded;
  try {
    // Decodes every struct and the delete set: throws on truncated or garbled bytes. Yjs
    // integrates structs before it reads the delete set, so a cut-off delete set would otherwise
    // leave half an update applied.
    decoded = Y.decodeUpdate(update);
  } catch {
    return { ok: false, reason: 'malformed', detail: 'does not decode' };
  }
  const budget = new Budget(options.stepBudget ?? DEFAULT_STEP_BUDGET);
  const byClient = groupStructs(update, decoded.structs);
  if (!(byClient instanceof Map)) return { ok: false, ...byClient };
  const places = new Places(doc, byClient);
  const cost = new ScanCost(places, budget);
  const integrated: IncomingStruct[] = [];
  const tooCostly = { ok: false, reason: 'too-costly', detail: `over ${budget.limit} steps` } as const;
  const resolved = (s: IncomingStruct) => {
    if (!(s instanceof Y.Item)) return null;
    let splits = 0;
    if (s.origin) splits += splitCost(doc, places.nodeAt(s.origin), s.origin.clock, 'end');
    if (s.rightOrigin) splits += splitCost(doc, places.nodeAt(s.rightOrigin), s.rightOrigin.clock, 'start');
    return budget.spend(splits) ? null : tooCostly;
  };
  const integrate = ({ struct, offset }: Integrated) => {
    integrated.push(struct);
    if (!(struct instanceof Y.Item)) return null;
    // A struct partly known continues from its own previous clock (Item.integrate with offset).
    const origin = offset > 0 ? Y.createID(struct.id.client, struct.id.clock + offset - 1) : struct.origin;
    const left = origin ? places.nodeAt(origin) : null;
    const right = struct.rightOrigin ? places.nodeAt(struct.rightOrigin) : null;
    const slot = places.resolveSlot(struct, left, right);
    if (!slot) return null;
    places.slots.set(struct, slot);
    const fits = cost.integrate(
      struct,
      origin,
      slot,
      left instanceof Y.Item ? left : null,
      right instanceof Y.Item ? right : null,
    );
    return fits ? null : tooCostly;
  };
  const replay = replayIntegration(doc, byClient, { resolved, integrate });
  if ('ok' in replay) return replay;
  if ('reason' in replay) return { ok: false, ...replay };
  const deletes = checkDeletes(decoded.ds, replay.stateAfter);
  if (deletes) return { ok: false, ...deletes };
  if (!budget.spend(deleteSetCost(doc, places, decoded.ds))) return tooCostly;

  const newClients = [...new Set(integrated.map((s) => s.id.client))];
  return {
    ok: true,
    newClients,
    writes: collectWrites(doc, places, integrated, decoded.ds),
    steps: budget.spent,
  };
}

/** What the update writes: each incoming item that lands in a map, and each item its delete set deletes. */
function collectWrites(
  doc: Y.Doc,
  places: Places,
  integrated: readonly IncomingStruct[],
  ds: Decoded['ds'],
): UpdateWrite[] {
  const entities = new Map<Y.Item, EntityRef>();
  const entity = (item: Y.Item | null): EntityRef | null => {
    if (!item) return null;
    let ref = entities.get(item);
    if (!ref) {
      ref = { isNew: places.isIncoming(item), read: (field) => fieldOf(places, item, field) };
      entities.set(item, ref);
    }
    return ref;
  };
  const writes: UpdateWrite[] = [];
  for (const struct of integrated) {
    const slot = struct instanceof Y.Item ? places.slots.get(struct) : undefined;
    if (!slot) continue;
    const item = struct as Y.Item;
    const place = places.placeOfItem(item, slot);
    if (place.depth === 0) continue;
    writes.push({
      op: 'set',
      path: place.path,
      depth: place.depth,
      ...contentValue(item.content),
      content: contentKind(item.content),
      length: item.length,
      client: item.id.client,
      clock: item.id.clock,
      entity: entity(place.entity),
      displaces: place.depth === 2 ? entity(liveAt(slot)) : null,
      over: overwritten(places, item),
    });
  }
  for (const item of deletedItems(doc, ds)) {
    const slot = Places.docSlot(item);
    if (!slot) continue;
    const place = places.placeOfItem(item, slot);
    if (place.depth === 0) continue;
    writes.push({
      op: 'delete',
      path: place.path,
      depth: place.depth,
      ...contentValue(item.content),
      content: contentKind(item.content),
      length: item.length,
      client: item.id.client,
      clock: item.id.clock,
      entity: entity(place.entity),
      displaces: null,
      over: null,
    });
  }
  return writes;
}

/** The live document item a map write is placed right after: the value its writer replaces. */
function overwritten(places: Places, item: Y.Item): UpdateWrite['over'] {
  if (item.parentSub === null || !item.origin) return null;
  const left = places.nodeAt(item.origin);
  if (!(left instanceof Y.Item) || places.isIncoming(left) || left.deleted) return null;
  return contentValue(left.content);
}

/** The live item the document has under a top-level key. */
function liveAt(slot: Slot): Y.Item | null {
  if (slot.sub === null || !(slot.container instanceof Y.AbstractType)) return null;
  const item = slot.container._map.get(slot.sub);
  return item && !item.deleted ? item : null;
}

function fieldOf(places: Places, item: Y.Item, field: string): unknown {
  if (places.isIncoming(item) || !(item.content instanceof Y.ContentType)) return undefined;
  const value = item.content.type._map.get(field);
  if (!value || value.deleted) return undefined;
  return contentValue(value.content).value;
}

/**
 * Items the document has, not yet deleted, that the delete set deletes. Yjs walks the same
 * structs when it applies the set, so this costs what applying it does.
 */
function* deletedItems(doc: Y.Doc, ds: Decoded['ds']): Generator<Y.Item> {
  for (const [client, ranges] of ds.clients) {
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    const known = Y.getState(doc.store, client);
    for (const r of ranges) {
      const end = Math.min(r.clock + r.len, known);
      if (r.clock >= end) continue;
      for (let i = Y.findIndexSS(structs, r.clock); i < structs.length; i++) {
        const s = structs[i] as Y.Item | Y.GC;
        if (s.id.clock >= end) break;
        if (s instanceof Y.Item && !s.deleted) yield s;
      }
    }
  }
}
