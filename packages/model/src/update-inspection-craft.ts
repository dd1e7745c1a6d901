/**
 * Writes Yjs v1 updates struct by struct, including what no honest client sends: skipped clock
 * ranges, origins that do not exist, cycles, clients listed twice, deletes of future clocks, map
 * items placed anywhere in a key's history. For the tests of update-inspection.ts and of the
 * server's guard; the encoding is Yjs's own (Item.write, GC.write, Skip.write).
 */
import * as Y from 'yjs';

export type CraftedId = readonly [client: number, clock: number];

export type CraftedContent =
  | { any: unknown[] }
  | { string: string }
  | { deleted: number }
  /** A new nested Y.Map. */
  | { map: true };

export type CraftedStruct =
  | {
      origin?: CraftedId | null;
      rightOrigin?: CraftedId | null;
      /** A root map's name or the id of the item holding the parent type; only without origins. */
      parent?: string | CraftedId | null;
      parentSub?: string | null;
      content: CraftedContent;
    }
  | { gc: number }
  | { skip: number };

/** One client's structs, from `clock` on, each after the previous. */
export type CraftedGroup = { client: number; clock: number; structs: CraftedStruct[] };

export type CraftedDelete = { client: number; clock: number; len: number };

const id = (x: CraftedId | null | undefined): Y.ID | null => (x ? Y.createID(x[0], x[1]) : null);

function content(c: CraftedContent): Y.Item['content'] {
  if ('any' in c) return new Y.ContentAny(c.any);
  if ('string' in c) return new Y.ContentString(c.string);
  if ('deleted' in c) return new Y.ContentDeleted(c.deleted);
  return new Y.ContentType(new Y.Map());
}

export function craftUpdate(
  groups: readonly CraftedGroup[],
  deletes: readonly CraftedDelete[] = [],
): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  // UpdateEncoderV1.writeLen is lib0's writeVarUint, which the headers need.
  encoder.writeLen(groups.length);
  for (const g of groups) {
    encoder.writeLen(g.structs.length);
    encoder.writeClient(g.client);
    encoder.writeLen(g.clock);
    let clock = g.clock;
    for (const s of g.structs) {
      const at = Y.createID(g.client, clock);
      let struct: Y.Item | Y.GC | Y.Skip;
      if ('gc' in s) struct = new Y.GC(at, s.gc);
      else if ('skip' in s) struct = new Y.Skip(at, s.skip);
      else {
        const parent = typeof s.parent === 'string' ? s.parent : id(s.parent);
        struct = new Y.Item(
          at,
          null,
          id(s.origin),
          null,
          id(s.rightOrigin),
          // Item.write accepts a root's name here, as decoded updates carry it.
          parent as unknown as Y.AbstractType<unknown> | null,
          s.parentSub ?? null,
          content(s.content),
        );
      }
      struct.write(encoder, 0);
      clock += struct.length;
    }
  }
  const byClient = new Map<number, CraftedDelete[]>();
  for (const d of deletes) byClient.set(d.client, [...(byClient.get(d.client) ?? []), d]);
  encoder.writeLen(byClient.size);
  for (const [client, ranges] of byClient) {
    encoder.writeLen(client);
    encoder.writeLen(ranges.length);
    for (const r of ranges) {
      encoder.writeDsClock(r.clock);
      encoder.writeDsLen(r.len);
    }
  }
  return encoder.toUint8Array();
}
