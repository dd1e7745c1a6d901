/**
 * The board as drag and drop asks about it: where a task is, how long a column is, which task is
 * at an index. Built on first use for each board object and kept in a WeakMap, so a board update
 * costs nothing until someone drags (indexing 10,000 tasks on every change cost a render).
 */
import type { Board, Task } from '@taskflow/model';
import type { BoardOrder } from './drop-target.ts';

export type BoardLookup = BoardOrder & {
  task(taskId: string): Task | undefined;
  columnName(column: number): string | undefined;
};

type Place = { column: number; index: number; task: Task };

const cache = new WeakMap<Board, BoardLookup>();

export function boardLookup(board: Board): BoardLookup {
  const kept = cache.get(board);
  if (kept) return kept;
  let places: Map<string, Place> | undefined;
  const index = () => {
    if (places) return places;
    const map = new Map<string, Place>();
    board.columns.forEach((c, column) => {
      c.tasks.forEach((task, i) => {
        map.set(task.id, { column, index: i, task });
      });
    });
    places = map;
    return map;
  };
  const lookup: BoardLookup = {
    columnIds: board.columns.map((c) => c.id),
    placeOf(taskId) {
      const place = index().get(taskId);
      return place && { column: place.column, index: place.index };
    },
    size: (column) => board.columns[column]?.tasks.length ?? 0,
    taskAt: (column, i) => board.columns[column]?.tasks[i]?.id,
    task: (taskId) => index().get(taskId)?.task,
    columnName: (column) => board.columns[column]?.name,
  };
  cache.set(board, lookup);
  return lookup;
}
