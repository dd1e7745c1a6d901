import { describe, expect, it } from 'vitest';
import { stackCfd } from './cfd-stack.ts';

describe('stackCfd', () => {
  it('stacks each column on the ones after it, so the first column is the total', () => {
    const { tops, counts } = stackCfd(
      ['todo', 'doing', 'done'],
      [{ counts: { todo: 3, doing: 1, done: 0 } }, { counts: { todo: 1, doing: 2, done: 4 } }],
    );
    expect(counts).toEqual([
      [3, 1],
      [1, 2],
      [0, 4],
    ]);
    expect(tops).toEqual([
      [4, 7],
      [1, 6],
      [0, 4],
    ]);
  });

  it('adds nothing for a column absent from a day and keeps its count null', () => {
    const { tops, counts } = stackCfd(
      ['todo', 'review', 'done'],
      [{ counts: { todo: 2, review: 1, done: 1 } }, { counts: { todo: 2, done: 2 } }],
    );
    expect(counts[1]).toEqual([1, null]);
    expect(tops).toEqual([
      [4, 4],
      [2, 2],
      [1, 2],
    ]);
  });

  it('gives empty series for no days and no columns', () => {
    expect(stackCfd(['a'], [])).toEqual({ tops: [[]], counts: [[]] });
    expect(stackCfd([], [{ counts: { a: 1 } }])).toEqual({ tops: [], counts: [] });
  });
});
