/**
 * A project's tasks in board order and in plan order, a page at a time, from the task index
 * (task-index.ts): the list routes start a page by binary search and read only its own tasks.
 */
import type * as Y from 'yjs';
import { compareRanked, type Ranked } from './rank.ts';
import { lowerBound } from './ranked-list.ts';
import { taskIndex } from './task-index.ts';

/**
 * Where a page of a project's tasks in board order ended: the last task's column (and that
 * column's position then, used when the column is no longer live), rank and id.
 */
export type BoardKey = { pos: number; col: string; rank: string; id: string };

/** A task in board order, with the live column it shows in (a task placed in a dead column shows in the first). */
export type BoardSlot = { col: string; pos: number; id: string; rank: string };

/**
 * A project's tasks in board order (the live columns in order, each in (rank, id) order; tasks
 * placed in a missing or archived column belong to the first), live ones or archived ones, from
 * just after `after` (or the start), lazily: a page costs a binary search and its own tasks, not
 * the project. `liveColumnIds` are the project's live columns in board order. Read the slots
 * before changing the document.
 *
 * A cursor whose column is no longer live continues at the column now at its position.
 */
export function* boardOrder(
  doc: Y.Doc,
  projectId: string,
  liveColumnIds: readonly string[],
  options: { archived?: boolean; after?: BoardKey; onlyColumn?: string } = {},
): Generator<BoardSlot> {
  const index = taskIndex(doc);
  const archived = options.archived ?? false;
  const after = options.after;
  const live = new Set(liveColumnIds);
  let start = 0;
  if (after) {
    const at = liveColumnIds.indexOf(after.col);
    start = at >= 0 ? at : Math.max(0, after.pos);
  }
  for (let pos = start; pos < liveColumnIds.length; pos++) {
    const col = liveColumnIds[pos] as string;
    if (options.onlyColumn !== undefined && col !== options.onlyColumn) continue;
    let list: readonly Ranked[];
    if (pos === 0) {
      const parts: (readonly Ranked[])[] = [];
      for (const [raw, l] of index.placedColumns(projectId, archived)) {
        if (raw === col || !live.has(raw)) parts.push(l);
      }
      list = parts.length === 1 ? (parts[0] as readonly Ranked[]) : parts.flat().sort(compareRanked);
    } else {
      list = index.column(projectId, col, archived);
    }
    let i = 0;
    if (after && after.col === col) {
      i = lowerBound(list, after);
      if (list[i]?.id === after.id && list[i]?.rank === after.rank) i++;
    }
    for (; i < list.length; i++) {
      const r = list[i] as Ranked;
      yield { col, pos, id: r.id, rank: r.rank };
    }
  }
}

/**
 * A project's tasks in plan order ((plan rank, id), archived ones included), from just after
 * `after` (or the start), lazily: the backlog's pages start by binary search. Read the items
 * before changing the document.
 */
export function* planOrder(doc: Y.Doc, projectId: string, after?: Ranked): Generator<Ranked> {
  const list = taskIndex(doc).planOrder(projectId);
  let i = 0;
  if (after) {
    i = lowerBound(list, after);
    if (list[i]?.id === after.id && list[i]?.rank === after.rank) i++;
  }
  for (; i < list.length; i++) yield list[i] as Ranked;
}
