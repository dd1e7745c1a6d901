/**
 * Where a task dropped in the backlog view goes, as the model's `planTask` wants it: a sprint (or
 * the backlog, null) and an index among that list's other tasks. The lists are the board's
 * columns to the board's own drop rule (dnd/drop-target.ts): on a task takes its place, on a
 * list's end zone appends.
 */
import { type DropColumn, dropTarget } from '../dnd/drop-target.ts';

/** A list's id in the drag and drop: a sprint id, or this one for the backlog (ids never start with a NUL). */
export const BACKLOG_LIST = '\u0000backlog';

export type PlanList = DropColumn;
export type PlanTarget = { sprintId: string | null; index: number };

export function listId(sprintId: string | null): string {
  return sprintId ?? BACKLOG_LIST;
}

export function planTarget(
  lists: readonly PlanList[],
  activeId: string,
  overId: string,
): PlanTarget | undefined {
  const target = dropTarget(lists, activeId, overId);
  if (!target) return undefined;
  return { sprintId: target.columnId === BACKLOG_LIST ? null : target.columnId, index: target.index };
}
