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
  const open = useCallback(
    (id: string) => openTaskAt(`${path}?${new URLSearchParams({ task: id })}`),
    [path],
  );
  const close = useCallback(() => {
    // Also called by the dialog's close event after a Back has already closed it.
    if (queryTask(location.search) === null) return;
    if (cameFrom() === location.pathname) history.back();
    else navigate(location.pathname, { replace: true });
  }, []);
  return { taskId, open, close };
}
