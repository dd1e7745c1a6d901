import { describe, expect, it } from 'vitest';
import { columnDropId, columnsLookup, dropTargetOn } from './drop-target.ts';
import { keyboardStep, type StepKey } from './keyboard-step.ts';

const columns = [
  { id: 'todo', taskIds: ['a', 'b', 'c'] },
  { id: 'doing', taskIds: ['d', 'e'] },
  { id: 'done', taskIds: [] as string[] },
];

const board = columnsLookup(columns);

/** Enters a column at its first task, or its end when it has none. */
const atTop = (column: number) => columns[column]?.taskIds[0] ?? columnDropId(columns[column]?.id ?? '');

function press(activeId: string, keys: StepKey[]): string | undefined {
  let over: string | undefined = activeId;
  for (const key of keys) over = over && keyboardStep(board, activeId, over, key, atTop);
  return over;
}

describe('keyboardStep (issue 14: arrows land where they point)', () => {
  it('walks down its own column and stops at the last task', () => {
    expect(press('a', ['ArrowDown'])).toBe('b');
    expect(press('a', ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown'])).toBe('c');
    expect(press('c', ['ArrowUp', 'ArrowUp', 'ArrowUp'])).toBe('a');
  });
  it('never leaves the column on ArrowDown or ArrowUp', () => {
    expect(press('c', ['ArrowDown'])).toBe('c');
    expect(press('a', ['ArrowUp'])).toBe('a');
  });
  it('goes one column right or left, and back', () => {
    expect(press('b', ['ArrowRight'])).toBe('d');
    expect(press('b', ['ArrowRight', 'ArrowRight'])).toBe(columnDropId('done'));
    expect(press('d', ['ArrowLeft'])).toBe('a');
    expect(press('b', ['ArrowRight', 'ArrowLeft'])).toBe('a');
    expect(press('a', ['ArrowLeft'])).toBe('a');
    expect(press('b', ['ArrowRight', 'ArrowRight', 'ArrowRight'])).toBe(columnDropId('done'));
  });
  it("walks another column's tasks, then its end", () => {
    expect(press('a', ['ArrowRight', 'ArrowDown'])).toBe('e');
    expect(press('a', ['ArrowRight', 'ArrowDown', 'ArrowDown'])).toBe(columnDropId('doing'));
    expect(press('a', ['ArrowRight', 'ArrowDown', 'ArrowDown', 'ArrowDown'])).toBe(columnDropId('doing'));
    expect(press('a', ['ArrowRight', 'ArrowDown', 'ArrowDown', 'ArrowUp'])).toBe('e');
  });
  it('lands where dropTarget then puts the task', () => {
    const drop = (activeId: string, keys: StepKey[]) =>
      dropTargetOn(board, activeId, press(activeId, keys) ?? '');
    expect(drop('a', ['ArrowDown', 'ArrowDown'])).toEqual({ columnId: 'todo', index: 2 });
    expect(drop('a', ['ArrowRight'])).toEqual({ columnId: 'doing', index: 0 });
    expect(drop('a', ['ArrowRight', 'ArrowDown', 'ArrowDown'])).toEqual({ columnId: 'doing', index: 2 });
    expect(drop('a', ['ArrowRight', 'ArrowRight'])).toEqual({ columnId: 'done', index: 0 });
    expect(drop('b', ['ArrowRight', 'ArrowLeft'])).toEqual({ columnId: 'todo', index: 0 });
    expect(drop('b', ['ArrowLeft'])).toBeUndefined();
  });
  it('returns undefined for unknown tasks', () => {
    expect(keyboardStep(board, 'zzz', 'a', 'ArrowDown', atTop)).toBeUndefined();
    expect(keyboardStep(board, 'a', 'zzz', 'ArrowDown', atTop)).toBeUndefined();
  });
});
