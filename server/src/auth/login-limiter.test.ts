import { describe, expect, it } from 'vitest';
import { LoginLimiter } from './login-limiter.ts';

const WINDOW = 15 * 60_000;

function limiter(options: { perAccount?: number; perAddress?: number; freePerPair?: number } = {}) {
  let now = 1_000_000;
  const l = new LoginLimiter({
    perAccount: options.perAccount ?? 10,
    perAddress: options.perAddress ?? 50,
    windowMs: WINDOW,
    now: () => now,
    ...(options.freePerPair ? { freePerPair: options.freePerPair } : {}),
  });
  return {
    l,
    advance: (ms: number) => {
      now += ms;
    },
    fail: (email: string, address: string, times = 1) => {
      for (let i = 0; i < times; i += 1) l.recordFailure(email, address);
    },
  };
}

describe('login limiter (issue 8: slows the guesser, never locks the owner out)', () => {
  it('an address gets its free failures on an account, then a doubling wait', () => {
    const { l, fail, advance } = limiter({ perAccount: 100, freePerPair: 5 });
    fail('ann@example.com', '10.0.0.1', 4);
    expect(l.retryAfter('ann@example.com', '10.0.0.1')).toBe(0);
    fail('ann@example.com', '10.0.0.1');
    expect(l.retryAfter('ann@example.com', '10.0.0.1')).toBe(1);
    advance(1_000);
    expect(l.retryAfter('ann@example.com', '10.0.0.1')).toBe(0);
    fail('ann@example.com', '10.0.0.1');
    expect(l.retryAfter('ann@example.com', '10.0.0.1')).toBe(2);
    advance(2_000);
    fail('ann@example.com', '10.0.0.1');
    expect(l.retryAfter('ann@example.com', '10.0.0.1')).toBe(4);
    // Emails are one account whatever their case.
    expect(l.retryAfter('ANN@example.com', '10.0.0.1')).toBe(4);
  });

  it('the wait is capped at the window, and a quiet window forgets', () => {
    const { l, fail, advance } = limiter({ perAccount: 100, freePerPair: 5 });
    fail('ann@example.com', '10.0.0.1', 30);
    expect(l.retryAfter('ann@example.com', '10.0.0.1')).toBe(WINDOW / 1000);
    advance(WINDOW);
    expect(l.retryAfter('ann@example.com', '10.0.0.1')).toBe(0);
    fail('ann@example.com', '10.0.0.1');
    expect(l.retryAfter('ann@example.com', '10.0.0.1')).toBe(0);
  });

  it('an account under attack does not lock its owner out: a clean address always gets its attempt', () => {
    const { l, fail } = limiter();
    fail('ann@example.com', '10.0.0.1', 40);
    expect(l.retryAfter('ann@example.com', '10.0.0.1')).toBeGreaterThan(60);
    expect(l.retryAfter('ann@example.com', '192.168.1.7')).toBe(0);
    expect(l.retryAfter('bob@example.com', '10.0.0.1')).toBe(0);
  });

  it('a lone guesser gets the default ten, then waits 2^9 s once the account counts as under attack', () => {
    const { l, fail } = limiter();
    fail('ann@example.com', '10.0.0.1', 9);
    expect(l.retryAfter('ann@example.com', '10.0.0.1')).toBe(0);
    fail('ann@example.com', '10.0.0.1');
    expect(l.retryAfter('ann@example.com', '10.0.0.1')).toBe(512);
  });

  it('under attack, every other address gets one free failure on the account, not ten', () => {
    const { l, fail } = limiter();
    for (let i = 0; i < 10; i += 1) fail('ann@example.com', `10.0.1.${i}`);
    fail('ann@example.com', '10.0.2.1');
    expect(l.retryAfter('ann@example.com', '10.0.2.1')).toBe(1);
    // The owner's one typo from home now waits a second, not fifteen minutes.
    fail('ann@example.com', '192.168.1.7');
    expect(l.retryAfter('ann@example.com', '192.168.1.7')).toBe(1);
    // Other accounts are not under attack.
    fail('bob@example.com', '10.0.2.1');
    expect(l.retryAfter('bob@example.com', '10.0.2.1')).toBe(0);
  });

  it('one address spraying many accounts is refused until its window ends', () => {
    const { l, fail, advance } = limiter({ perAddress: 3 });
    fail('a@example.com', '10.0.0.9');
    fail('b@example.com', '10.0.0.9');
    fail('c@example.com', '10.0.0.9');
    expect(l.retryAfter('d@example.com', '10.0.0.9')).toBe(WINDOW / 1000);
    expect(l.retryAfter('d@example.com', '10.0.0.8')).toBe(0);
    advance(WINDOW);
    expect(l.retryAfter('d@example.com', '10.0.0.9')).toBe(0);
  });

  it('a success lifts nothing: it would hand the attacker fresh tries', () => {
    const { l, fail } = limiter();
    fail('ann@example.com', '10.0.0.1', 12);
    const wait = l.retryAfter('ann@example.com', '10.0.0.1');
    l.recordSuccess('ann@example.com');
    expect(l.retryAfter('ann@example.com', '10.0.0.1')).toBe(wait);
  });
});
