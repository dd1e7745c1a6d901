import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyQuietly, syncUpdateOf } from './quiet-apply.ts';

/** lib0's varUint: 7 bits a byte, low first. */
function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

function message(name: string, type: number, syncType: number, update: Uint8Array): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  return new Uint8Array([
    ...varUint(nameBytes.length),
    ...nameBytes,
    ...varUint(type),
    ...varUint(syncType),
    ...varUint(update.length),
    ...update,
  ]);
}

describe('quiet apply', () => {
  it('finds the update in sync step 2 and update messages, and nothing in others', () => {
    const update = new Uint8Array(300).map((_, i) => i % 251);
    expect(syncUpdateOf(message('workspace-1', 0, 1, update))).toEqual(update);
    expect(syncUpdateOf(message('w', 0, 2, update))).toEqual(update);
    expect(syncUpdateOf(message('w', 0, 0, update))).toBeNull(); // step 1: a state vector
    expect(syncUpdateOf(message('w', 1, 1, update))).toBeNull(); // awareness
    expect(syncUpdateOf(message('w', 0, 1, update).subarray(0, 20))).toBeNull(); // cut short
  });

  it('applies without the update listeners seeing an encoding, then tells them with the given bytes', () => {
    const source = new Y.Doc();
    source.getMap('m').set('a', 1);
    const update = Y.encodeStateAsUpdate(source);
    const doc = new Y.Doc();
    const seen: [Uint8Array, unknown][] = [];
    doc.on('update', (u: Uint8Array, origin: unknown) => seen.push([u, origin]));
    const origin = { name: 'disk' };
    applyQuietly(doc, [update], origin);
    expect(doc.getMap('m').get('a')).toBe(1);
    expect(seen).toEqual([[update, origin]]);
    // The listener is back for what follows.
    doc.getMap('m').set('b', 2);
    expect(seen).toHaveLength(2);
  });
});
