import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { minuteNow, subscribeMinute } from './minute-clock.ts';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.UTC(2026, 10, 25, 12, 0, 30));
});
afterEach(() => vi.useRealTimers());

describe('the shared minute clock', () => {
  it('runs one timer for any number of cards, ticks on the minute, and stops with the last card', () => {
    const calls = [0, 0, 0];
    const stops = calls.map((_, i) =>
      subscribeMinute(() => {
        calls[i] = (calls[i] ?? 0) + 1;
      }),
    );
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(29_000);
    expect(calls).toEqual([0, 0, 0]);
    vi.advanceTimersByTime(1_010);
    expect(calls).toEqual([1, 1, 1]);
    expect(minuteNow()).toBeGreaterThanOrEqual(Date.UTC(2026, 10, 25, 12, 1));
    vi.advanceTimersByTime(60_000);
    expect(calls).toEqual([2, 2, 2]);
    for (const stop of stops.slice(1)) stop();
    expect(vi.getTimerCount()).toBe(1);
    stops[0]?.();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(180_000);
    expect(calls).toEqual([2, 2, 2]);
  });
});
