import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { soleAuthor } from './sole-author.ts';

/** What the log stored before (issue 13): the update decoded again, its one author or null. */
function decodedAuthor(update: Uint8Array): number | null {
  const { from } = Y.parseUpdateMeta(update);
  if (from.size !== 1) return null;
  return [...from.keys()][0] ?? null;
}

type Step =
  | { kind: 'set'; by: number; key: string }
  | { kind: 'delete'; by: number; key: string }
  | { kind: 'receive'; by: number; from: number[] };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), by: fc.nat(2), key: fc.constantFrom('a', 'b', 'c') }),
  fc.record({ kind: fc.constant('delete' as const), by: fc.nat(2), key: fc.constantFrom('a', 'b', 'c') }),
  fc.record({
    kind: fc.constant('receive' as const),
    by: fc.nat(2),
    from: fc.uniqueArray(fc.nat(2), { minLength: 1, maxLength: 3 }),
  }),
);

describe('soleAuthor', () => {
  it("names the update's one author exactly when decoding the update does, for any edit or merge", () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 30 }), (steps) => {
        const docs = [0, 1, 2].map((i) => {
          const doc = new Y.Doc();
          doc.clientID = 100 + i;
          return doc;
        });
        const seen: [number | null, number | null][] = [];
        for (const doc of docs) {
          doc.on('update', (update: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) => {
            seen.push([soleAuthor(tr), decodedAuthor(update)]);
          });
        }
        for (const s of steps) {
          const doc = docs[s.by] as Y.Doc;
          const map = doc.getMap<number>('m');
          if (s.kind === 'set') map.set(s.key, map.size);
          else if (s.kind === 'delete') map.delete(s.key);
          else {
            // Several peers' states merged into one update: applied in one transaction.
            const merged = Y.mergeUpdates(s.from.map((i) => Y.encodeStateAsUpdate(docs[i] as Y.Doc)));
            Y.applyUpdate(doc, merged, 'remote');
          }
        }
        for (const [fromStates, fromDecoding] of seen) expect(fromStates).toBe(fromDecoding);
      }),
      { numRuns: 300 },
    );
  });

  it('is null for an update that only deletes, and for one with two authors', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getMap('m').set('x', 1);
    b.getMap('m').set('y', 2);
    const got: (number | null)[] = [];
    a.on('update', (_u: Uint8Array, _o: unknown, _d: Y.Doc, tr: Y.Transaction) => got.push(soleAuthor(tr)));
    a.getMap('m').delete('x');
    a.getMap('m').set('z', 3);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(a, Y.mergeUpdates([Y.encodeStateAsUpdate(b)]));
    const c = new Y.Doc();
    c.getMap('m').set('w', 4);
    b.getMap('m').set('v', 5);
    Y.applyUpdate(a, Y.mergeUpdates([Y.encodeStateAsUpdate(b), Y.encodeStateAsUpdate(c)]));
    expect(got).toEqual([null, a.clientID, b.clientID, null]);
  });
});
