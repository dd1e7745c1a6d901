/**
 * Which workspace holds a project, task, sprint or worklog, among the caller's workspaces only (authorization
 * before existence: an id in someone else's workspace is simply not found). Ids come from the
 * entity index; a workspace whose document has not been loaded since start (data from before the
 * index, or an untouched new workspace) is loaded once, which projects it, before concluding "not
 * found". The seeded project `first` exists in every workspace: when an id is in several of the
 * caller's workspaces, the caller names one with `workspaceId`. A task may be named by its key
 * (`WEB-12`), which needs `workspaceId` (task-ref.ts).
 */
import { isTaskKey } from '@taskflow/model';
import type { EntityKind } from '../accounts/entity-index.ts';
import { ApiError, notFound } from '../errors.ts';
import type { ApiDeps } from './api-types.ts';
import { locateTaskKey } from './task-ref.ts';
import { readWorkspace } from './workspace-doc.ts';

const LABEL: Record<EntityKind, string> = {
  project: 'That project',
  task: 'That task',
  sprint: 'That sprint',
  worklog: 'That worklog',
};

export async function locate(
  deps: Pick<ApiDeps, 'entities' | 'workspaces' | 'hocuspocus'>,
  kind: EntityKind,
  id: string,
  userId: string,
  workspaceId?: string,
): Promise<string> {
  if (kind === 'task' && isTaskKey(id)) return locateTaskKey(deps, id, userId, workspaceId);
  const { entities, workspaces } = deps;
  // Project the caller's workspaces not seen since start first: otherwise an id found in one
  // workspace could also sit, unindexed, in another, and the answer would depend on load order.
  const unprojected = workspaces
    .listFor(userId)
    .map((w) => w.id)
    .filter((w) => !entities.projected.has(w) && (!workspaceId || w === workspaceId));
  for (const w of unprojected) await readWorkspace(deps, w, userId, () => undefined);
  const found = entities.workspacesOf(id, kind, userId).filter((w) => !workspaceId || w === workspaceId);
  const [only, ...more] = found;
  if (only === undefined) throw notFound(LABEL[kind]);
  if (more.length > 0) {
    throw new ApiError(
      'conflict',
      `${LABEL[kind]} id exists in several of your workspaces: add workspaceId.`,
    );
  }
  return only;
}
