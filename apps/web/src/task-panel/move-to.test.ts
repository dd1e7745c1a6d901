import { describe, expect, it } from 'vitest';
import { moveIndex } from './move-to.tsx';

const others = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];

describe('moveIndex', () => {
  it('top is 0 and bottom is past the last task', () => {
    expect(moveIndex(others, 'top')).toBe(0);
    expect(moveIndex(others, 'bottom')).toBe(3);
    expect(moveIndex([], 'bottom')).toBe(0);
  });

  it('after a task is the index just past it', () => {
    expect(moveIndex(others, 'after:a')).toBe(1);
    expect(moveIndex(others, 'after:c')).toBe(3);
  });

  it('after a task that left the column falls back to the bottom', () => {
    expect(moveIndex(others, 'after:gone')).toBe(3);
  });
});
