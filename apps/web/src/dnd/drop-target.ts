/**
 * Where a dropped task goes, as the model's `moveTask` wants it: a column and an index among that
 * column's other tasks. Kept pure so it is tested without a browser.
 */
export type DropColumn = { id: string; taskIds: readonly string[] };
export type DropTarget = { columnId: string; index: number };

export const COLUMN_DROP_PREFIX = 'column:';

export function columnDropId(columnId: string): string {
  return `${COLUMN_DROP_PREFIX}${columnId}`;
}

/**
 * `overId` is a task id or a column's drop id. Dropping on a task takes its place (the task and
 * those below shift down); dropping on a column's empty space appends. Returns undefined when
 * nothing would change or the target is unknown.
 */
export function dropTarget(
  columns: readonly DropColumn[],
  activeId: string,
  overId: string,
): DropTarget | undefined {
  const from = columns.find((c) => c.taskIds.includes(activeId));
  if (!from) return undefined;
  let target: DropTarget | undefined;
  if (overId.startsWith(COLUMN_DROP_PREFIX)) {
    const column = columns.find((c) => c.id === overId.slice(COLUMN_DROP_PREFIX.length));
    if (!column) return undefined;
    target = { columnId: column.id, index: column.taskIds.filter((id) => id !== activeId).length };
  } else {
    const column = columns.find((c) => c.taskIds.includes(overId));
    if (!column) return undefined;
    // Same column: the index of the task we are over is where the active one ends up (arrayMove).
    // Another column: insert before the task we are over.
    target = { columnId: column.id, index: column.taskIds.indexOf(overId) };
  }
  const fromIndex = from.taskIds.indexOf(activeId);
  if (target.columnId === from.id && target.index === fromIndex) return undefined;
  return target;
}
