import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HandshakeOrder, type HandshakeOrderOptions, type Refusal } from './handshake-order.ts';
import { HeldBytes } from './held-bytes.ts';

function frame(document: string, type: number, syncType?: number, tag = 0, size = 1): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, document);
  encoding.writeVarUint(e, type);
  if (syncType !== undefined) encoding.writeVarUint(e, syncType);
  encoding.writeVarUint8Array(e, new Uint8Array(size).fill(tag));
  return encoding.toUint8Array(e);
}
/** The server's answer to an Auth: 2 = Authenticated, 1 = PermissionDenied. */
function answer(document: string, kind: 1 | 2): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, document);
  encoding.writeVarUint(e, 2);
  encoding.writeVarUint(e, kind);
  encoding.writeVarString(e, kind === 2 ? 'read-write' : 'forbidden');
  return encoding.toUint8Array(e);
}
const AUTH = frame('w', 2);
const STEP1 = frame('w', 0, 0);
const STEP2 = frame('w', 0, 1);
const update = (tag: number, document = 'w', size = 1) => frame(document, 0, 2, tag, size);
const AUTHENTICATED = answer('w', 2);
const DENIED = answer('w', 1);

function setUp(options: Partial<HandshakeOrderOptions> = {}) {
  const out: Uint8Array[] = [];
  const refusals: Refusal[] = [];
  const budget = options.budget ?? new HeldBytes(1 << 20);
  const order = new HandshakeOrder((f) => out.push(f), {
    maxHeldBytes: 1 << 16,
    maxWaitMs: 5000,
    maxSocketBytes: 1 << 18,
    maxPendingDocuments: 4,
    refuse: (r) => refusals.push(r),
    ...options,
    budget,
  });
  return { out, refusals, budget, order };
}

afterEach(() => vi.useRealTimers());

describe('handshake order', () => {
  it('S6: updates before the SyncStep2 wait for it, then go through in arrival order', () => {
    const { out, order, budget } = setUp();
    for (const f of [AUTH, update(1), STEP1, update(2)]) order.accept(f);
    expect(out).toEqual([AUTH, STEP1]);
    order.sent(AUTHENTICATED);
    order.accept(STEP2);
    order.accept(update(3));
    expect(out).toEqual([AUTH, STEP1, STEP2, update(1), update(2), update(3)]);
    expect(budget.used).toBe(0);
  });

  it('S6: an authenticated document’s updates go through after the wait or past the size cap', () => {
    vi.useFakeTimers();
    const { out, order, refusals } = setUp({ maxHeldBytes: 3 * (update(0).byteLength + 256) });
    order.accept(AUTH);
    order.sent(AUTHENTICATED);
    order.accept(update(1));
    vi.advanceTimersByTime(5000);
    expect(out).toEqual([AUTH, update(1)]);
    // A new auth starts a new handshake: updates wait again.
    order.accept(AUTH);
    for (const t of [2, 3, 4, 5]) order.accept(update(t));
    // The fourth would pass the cap: everything held goes first, then it.
    expect(out).toEqual([AUTH, update(1), AUTH, update(2), update(3), update(4), update(5)]);
    expect(refusals).toEqual([]);
    order.close();
  });

  it('issue 8: a document still unauthenticated when its wait ends refuses the socket and frees its bytes', () => {
    vi.useFakeTimers();
    const { out, order, refusals, budget } = setUp();
    order.accept(update(1));
    order.accept(AUTH);
    expect(budget.used).toBeGreaterThan(0);
    vi.advanceTimersByTime(5000);
    expect(refusals).toEqual(['deadline']);
    expect(budget.used).toBe(0);
    // Nothing after a refusal reaches Hocuspocus.
    order.accept(STEP2);
    expect(out).toEqual([update(1), AUTH]);
  });

  it('issue 8: past the per-socket cap before authentication the socket is refused, the frame dropped', () => {
    const { out, order, refusals, budget } = setUp({ maxSocketBytes: 10_000 });
    order.accept(update(1, 'w', 6000));
    expect(refusals).toEqual([]);
    order.accept(update(2, 'other', 6000));
    expect(refusals).toEqual(['socket']);
    expect(out).toEqual([]);
    expect(budget.used).toBe(0);
  });

  it('issue 8: frames Hocuspocus queues before authentication count too, and are freed by its answer', () => {
    const { order, refusals, budget } = setUp({ maxSocketBytes: 10_000 });
    const step1 = frame('w', 0, 0, 1, 6000);
    order.accept(step1);
    expect(budget.used).toBe(step1.byteLength + 256);
    order.sent(AUTHENTICATED);
    expect(budget.used).toBe(0);
    // Authenticated: its frames pass uncharged, whatever their size.
    order.accept(frame('w', 0, 0, 1, 20_000));
    expect(refusals).toEqual([]);
    expect(budget.used).toBe(0);
  });

  it('issue 8: the budget is shared by all sockets; a closed socket gives its share back', () => {
    const budget = new HeldBytes(10_000);
    const a = setUp({ budget });
    const b = setUp({ budget });
    a.order.accept(update(1, 'a', 6000));
    b.order.accept(update(1, 'b', 6000));
    expect(a.refusals).toEqual([]);
    expect(b.refusals).toEqual(['server']);
    a.order.close();
    expect(budget.used).toBe(0);
    const c = setUp({ budget });
    c.order.accept(update(1, 'c', 6000));
    expect(c.refusals).toEqual([]);
  });

  it('issue 8: a socket may have only so many documents awaiting authentication', () => {
    const { order, refusals } = setUp({ maxPendingDocuments: 3 });
    for (const name of ['a', 'b', 'c']) order.accept(frame(name, 2));
    expect(refusals).toEqual([]);
    order.sent(answer('a', 2));
    order.accept(frame('d', 2));
    expect(refusals).toEqual([]);
    order.accept(frame('e', 2));
    expect(refusals).toEqual(['documents']);
  });

  it('issue 8: a refused authentication drops what was held for it and frees its bytes', () => {
    const { out, order, refusals, budget } = setUp();
    order.accept(AUTH);
    order.accept(update(1));
    order.sent(DENIED);
    expect(budget.used).toBe(0);
    order.accept(STEP2);
    expect(out).toEqual([AUTH, STEP2]);
    expect(refusals).toEqual([]);
    order.close();
    expect(budget.used).toBe(0);
  });
});
