import { describe, expect, test } from 'vitest';
import { type BreakerState, CircuitBreaker } from './circuit-breaker.ts';

function breaker() {
  const clock = { now: 1_000_000 };
  const changes: BreakerState[] = [];
  const b = new CircuitBreaker({
    failureThreshold: 3,
    coolDownMs: 60_000,
    now: () => clock.now,
    onStateChange: (state) => changes.push(state),
  });
  return { b, clock, changes };
}

describe('circuit breaker', () => {
  test('opens after N consecutive failures, not after N failures with a success between', () => {
    const { b, changes } = breaker();
    b.failed();
    b.failed();
    b.succeeded();
    b.failed();
    b.failed();
    expect(b.state).toBe('closed');
    expect(b.permit()).toBe('pass');
    b.failed();
    expect(b.state).toBe('open');
    expect(b.permit()).toBe('wait');
    expect(changes).toEqual(['open']);
  });

  test('half-opens after the cool-down with one trial; its success closes, its failure reopens', () => {
    const { b, clock, changes } = breaker();
    for (let i = 0; i < 3; i++) b.failed();
    clock.now += 59_999;
    expect(b.permit()).toBe('wait');
    clock.now += 1;
    expect(b.retryAt).toBe(clock.now);
    expect(b.permit()).toBe('trial');
    expect(b.permit()).toBe('wait'); // one trial at a time
    b.failed();
    expect(b.state).toBe('open');
    expect(b.retryAt).toBe(clock.now + 60_000);
    clock.now += 60_000;
    expect(b.permit()).toBe('trial');
    b.succeeded();
    expect(b.state).toBe('closed');
    expect(b.permit()).toBe('pass');
    expect(changes).toEqual(['open', 'half-open', 'open', 'half-open', 'closed']);
  });

  test('an abandoned trial (nothing was sent) lets the next caller make it', () => {
    const { b, clock } = breaker();
    for (let i = 0; i < 3; i++) b.failed();
    clock.now += 60_000;
    expect(b.permit()).toBe('trial');
    b.abandonTrial();
    expect(b.permit()).toBe('trial');
  });
});
