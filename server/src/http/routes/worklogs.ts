/**
 * Worklogs over REST (SPEC M23): log time on a task, list a task's worklogs, and edit or delete
 * one's own (the model refuses anyone else's: 403). Logging counts the task's remaining estimate
 * down unless the request sets it, so the answer carries the task as it is now.
 */
import {
  addWorklog,
  deleteWorklog,
  editWorklog,
  readTask,
  readWorklog,
  readWorklogs,
  type Worklog,
} from '@taskflow/model';
import type * as Y from 'yjs';
import { notFound } from '../../errors.ts';
import type { ApiDeps } from '../api-types.ts';
import { locatedBy } from '../gate.ts';
import type { RouteTable } from '../route-table.ts';
import { worklogBody, worklogPatchBody, workspacePageQuery, workspaceQuery } from '../schemas.ts';
import { taskIdIn } from '../task-ref.ts';
import { taskResource } from '../task-resource.ts';
import { param } from '../validate.ts';
import { readWorkspace, writeWorkspace } from '../workspace-doc.ts';
import { pageOf } from './paging.ts';
import { readingTask, restEditor } from './tasks.ts';

const worklogView = (w: Worklog, workspaceId: string) => ({ ...w, workspaceId });

function worklogIn(doc: Y.Doc, workspaceId: string, worklogId: string) {
  const w = readWorklog(doc, worklogId);
  if (!w) throw notFound('That worklog');
  return worklogView(w, workspaceId);
}

export function worklogRoutes(
  routes: RouteTable,
  deps: Pick<ApiDeps, 'entities' | 'workspaces' | 'hocuspocus'>,
): void {
  const reading = readingTask(deps);
  const ofWorklog = locatedBy(deps, 'worklog');

  routes.inWorkspace(
    {
      method: 'post',
      path: '/tasks/:id/worklogs',
      summary:
        "Log work on a task as the signed-in user; the task's remaining estimate goes down by it unless remainingEstimateSeconds sets it. Answers the worklog and the task.",
      action: 'task.write',
      workspace: reading.workspace,
      body: worklogBody,
      query: workspaceQuery,
      status: 201,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, body }) => {
      const ref = param(c, 'id');
      const answer = await writeWorkspace(deps, ws, user, (doc) => {
        const taskId = taskIdIn(doc, ref);
        const worklogId = addWorklog(doc, restEditor(user.id), taskId, body);
        return { worklog: worklogIn(doc, ws, worklogId), task: taskResource(doc, ws, taskId) };
      });
      return c.json(answer, 201);
    },
  );

  routes.inWorkspace(
    {
      method: 'get',
      path: '/tasks/:id/worklogs',
      summary:
        "A task's worklogs, earliest start first (startedAt, then id), a page at a time (limit, cursor).",
      ...reading,
      query: workspacePageQuery,
      errors: ['unauthenticated', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, query: q }) => {
      const ref = param(c, 'id');
      const page = await readWorkspace(deps, ws, user.id, (doc) => {
        const taskId = taskIdIn(doc, ref);
        if (!readTask(doc, taskId)) throw notFound('That task');
        const all = readWorklogs(doc, taskId).map((w) => worklogView(w, ws));
        const { items, nextCursor } = pageOf(all, (w) => [w.startedAt, w.id], q, {
          tag: 'worklogs',
          arity: 2,
        });
        return { worklogs: items, nextCursor };
      });
      return c.json(page, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'patch',
      path: '/worklogs/:id',
      summary: 'Change your own worklog: seconds, startedAt or note (someone else’s: 403).',
      action: 'task.write',
      workspace: ofWorklog,
      body: worklogPatchBody,
      query: workspaceQuery,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, body }) => {
      const id = param(c, 'id');
      const worklog = await writeWorkspace(deps, ws, user, (doc) => {
        editWorklog(doc, restEditor(user.id), id, body);
        return worklogIn(doc, ws, id);
      });
      return c.json({ worklog }, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'delete',
      path: '/worklogs/:id',
      summary: 'Delete your own worklog (someone else’s: 403); its time no longer counts.',
      action: 'task.write',
      workspace: ofWorklog,
      query: workspaceQuery,
      status: 204,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws }) => {
      const id = param(c, 'id');
      await writeWorkspace(deps, ws, user, (doc) => deleteWorklog(doc, restEditor(user.id), id));
      return c.body(null, 204);
    },
  );
}
