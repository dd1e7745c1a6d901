import { describe, expect, it } from 'vitest';
import { columnsLookup } from '../dnd/drop-target.ts';
import {
  columnForNewTask,
  NO_SELECTION,
  selectedTasks,
  stepCursor,
  toggleMarked,
} from './board-selection.ts';

// To Do: a b c | Doing: (empty) | Done: d e
const board = columnsLookup([
  { id: 'todo', taskIds: ['a', 'b', 'c'] },
  { id: 'doing', taskIds: [] },
  { id: 'done', taskIds: ['d', 'e'] },
]);

describe('board keyboard selection', () => {
  it('starts at the first task whatever the direction', () => {
    for (const d of ['up', 'down', 'left', 'right'] as const) expect(stepCursor(board, null, d)).toBe('a');
    expect(stepCursor(board, 'gone', 'down')).toBe('a');
    expect(stepCursor(columnsLookup([{ id: 'x', taskIds: [] }]), null, 'down')).toBeNull();
  });

  it('moves up and down within a column and stops at its ends', () => {
    expect(stepCursor(board, 'a', 'down')).toBe('b');
    expect(stepCursor(board, 'c', 'down')).toBe('c');
    expect(stepCursor(board, 'b', 'up')).toBe('a');
    expect(stepCursor(board, 'a', 'up')).toBe('a');
  });

  it('moves across columns at the same height, skipping empty ones, staying at the edges', () => {
    expect(stepCursor(board, 'b', 'right')).toBe('e');
    expect(stepCursor(board, 'c', 'right')).toBe('e');
    expect(stepCursor(board, 'a', 'right')).toBe('d');
    expect(stepCursor(board, 'e', 'left')).toBe('b');
    expect(stepCursor(board, 'a', 'left')).toBe('a');
    expect(stepCursor(board, 'd', 'right')).toBe('d');
  });

  it('marks and unmarks the cursor’s task with X', () => {
    const one = toggleMarked({ cursor: 'a', marked: [] });
    expect(one.marked).toEqual(['a']);
    const two = toggleMarked({ ...one, cursor: 'd' });
    expect(two.marked).toEqual(['a', 'd']);
    expect(toggleMarked({ ...two, cursor: 'a' }).marked).toEqual(['d']);
    expect(toggleMarked(NO_SELECTION)).toBe(NO_SELECTION);
  });

  it('acts on the marked tasks still on the board, else on the cursor’s', () => {
    expect(selectedTasks(board, { cursor: 'b', marked: ['d', 'gone', 'a'] })).toEqual(['d', 'a']);
    expect(selectedTasks(board, { cursor: 'b', marked: ['gone'] })).toEqual(['b']);
    expect(selectedTasks(board, { cursor: 'gone', marked: [] })).toEqual([]);
    expect(selectedTasks(board, NO_SELECTION)).toEqual([]);
  });

  it('creates in the cursor’s column, else the first', () => {
    expect(columnForNewTask(board, { cursor: 'e', marked: [] })).toBe('done');
    expect(columnForNewTask(board, NO_SELECTION)).toBe('todo');
  });
});
