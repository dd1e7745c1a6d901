/**
 * The address of an open task (issue 14): `/w/<ws>/browse/WEB-12` once the server has numbered
 * the task, `/w/<ws>?task=<id>` before (a provisional key names nothing another device can
 * resolve). The address alone says which task the panel shows, so it can be shared, survives a
 * reload, and Back closes the panel.
 */
import { readProject, readTask, resolveTaskKey, type Task } from '@taskflow/model';
import type * as Y from 'yjs';
import { cameFrom, navigate } from '../router/navigation.ts';
import { boardPath, browsePath, taskPath } from '../router/route.ts';
import { withViewQuery } from './view-query.ts';

export function taskAddress(
  workspaceId: string,
  projectKey: string | null,
  task: Pick<Task, 'id' | 'number'>,
): string {
  return projectKey && task.number !== null
    ? browsePath(workspaceId, `${projectKey}-${task.number}`)
    : taskPath(workspaceId, task.id);
}

/** The task an address names: by key on a browse address, else by `?task=`. */
export type LinkedTask = {
  taskId: string;
  projectId: string;
  /** Where the address should be (differs from the current one once an unnumbered task is numbered). */
  address: string;
};

export function readLinkedTask(
  doc: Y.Doc,
  workspaceId: string,
  taskKey: string | null,
  queryTaskId: string | null,
): LinkedTask | null {
  const id = taskKey ? resolveTaskKey(doc, taskKey) : queryTaskId;
  const task = id ? readTask(doc, id) : null;
  if (!task) return null;
  const projectKey = readProject(doc, task.projectId)?.key ?? null;
  // A browse address by an old key stays as it is: it still names this task (SPEC M21).
  const address = taskKey ? browsePath(workspaceId, taskKey) : taskAddress(workspaceId, projectKey, task);
  return { taskId: task.id, projectId: task.projectId, address };
}

/** `?task=` of a search string (a notification's, the activity page's or a timer's link). */
export function queryTask(search: string): string | null {
  return new URLSearchParams(search).get('task');
}

/** Opens a task's panel: a new history entry, so Back closes it. */
export function openTaskAt(address: string): void {
  if (location.pathname + location.search !== address) navigate(address);
}

/**
 * Closes the panel: back to the board entry it was opened from (so Back does not reopen it), or,
 * when the address was opened directly (a shared link, a reload), the board in its place. Does
 * nothing once the address no longer names a task: the dialog's close event may follow a Back.
 */
export function closeTaskPanel(workspaceId: string): void {
  const here = location.pathname;
  const open = here.includes('/browse/') || queryTask(location.search) !== null;
  if (!open) return;
  const board = boardPath(workspaceId);
  // From the board, filtered or not (the filter is in its query): Back returns to it as it was.
  if (cameFrom()?.split('?')[0] === board) history.back();
  else navigate(withViewQuery(board, location.search), { replace: true });
}
