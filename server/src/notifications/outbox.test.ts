import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TempDb, tempDb } from '../../test/automations/temp-db.ts';
import type { Notification } from './kinds.ts';
import { OutboxStore } from './outbox.ts';

const system: Notification = { kind: 'system', payload: { subject: 'Hi', message: 'Hello', link: null } };
let t: TempDb;
const NOW = Date.UTC(2026, 10, 22, 12);

beforeEach(() => {
  t = tempDb('taskflow-outbox-');
});
afterEach(() => t.cleanup());

describe('outbox', () => {
  it("O1: enqueue joins the caller's transaction: a rolled-back cause leaves no email", () => {
    const outbox = new OutboxStore(t.db);
    expect(() =>
      t.db.transaction(() => {
        outbox.enqueue({ key: 'a', userId: 'u', now: NOW, ...system });
        throw new Error('the cause failed');
      })(),
    ).toThrow('the cause failed');
    expect(outbox.byKey('a')).toBeUndefined();
    t.db.transaction(() => outbox.enqueue({ key: 'a', userId: 'u', now: NOW, ...system }))();
    expect(outbox.byKey('a')?.notification).toEqual(system);
  });

  it('O2: enqueue is idempotent by key and refuses an invalid payload', () => {
    const outbox = new OutboxStore(t.db);
    expect(outbox.enqueue({ key: 'a', userId: 'u', now: NOW, ...system })).toBeTypeOf('number');
    expect(outbox.enqueue({ key: 'a', userId: 'u', now: NOW + 1, ...system })).toBeNull();
    const bad = { kind: 'system', payload: { subject: 'x' } } as unknown as Notification;
    expect(() => outbox.enqueue({ key: 'b', userId: 'u', now: NOW, ...bad })).toThrow(/invalid system/);
  });

  it('O3: a claim hides rows from other senders until its timeout; a crashed claim comes back once', () => {
    const one = new OutboxStore(t.db, { claimTimeoutMs: 60_000 });
    const two = new OutboxStore(t.open(), { claimTimeoutMs: 60_000 });
    for (let i = 0; i < 5; i++) one.enqueue({ key: `k${i}`, userId: 'u', now: NOW, ...system });
    const a = one.claimDue(NOW, 3);
    const b = two.claimDue(NOW, 10);
    expect(a.map((m) => m.idempotencyKey)).toEqual(['k0', 'k1', 'k2']);
    expect(b.map((m) => m.idempotencyKey)).toEqual(['k3', 'k4']);
    for (const m of b) two.markSent(m.id, NOW);
    // `one` crashed before marking: its rows are due again after the timeout, with the attempt counted.
    expect(two.claimDue(NOW + 59_999, 10)).toEqual([]);
    const again = two.claimDue(NOW + 60_000, 10);
    expect(again.map((m) => [m.idempotencyKey, m.attempts])).toEqual([
      ['k0', 2],
      ['k1', 2],
      ['k2', 2],
    ]);
  });

  it('O4: dead after maxAttempts; retry resets the budget; dead letters are listed', () => {
    const outbox = new OutboxStore(t.db, { maxAttempts: 2, random: () => 0.5 });
    const id = outbox.enqueue({ key: 'k', userId: 'u', now: NOW, ...system }) ?? -1;
    outbox.claimDue(NOW, 1);
    expect(outbox.markFailed(id, NOW, 'boom')).toBe('retry');
    expect(outbox.get(id)?.nextAttemptAt).toBe(NOW + 22_500);
    outbox.claimDue(NOW + 22_500, 1);
    expect(outbox.markFailed(id, NOW + 22_500, 'boom again')).toBe('dead');
    expect(outbox.deadLetters().map((m) => [m.id, m.lastError])).toEqual([[id, 'boom again']]);
    expect(outbox.claimDue(NOW + 10 * 3_600_000, 10)).toEqual([]);
    expect(outbox.retry(id, NOW + 1)).toBe(true);
    expect(outbox.retry(id, NOW + 1)).toBe(false);
    expect(outbox.claimDue(NOW + 1, 1).map((m) => m.attempts)).toEqual([1]);
  });
});
