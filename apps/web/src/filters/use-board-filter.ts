/**
 * The filter as a board uses it: "me", the project's key for `WEB-12`, and sprints resolved the way
 * the board resolves them (a task of a closed sprint counts as in the sprint it moved on to).
 */
import { type Board, effectiveSprintId, prepareTaskText, type Sprint, type Task } from '@taskflow/model';
import { useCallback, useEffect, useMemo } from 'react';
import type { FilterSource } from './filter-bar.tsx';
import { type TaskFilterState, useTaskFilter } from './use-task-filter.ts';

export function useBoardTaskFilter(
  me: string,
  projectKey: string,
  sprints: readonly Sprint[],
  /** Its titles are folded for matching while the page is idle, so the first keystroke is quick too. */
  board?: Board | null,
): TaskFilterState {
  const keyOf = useCallback(() => projectKey || null, [projectKey]);
  useEffect(() => {
    if (!board) return;
    const idle = window.requestIdleCallback ?? ((fn: () => void) => window.setTimeout(fn, 200));
    const cancel = window.cancelIdleCallback ?? window.clearTimeout;
    const handle = idle(() => {
      for (const column of board.columns) prepareTaskText(column.tasks, keyOf);
    });
    return () => cancel(handle);
  }, [board, keyOf]);
  const byId = useMemo(() => new Map(sprints.map((s) => [s.id, s])), [sprints]);
  const sprintOf = useCallback(
    (task: Pick<Task, 'id' | 'projectId' | 'sprintId'>) => effectiveSprintId(task, byId),
    [byId],
  );
  return useTaskFilter({ me, projectKey: keyOf, sprintOf });
}

/** What the bar offers and counts: the board's live tasks in scope (the active sprint's on Scrum). */
export function filterSource(
  board: Board | undefined,
  scope: ((task: Task) => boolean) | null,
): FilterSource & { total: number } {
  const assignees = new Set<string | null>();
  const labels = new Set<string>();
  const types = new Set<string>();
  let total = 0;
  for (const column of board?.columns ?? []) {
    for (const task of column.tasks) {
      if (scope && !scope(task)) continue;
      total += 1;
      assignees.add(task.assignee);
      for (const l of task.labels) labels.add(l);
      const type = (task as { type?: unknown }).type;
      if (typeof type === 'string') types.add(type);
    }
  }
  return { assignees, labels, types, total };
}

export function countTasks(board: Board): number {
  let n = 0;
  for (const column of board.columns) n += column.tasks.length;
  return n;
}
