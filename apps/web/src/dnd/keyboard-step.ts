/**
 * Where one arrow key takes a task dragged with the keyboard, decided from the board itself
 * rather than from rectangles on screen (dnd-kit's sortable keyboard coordinates search the
 * droppables in the arrow's direction: on our board ArrowDown could land two columns right and
 * ArrowLeft could come back to the same place, issue 14; and a virtualized column has no
 * rectangle for most of its tasks).
 *
 * A target is what `dropTarget` takes: a task id (drop before it, or at its place in the task's
 * own column) or a column's drop id (append). Up and Down walk the column's tasks in order, then
 * its end; Left and Right go to the neighbouring column at the entry `enter` picks (the caller
 * knows what is on screen). The step is pure, so it is tested without a browser.
 */
import { type BoardOrder, COLUMN_DROP_PREFIX, columnDropId } from './drop-target.ts';

export type StepKey = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight';

export function isStepKey(code: string): code is StepKey {
  return code === 'ArrowUp' || code === 'ArrowDown' || code === 'ArrowLeft' || code === 'ArrowRight';
}

/** The column and index a target stands for; a column's end is index `size` of that column. */
function slotOf(board: BoardOrder, target: string): { column: number; index: number } | undefined {
  if (target.startsWith(COLUMN_DROP_PREFIX)) {
    const column = board.columnIds.indexOf(target.slice(COLUMN_DROP_PREFIX.length));
    return column < 0 ? undefined : { column, index: board.size(column) };
  }
  return board.placeOf(target);
}

/**
 * The target after pressing `key` while over `current` (the active task itself right after the
 * pick-up). `enter(column)` chooses the entry in a neighbouring column. Returns `current` when the
 * key leads nowhere (the top of a column, the last column), undefined when `current` is unknown.
 */
export function keyboardStep(
  board: BoardOrder,
  activeId: string,
  current: string,
  key: StepKey,
  enter: (column: number) => string,
): string | undefined {
  const from = board.placeOf(activeId);
  const at = slotOf(board, current);
  if (!from || !at) return undefined;
  if (key === 'ArrowLeft' || key === 'ArrowRight') {
    const column = at.column + (key === 'ArrowLeft' ? -1 : 1);
    return column < 0 || column >= board.columnIds.length ? current : enter(column);
  }
  const size = board.size(at.column);
  // In its own column the task takes the place of the one it is over, so the last task is the
  // end; elsewhere it goes before the one it is over, and past the last one is the column's end.
  const last = at.column === from.column ? size - 1 : size;
  const start = Math.min(at.index, last);
  const index = Math.max(0, Math.min(last, start + (key === 'ArrowUp' ? -1 : 1)));
  if (index === start) return current;
  const columnId = board.columnIds[at.column] ?? '';
  return index === size ? columnDropId(columnId) : (board.taskAt(at.column, index) ?? current);
}
