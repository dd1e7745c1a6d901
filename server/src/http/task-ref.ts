/**
 * A task named by its key (`WEB-12`) wherever REST takes a task id (SPEC M21). Keys are per
 * workspace document and the entity index holds ids only, so a key needs `workspaceId`; the
 * caller's membership there is checked before the document is read (authorization before
 * existence: a key in someone else's workspace is simply not found).
 */
import { isTaskKey, resolveTaskKey } from '@taskflow/model';
import type * as Y from 'yjs';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from './api-types.ts';
import { readWorkspace } from './workspace-doc.ts';

/** The task id a path parameter names in `doc`: a key resolves (old project keys too), an id stays. */
export function taskIdIn(doc: Y.Doc, idOrKey: string): string {
  return isTaskKey(idOrKey) ? (resolveTaskKey(doc, idOrKey) ?? idOrKey) : idOrKey;
}

/** The workspace of a task key, which must be `workspaceId` (one of the caller's). */
export async function locateTaskKey(
  deps: Pick<ApiDeps, 'workspaces' | 'hocuspocus'>,
  key: string,
  userId: string,
  workspaceId: string | undefined,
): Promise<string> {
  if (workspaceId === undefined) {
    throw new ApiError(
      'invalid_input',
      `A task key such as ${key} names a task only within a workspace: add ?workspaceId=<workspace id>.`,
      [{ path: 'workspaceId', message: 'Required with a task key.' }],
    );
  }
  if (!deps.workspaces.listFor(userId).some((w) => w.id === workspaceId)) throw notFound('That task');
  const found = await readWorkspace(deps, workspaceId, userId, (doc) => resolveTaskKey(doc, key));
  if (found === undefined) throw notFound('That task');
  return workspaceId;
}

/** A task id from a path parameter that may be a key, read on the workspace already located. */
export async function resolveTaskParam(
  deps: Pick<ApiDeps, 'hocuspocus'>,
  workspaceId: string,
  userId: string,
  idOrKey: string,
): Promise<string> {
  if (!isTaskKey(idOrKey)) return idOrKey;
  return readWorkspace(deps, workspaceId, userId, (doc) => taskIdIn(doc, idOrKey));
}
