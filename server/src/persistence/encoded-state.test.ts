/**
 * The encoded-state cache always answers what `Y.encodeStateAsUpdate` would answer at that moment,
 * and encodes once per version of the document. Randomized (fast-check; replay with TF_SEED=<seed>).
 */
import fc from 'fast-check';
import { describe, expect, test, vi } from 'vitest';
import * as Y from 'yjs';
import { encodedState, fullEncodingsOf, KEEP_MS } from './encoded-state.ts';

const SEED = process.env.TF_SEED === undefined ? undefined : Number(process.env.TF_SEED);

type Op =
  | { kind: 'set'; key: string; value: number }
  | { kind: 'delete'; key: string }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'remove'; at: number }
  | { kind: 'remote'; key: string; value: number }
  | { kind: 'parked'; value: number }
  | { kind: 'empty' }
  | { kind: 'emptyUpdate' }
  | { kind: 'read' }
  | { kind: 'readInside' };

const ops = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom('a', 'b', 'c'), value: fc.nat(9) }),
    fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom('a', 'b', 'c') }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(20), text: fc.string({ maxLength: 3 }) }),
    fc.record({ kind: fc.constant('remove' as const), at: fc.nat(20) }),
    fc.record({ kind: fc.constant('remote' as const), key: fc.constantFrom('a', 'x'), value: fc.nat(9) }),
    fc.record({ kind: fc.constant('parked' as const), value: fc.nat(9) }),
    fc.constant({ kind: 'empty' as const }),
    fc.constant({ kind: 'emptyUpdate' as const }),
    fc.constant({ kind: 'read' as const }),
    fc.constant({ kind: 'readInside' as const }),
  ),
  { maxLength: 40 },
);

/** Applies one op to `doc`; a peer supplies remote updates, and ones whose dependency is missing. */
function apply(doc: Y.Doc, peer: Y.Doc, op: Op): void {
  const text = doc.getText('t');
  switch (op.kind) {
    case 'set':
      doc.getMap('m').set(op.key, op.value);
      break;
    case 'delete':
      doc.getMap('m').delete(op.key);
      break;
    case 'insert':
      text.insert(Math.min(op.at, text.length), op.text);
      break;
    case 'remove':
      if (text.length > 0) text.delete(Math.min(op.at, text.length - 1), 1);
      break;
    case 'remote': {
      const before = Y.encodeStateVector(peer);
      peer.getMap('m').set(op.key, op.value);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, before));
      break;
    }
    case 'parked': {
      // Two edits by the peer; only the second reaches `doc`: Yjs parks it (pendingStructs).
      peer.getMap('p').set('first', op.value);
      const middle = Y.encodeStateVector(peer);
      peer.getMap('p').set('second', op.value);
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, middle));
      break;
    }
    case 'empty':
      doc.transact(() => {});
      break;
    case 'emptyUpdate':
      // What a new device's SyncStep2 carries: nothing the document lacks.
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(new Y.Doc()));
      break;
    case 'read':
      expect(encodedState(doc)).toEqual(Y.encodeStateAsUpdate(doc));
      break;
    case 'readInside':
      doc.transact(() => {
        doc.getMap('m').set('inside', 1);
        expect(encodedState(doc)).toEqual(Y.encodeStateAsUpdate(doc));
      });
      break;
  }
}

describe('encodedState', () => {
  test('equals a fresh encoding after any sequence of changes and reads', () => {
    fc.assert(
      fc.property(ops, (sequence) => {
        const doc = new Y.Doc();
        const peer = new Y.Doc();
        for (const op of sequence) {
          apply(doc, peer, op);
          expect(encodedState(doc)).toEqual(Y.encodeStateAsUpdate(doc));
        }
      }),
      { numRuns: 200, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });

  test('encodes once per version: repeated reads share the bytes, a change encodes again', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const first = encodedState(doc);
    expect(encodedState(doc)).toBe(first);
    expect(fullEncodingsOf(doc)).toBe(1);
    doc.getMap('m').set('a', 2);
    const second = encodedState(doc);
    expect(second).not.toBe(first);
    expect(fullEncodingsOf(doc)).toBe(2);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, second);
    expect(copy.getMap('m').get('a')).toBe(2);
  });

  test("a transaction that changes nothing (a new device's empty SyncStep2) keeps the bytes", () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const first = encodedState(doc);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(new Y.Doc()));
    doc.transact(() => {});
    Y.applyUpdate(doc, first);
    expect(encodedState(doc)).toBe(first);
    expect(fullEncodingsOf(doc)).toBe(1);
  });

  test('bytes nobody asked for within KEEP_MS are dropped; each read keeps them longer', () => {
    vi.useFakeTimers();
    try {
      const doc = new Y.Doc();
      doc.getMap('m').set('a', 1);
      const first = encodedState(doc);
      vi.advanceTimersByTime(KEEP_MS - 1);
      expect(encodedState(doc)).toBe(first);
      vi.advanceTimersByTime(KEEP_MS - 1);
      expect(encodedState(doc)).toBe(first);
      expect(fullEncodingsOf(doc)).toBe(1);
      vi.advanceTimersByTime(KEEP_MS);
      expect(encodedState(doc)).not.toBe(first);
      expect(fullEncodingsOf(doc)).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  test('a read inside a transaction encodes and caches nothing', () => {
    const doc = new Y.Doc();
    let inside: Uint8Array | undefined;
    doc.transact(() => {
      doc.getMap('m').set('a', 1);
      inside = encodedState(doc);
    });
    const after = encodedState(doc);
    expect(after).not.toBe(inside);
    expect(fullEncodingsOf(doc)).toBe(2);
  });
});
