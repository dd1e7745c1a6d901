import { describe, expect, it } from 'vitest';
import { columnDropId, dropTarget } from './drop-target.ts';

const columns = [
  { id: 'todo', taskIds: ['a', 'b', 'c'] },
  { id: 'doing', taskIds: ['d'] },
  { id: 'done', taskIds: [] },
];

describe('dropTarget', () => {
  it('moves down within a column to the index of the task it was dropped on', () => {
    expect(dropTarget(columns, 'a', 'c')).toEqual({ columnId: 'todo', index: 2 });
  });
  it('moves up within a column', () => {
    expect(dropTarget(columns, 'c', 'a')).toEqual({ columnId: 'todo', index: 0 });
  });
  it('inserts before the task it was dropped on in another column', () => {
    expect(dropTarget(columns, 'b', 'd')).toEqual({ columnId: 'doing', index: 0 });
  });
  it('appends when dropped on a column', () => {
    expect(dropTarget(columns, 'b', columnDropId('doing'))).toEqual({ columnId: 'doing', index: 1 });
    expect(dropTarget(columns, 'b', columnDropId('done'))).toEqual({ columnId: 'done', index: 0 });
  });
  it('does nothing when dropped where it already is', () => {
    expect(dropTarget(columns, 'b', 'b')).toBeUndefined();
    expect(dropTarget(columns, 'c', columnDropId('todo'))).toBeUndefined();
  });
  it('ignores unknown targets', () => {
    expect(dropTarget(columns, 'b', 'zzz')).toBeUndefined();
    expect(dropTarget(columns, 'b', columnDropId('nope'))).toBeUndefined();
    expect(dropTarget(columns, 'zzz', 'a')).toBeUndefined();
  });
});
