import { describe, expect, test } from 'vitest';
import { RateLimiter, type RateLimits, type RateScope } from './rate-limiter.ts';

const LIMITS: RateLimits = {
  'rest-write:person': 6,
  'rest-write:address': 0,
  'sync-connection:person': 0,
  'sync-connection:address': 0,
  'sync-update:person': 0,
  'sync-update:address': 2,
};

function limiter(maxKeys?: number) {
  const clock = { now: 0 };
  const refused: RateScope[] = [];
  const l = new RateLimiter({
    limits: LIMITS,
    now: () => clock.now,
    onRefused: (scope) => refused.push(scope),
    ...(maxKeys ? { maxKeys } : {}),
  });
  return { l, clock, refused };
}

const write = (key: string) => [{ scope: 'rest-write:person' as const, key }];

describe('rate limiter', () => {
  test('a minute of allowance at once, then one token per 60/limit seconds', () => {
    const { l, clock, refused } = limiter();
    for (let i = 0; i < 6; i++) expect(l.take(write('ann')).ok).toBe(true);
    expect(l.take(write('ann'))).toEqual({ ok: false, scope: 'rest-write:person', retryAfterS: 10 });
    expect(l.take(write('bob')).ok).toBe(true);
    clock.now += 9_000;
    expect(l.take(write('ann'))).toEqual({ ok: false, scope: 'rest-write:person', retryAfterS: 1 });
    clock.now += 1_000;
    expect(l.take(write('ann')).ok).toBe(true);
    expect(refused).toEqual(['rest-write:person', 'rest-write:person']);
  });

  test('0 turns a scope off; a refusal takes a token from none of the buckets named', () => {
    const { l } = limiter();
    for (let i = 0; i < 100; i++) expect(l.take([{ scope: 'sync-update:person', key: 'ann' }]).ok).toBe(true);
    const both = (person: string) => [
      { scope: 'rest-write:person' as const, key: person },
      { scope: 'sync-update:address' as const, key: '10.0.0.1' },
    ];
    expect(l.take(both('ann')).ok).toBe(true);
    expect(l.take(both('bob')).ok).toBe(true);
    // The address is empty: Cid's own bucket keeps all six tokens.
    expect(l.take(both('cid'))).toMatchObject({ ok: false, scope: 'sync-update:address' });
    for (let i = 0; i < 6; i++) expect(l.take(write('cid')).ok).toBe(true);
  });

  test('memory stays bounded: idle full buckets are swept, and past maxKeys the least recent go', () => {
    const { l, clock } = limiter(100);
    for (let i = 0; i < 1_000; i++) l.take(write(`user${i}`));
    expect(l.size).toBeLessThanOrEqual(101);
    clock.now += 60_000;
    for (let i = 0; i < 10_000; i++) l.take(write('busy'));
    expect(l.size).toBe(1);
  });
});
