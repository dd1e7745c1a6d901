/**
 * The board's keyboard selection, as plain data: a cursor (the task J/K and the arrows move, shown
 * highlighted) and the tasks marked with X. The shortcuts act on the marked tasks, or on the
 * cursor's when none is marked. Both are task ids, so a task that moves (by anyone) keeps its
 * selection; where it is now is asked of the board each time (dnd/board-lookup.ts).
 */
import type { BoardOrder } from '../dnd/drop-target.ts';

export type Selection = {
  readonly cursor: string | null;
  /** In the order they were marked. */
  readonly marked: readonly string[];
};

export const NO_SELECTION: Selection = { cursor: null, marked: [] };

export type Direction = 'up' | 'down' | 'left' | 'right';

function firstTask(board: BoardOrder): string | null {
  for (let column = 0; column < board.columnIds.length; column++) {
    const id = board.taskAt(column, 0);
    if (id) return id;
  }
  return null;
}

/**
 * Where the cursor goes: up and down within its column (stopping at the ends), left and right to
 * the nearest column with tasks at the same height (or its last task), staying put at the board's
 * edge. Without a cursor on the board (none yet, or its task filtered out or archived), any
 * direction starts at the first task.
 */
export function stepCursor(board: BoardOrder, cursor: string | null, direction: Direction): string | null {
  const place = cursor === null ? undefined : board.placeOf(cursor);
  if (!place) return firstTask(board);
  const size = board.size(place.column);
  switch (direction) {
    case 'down':
      return board.taskAt(place.column, Math.min(place.index + 1, size - 1)) ?? cursor;
    case 'up':
      return board.taskAt(place.column, Math.max(place.index - 1, 0)) ?? cursor;
    case 'left':
    case 'right': {
      const delta = direction === 'left' ? -1 : 1;
      for (
        let column = place.column + delta;
        column >= 0 && column < board.columnIds.length;
        column += delta
      ) {
        const length = board.size(column);
        if (length > 0) return board.taskAt(column, Math.min(place.index, length - 1)) ?? cursor;
      }
      return cursor;
    }
  }
}

/** X: the cursor's task joins the marked ones, or leaves them. */
export function toggleMarked(selection: Selection): Selection {
  const { cursor, marked } = selection;
  if (cursor === null) return selection;
  return {
    cursor,
    marked: marked.includes(cursor) ? marked.filter((id) => id !== cursor) : [...marked, cursor],
  };
}

/** What the shortcuts act on: the marked tasks still on the board, else the cursor's task. */
export function selectedTasks(board: BoardOrder, selection: Selection): string[] {
  const marked = selection.marked.filter((id) => board.placeOf(id) !== undefined);
  if (marked.length > 0) return marked;
  return selection.cursor !== null && board.placeOf(selection.cursor) ? [selection.cursor] : [];
}

/** The column a new task goes to (C): the cursor's, else the first. */
export function columnForNewTask(board: BoardOrder, selection: Selection): string | undefined {
  const place = selection.cursor === null ? undefined : board.placeOf(selection.cursor);
  return board.columnIds[place?.column ?? 0];
}
