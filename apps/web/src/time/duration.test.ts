import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, parseDuration, progressShares } from './duration.ts';

describe('parseDuration', () => {
  it('reads hours, minutes and seconds, with or without spaces and decimals', () => {
    expect(parseDuration('1h 30m')).toEqual({ seconds: 5400 });
    expect(parseDuration('1h30m')).toEqual({ seconds: 5400 });
    expect(parseDuration('45m')).toEqual({ seconds: 2700 });
    expect(parseDuration('1.5h')).toEqual({ seconds: 5400 });
    expect(parseDuration('1,5h')).toEqual({ seconds: 5400 });
    expect(parseDuration(' 2H 5M 10S ')).toEqual({ seconds: 7510 });
    expect(parseDuration('90s')).toEqual({ seconds: 90 });
    expect(parseDuration('0m')).toEqual({ seconds: 0 });
  });

  it('refuses empty text, bare numbers, unknown units, repeats and units out of order', () => {
    for (const bad of [
      '',
      '  ',
      '90',
      '2d',
      '1w',
      'h',
      '1h 1h',
      '30m 1h',
      '1h foo',
      '-1h',
      '1 hour',
      '1h,30m',
    ]) {
      expect(parseDuration(bad), bad).toHaveProperty('error');
    }
  });
});

describe('formatDuration', () => {
  it('writes the largest units, seconds only under an hour', () => {
    expect(formatDuration(0)).toBe('0m');
    expect(formatDuration(5)).toBe('5s');
    expect(formatDuration(754)).toBe('12m 34s');
    expect(formatDuration(3600)).toBe('1h');
    expect(formatDuration(5400)).toBe('1h 30m');
    expect(formatDuration(5459)).toBe('1h 30m');
    expect(formatDuration(100 * 3600)).toBe('100h');
    expect(formatDuration(-5)).toBe('0m');
  });

  it('parses back to the same seconds under an hour and to the minute above', () => {
    const seed = Number(process.env.SEED ?? Date.now() % 100_000);
    // fast-check prints the seed and path of a failure; replay with SEED=<seed>.
    fc.assert(
      fc.property(fc.nat(7 * 24 * 3600), (seconds) => {
        const back = parseDuration(formatDuration(seconds));
        expect(back).toHaveProperty('seconds');
        const expected = seconds < 3600 ? seconds : seconds - (seconds % 60);
        expect((back as { seconds: number }).seconds).toBe(expected);
      }),
      { seed, numRuns: 500 },
    );
  });
});

describe('formatClock', () => {
  it('counts hours, minutes and seconds, never below zero', () => {
    expect(formatClock(0)).toBe('00:00:00');
    expect(formatClock(754_999)).toBe('00:12:34');
    expect(formatClock(3_600_000 * 101)).toBe('101:00:00');
    expect(formatClock(-2000)).toBe('00:00:00');
  });
});

describe('progressShares', () => {
  it('splits the bar between logged and remaining, and flags going over the original', () => {
    expect(progressShares(0, null, null)).toEqual({ spent: 0, remaining: 0, over: false });
    expect(progressShares(3600, 3600, 7200)).toEqual({ spent: 0.5, remaining: 0.5, over: false });
    expect(progressShares(3600, 7200, 7200)).toEqual({ spent: 1 / 3, remaining: 2 / 3, over: true });
    expect(progressShares(1800, null, null)).toEqual({ spent: 1, remaining: 0, over: false });
  });
});
