import { describe, expect, it } from 'vitest';
import { defaultRange } from './day-range.ts';

describe('defaultRange', () => {
  it('is the 30 days ending today, both included, across a month and a year', () => {
    expect(defaultRange(new Date(2026, 11, 3, 10))).toEqual({ from: '2026-11-04', to: '2026-12-03' });
    expect(defaultRange(new Date(2027, 0, 10, 23, 59))).toEqual({ from: '2026-12-12', to: '2027-01-10' });
  });
});
