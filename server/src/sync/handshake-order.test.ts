import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HandshakeOrder } from './handshake-order.ts';

function frame(document: string, type: number, syncType?: number, tag = 0): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, document);
  encoding.writeVarUint(e, type);
  if (syncType !== undefined) encoding.writeVarUint(e, syncType);
  encoding.writeVarUint8Array(e, new Uint8Array([tag]));
  return encoding.toUint8Array(e);
}
const AUTH = frame('w', 2);
const STEP1 = frame('w', 0, 0);
const STEP2 = frame('w', 0, 1);
const update = (tag: number) => frame('w', 0, 2, tag);

afterEach(() => vi.useRealTimers());

describe('handshake order', () => {
  it('S6: updates before the SyncStep2 wait for it, then go through in arrival order', () => {
    const out: Uint8Array[] = [];
    const order = new HandshakeOrder((f) => out.push(f), { maxHeldBytes: 1024, maxWaitMs: 5000 });
    for (const f of [AUTH, update(1), STEP1, update(2)]) order.accept(f);
    expect(out).toEqual([AUTH, STEP1]);
    order.accept(STEP2);
    order.accept(update(3));
    expect(out).toEqual([AUTH, STEP1, STEP2, update(1), update(2), update(3)]);
  });

  it('S6: held updates are released after the wait or past the size cap, and a new auth starts over', () => {
    vi.useFakeTimers();
    const out: Uint8Array[] = [];
    const order = new HandshakeOrder((f) => out.push(f), {
      maxHeldBytes: 3 * update(0).byteLength,
      maxWaitMs: 5000,
    });
    order.accept(update(1));
    vi.advanceTimersByTime(5000);
    expect(out).toEqual([update(1)]);
    order.accept(AUTH);
    for (const t of [2, 3, 4, 5]) order.accept(update(t));
    // The fourth would pass the cap: everything held goes first, then it.
    expect(out).toEqual([update(1), AUTH, update(2), update(3), update(4), update(5)]);
    order.accept(frame('other', 0, 2, 9));
    expect(out).toHaveLength(6);
    order.close();
  });
});
