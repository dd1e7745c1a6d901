import { describe, expect, it } from 'vitest';
import { nextUnskipped } from './recurrence.ts';

describe('nextUnskipped', () => {
  it('passes over skipped occurrences, whatever their ISO spelling', () => {
    const occ = ['2026-11-23T08:00:00.000Z', '2026-11-30T08:00:00.000Z'];
    expect(nextUnskipped(occ, [])).toBe(occ[0]);
    expect(nextUnskipped(occ, ['2026-11-23T08:00:00Z'])).toBe(occ[1]);
    expect(nextUnskipped(occ, occ)).toBeNull();
  });
});
