import { describe, expect, it } from 'vitest';
import { compareRanked, rankAt } from './rank.ts';

describe('ranks', () => {
  it('M5: a key generated at an index sorts at that index', () => {
    const list = [
      { id: 'a', rank: 'a0' },
      { id: 'b', rank: 'a1' },
      { id: 'c', rank: 'a2' },
    ];
    for (let i = 0; i <= list.length; i++) {
      const placed = [...list.slice(0, i), { id: 'new', rank: rankAt(list, i) }, ...list.slice(i)];
      expect([...placed].sort(compareRanked).map((x) => x.id)).toEqual(placed.map((x) => x.id));
    }
  });

  it('M5: equal neighbours never make the generator throw; the item lands after the run', () => {
    const list = [
      { id: 'a', rank: 'a1' },
      { id: 'b', rank: 'a1' },
      { id: 'c', rank: 'a3' },
    ];
    const rank = rankAt(list, 1);
    expect(rank > 'a1' && rank < 'a3').toBe(true);
  });

  it('M5: jitter keeps two offline inserts at the same spot apart', () => {
    const list = [
      { id: 'a', rank: 'a0' },
      { id: 'b', rank: 'a1' },
    ];
    const keys = new Set(Array.from({ length: 50 }, () => rankAt(list, 1)));
    expect(keys.size).toBeGreaterThan(45);
  });

  it('M9: keys a peer corrupted do not break ranking', () => {
    const list = [
      { id: 'a', rank: '!!' },
      { id: 'b', rank: 'a1' },
    ];
    expect(typeof rankAt(list, 1)).toBe('string');
    expect(typeof rankAt([{ id: 'x', rank: '~~~' }], 1)).toBe('string');
  });
});
