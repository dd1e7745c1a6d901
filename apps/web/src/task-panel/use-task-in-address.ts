/**
 * A view's open task kept in its own address as `?task=<id>` (the backlog): a reload reopens it and
 * Back closes it, without leaving the view for the board, as the browse address would.
 */
import { useCallback } from 'react';
import { cameFrom, navigate, useLocation } from '../router/navigation.ts';
import { openTaskAt, queryTask } from './task-address.ts';

export function useTaskInAddress(): { taskId: string | null; open(id: string): void; close(): void } {
  const here = useLocation();
  const [path = '', search = ''] = here.split('?');
  const taskId = queryTask(search);
  // The rest of the query (the filter bar's filter) stays, so the view behind the panel is unchanged.
  const open = useCallback(
    (id: string) => {
      const params = new URLSearchParams(search);
      params.set('task', id);
      openTaskAt(`${path}?${params}`);
    },
    [path, search],
  );
  const close = useCallback(() => {
    // Also called by the dialog's close event after a Back has already closed it.
    if (queryTask(location.search) === null) return;
    const params = new URLSearchParams(location.search);
    params.delete('task');
    const view = params.size > 0 ? `${location.pathname}?${params}` : location.pathname;
    if (cameFrom() === view) history.back();
    else navigate(view, { replace: true });
  }, []);
  return { taskId, open, close };
}
