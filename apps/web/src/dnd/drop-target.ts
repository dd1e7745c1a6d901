/**
 * Where a dropped task goes, as the model's `moveTask` wants it: a column and an index among that
 * column's other tasks. Kept pure so it is tested without a browser; it asks the board through a
 * lookup, so a drop on a 10,000-task board does not list every column's task ids first.
 */
export type DropColumn = { id: string; taskIds: readonly string[] };
export type DropBoard = {
  columnIds: readonly string[];
  placeOf(taskId: string): { column: number; index: number } | undefined;
  size(column: number): number;
};
export type DropTarget = { columnId: string; index: number };
/** DropBoard plus the task at an index, which keyboard steps need. */
export type BoardOrder = DropBoard & { taskAt(column: number, index: number): string | undefined };

export const COLUMN_DROP_PREFIX = 'column:';

export function columnDropId(columnId: string): string {
  return `${COLUMN_DROP_PREFIX}${columnId}`;
}

/** A lookup over plain columns of task ids (the backlog's lists, and tests). */
export function columnsLookup(columns: readonly DropColumn[]): BoardOrder {
  return {
    columnIds: columns.map((c) => c.id),
    placeOf(id) {
      const column = columns.findIndex((c) => c.taskIds.includes(id));
      return column < 0 ? undefined : { column, index: columns[column]?.taskIds.indexOf(id) ?? -1 };
    },
    size: (column) => columns[column]?.taskIds.length ?? 0,
    taskAt: (column, index) => columns[column]?.taskIds[index],
  };
}

/** `dropTargetOn` over plain columns of task ids. */
export function dropTarget(
  columns: readonly DropColumn[],
  activeId: string,
  overId: string,
): DropTarget | undefined {
  return dropTargetOn(columnsLookup(columns), activeId, overId);
}

/**
 * `overId` is a task id or a column's drop id. Dropping on a task takes its place (the task and
 * those below shift down); dropping on a column's empty space appends. Returns undefined when
 * nothing would change or the target is unknown.
 */
export function dropTargetOn(board: DropBoard, activeId: string, overId: string): DropTarget | undefined {
  const from = board.placeOf(activeId);
  if (!from) return undefined;
  let column: number;
  let index: number;
  if (overId.startsWith(COLUMN_DROP_PREFIX)) {
    column = board.columnIds.indexOf(overId.slice(COLUMN_DROP_PREFIX.length));
    if (column < 0) return undefined;
    index = board.size(column) - (column === from.column ? 1 : 0);
  } else {
    const over = board.placeOf(overId);
    if (!over) return undefined;
    // Same column: the index of the task we are over is where the active one ends up (arrayMove).
    // Another column: insert before the task we are over.
    ({ column, index } = over);
  }
  if (column === from.column && index === from.index) return undefined;
  const columnId = board.columnIds[column];
  return columnId === undefined ? undefined : { columnId, index };
}
