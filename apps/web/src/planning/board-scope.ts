/**
 * What the board shows of a project: a Scrum board only the active sprint's tasks (SPEC M22), and
 * either kind only the tasks the search matches (title or key). Filtering is cached per column
 * object: BoardStore keeps an untouched column's object as it was, so after a change to one task
 * only that column is filtered again and every other memoized column keeps its props.
 */
import {
  type Board,
  type BoardColumn,
  effectiveSprintId,
  type Sprint,
  type Task,
  taskKey,
} from '@taskflow/model';
import { createContext } from 'react';

/** The sprint a task added on the board joins: the active sprint on a Scrum board, else none. */
export const NewTaskSprintContext = createContext<string | null>(null);

/** Search text against a task's title and key (`web-12`, `WEB-`, `12` all find WEB-12). */
export function matchesSearch(
  task: Pick<Task, 'id' | 'number' | 'title'>,
  projectKey: string,
  query: string,
): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return task.title.toLowerCase().includes(q) || taskKey(projectKey, task).text.toLowerCase().includes(q);
}

/** Whether a task is in the given open sprint, after the completion rule (effectiveSprintId). */
export function inSprint(sprints: readonly Sprint[], sprintId: string): (task: Task) => boolean {
  const byId = new Map(sprints.map((s) => [s.id, s]));
  return (task) => effectiveSprintId(task, byId) === sprintId;
}

/**
 * A filter over boards with its own cache; make a new one when `keep` changes. Columns whose
 * tasks all pass are returned as they were.
 */
export function boardFilter(keep: (task: Task) => boolean): (board: Board) => Board {
  const cache = new WeakMap<BoardColumn, BoardColumn>();
  return (board) => ({
    ...board,
    columns: board.columns.map((column) => {
      const known = cache.get(column);
      if (known) return known;
      const tasks = column.tasks.filter(keep);
      const shown = tasks.length === column.tasks.length ? column : { ...column, tasks };
      cache.set(column, shown);
      return shown;
    }),
  });
}
