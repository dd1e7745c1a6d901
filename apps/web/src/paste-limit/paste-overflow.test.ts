import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { overflowMessage, pasteOverflow } from './paste-overflow.ts';

describe('a paste over a field limit', () => {
  it('fits: nothing to say', () => {
    expect(pasteOverflow('abc', 3, 3, 'de', 5)).toBeNull();
    expect(pasteOverflow('abcde', 0, 5, '12345', 5)).toBeNull();
  });

  it('is cut: says how much was kept, counting the selection it replaces', () => {
    expect(pasteOverflow('abc', 3, 3, 'defg', 5)).toEqual({ limit: 5, pasted: 4, kept: 2 });
    expect(pasteOverflow('abcde', 1, 3, 'xyz', 5)).toEqual({ limit: 5, pasted: 3, kept: 2 });
    expect(pasteOverflow('abcde', 5, 5, 'x', 5)).toEqual({ limit: 5, pasted: 1, kept: 0 });
    expect(overflowMessage('Title', { limit: 500, pasted: 612, kept: 420 })).toBe(
      'Title holds at most 500 characters: 420 of the 612 you pasted were kept.',
    );
    expect(overflowMessage('Title', { limit: 5, pasted: 1, kept: 0 })).toMatch(/none of the 1 you pasted/);
  });

  it('property: it speaks exactly when the browser would cut, and `kept` is what fits', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 30 }),
        fc.string({ maxLength: 30 }),
        fc.nat(40),
        fc.nat(40),
        fc.nat(40),
        (value, pasted, a, b, limit) => {
          const start = Math.min(a, b, value.length);
          const end = Math.min(Math.max(a, b), value.length);
          const result = pasteOverflow(value, start, end, pasted, limit);
          const after = value.length - (end - start) + pasted.length;
          if (limit === 0 || after <= limit) expect(result).toBeNull();
          else expect(result?.kept).toBe(Math.max(0, pasted.length - (after - limit)));
        },
      ),
    );
  });
});
