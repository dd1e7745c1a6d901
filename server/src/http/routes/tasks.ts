/** Tasks and comments over REST, through the model's operations on the live document. */
import {
  addComment,
  archiveTask,
  createTask,
  deleteTask,
  type Editor,
  moveTask,
  readComment,
  readComments,
  readTask,
  restoreTask,
  updateTask,
} from '@taskflow/model';
import { notFound } from '../../errors.ts';
import type { ApiDeps } from '../api-types.ts';
import { locatedBy } from '../gate.ts';
import { locate } from '../locate.ts';
import type { RouteTable } from '../route-table.ts';
import { commentBody, newTaskBody, taskPatchBody, workspacePageQuery, workspaceQuery } from '../schemas.ts';
import { taskIdIn } from '../task-ref.ts';
import { taskResource } from '../task-resource.ts';
import { param } from '../validate.ts';
import { readWorkspace, writeWorkspace } from '../workspace-doc.ts';
import { pageOf } from './paging.ts';

export const restEditor = (userId: string): Editor => ({ origin: { kind: 'rest', actorId: userId } });

/**
 * Reading a task: any role in its workspace; `workspaceId` picks one when the id is in several,
 * and is required when the task is named by its key (`WEB-12`).
 */
export function readingTask(deps: Pick<ApiDeps, 'entities' | 'workspaces' | 'hocuspocus'>) {
  return {
    action: 'task.read',
    workspace: locatedBy(deps, 'task'),
    query: workspaceQuery,
    status: 200,
    errors: ['unauthenticated', 'not_found', 'conflict'],
  } as const;
}

export function taskRoutes(
  routes: RouteTable,
  deps: Pick<ApiDeps, 'entities' | 'workspaces' | 'hocuspocus'>,
): void {
  const reading = readingTask(deps);
  const ofTask = reading.workspace;

  routes.inWorkspace(
    {
      method: 'post',
      path: '/tasks',
      summary: "Create a task (default: at the bottom of the project's first column).",
      action: 'task.write',
      workspace: {
        body: true,
        resolve: ({ user, body }) => locate(deps, 'project', body.projectId, user.id, body.workspaceId),
      },
      body: newTaskBody,
      status: 201,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, body: { workspaceId: _named, ...input } }) => {
      const id = await writeWorkspace(deps, ws, user, (doc) => createTask(doc, restEditor(user.id), input));
      // Read after the write: the server numbers a task in the transaction right after the one
      // that adds it (SPEC M21), so the answer carries its final key.
      const task = await readWorkspace(deps, ws, user.id, (doc) => taskResource(doc, ws, id));
      return c.json({ task }, 201);
    },
  );

  routes.inWorkspace(
    {
      method: 'get',
      path: '/tasks/:id',
      summary:
        'A task with its current column, key, effective sprint and time tracking. The id may be a task key (WEB-12) with workspaceId.',
      ...reading,
    },
    async (c, { user, workspace: ws }) => {
      const ref = param(c, 'id');
      const task = await readWorkspace(deps, ws, user.id, (doc) => taskResource(doc, ws, taskIdIn(doc, ref)));
      return c.json({ task }, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'patch',
      path: '/tasks/:id',
      summary:
        "Change any field. columnId and/or index move the task (index among the column's other tasks, default: the end); archived archives or restores it; sprintId plans it (null: the backlog).",
      action: 'task.write',
      workspace: ofTask,
      body: taskPatchBody,
      query: workspaceQuery,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, body: { columnId, index, archived, ...fields } }) => {
      const ref = param(c, 'id');
      const editor = restEditor(user.id);
      const task = await writeWorkspace(deps, ws, user, (doc) => {
        const id = taskIdIn(doc, ref);
        const current = readTask(doc, id);
        if (!current) throw notFound('That task');
        // One transaction: open boards see the whole change at once.
        if (Object.keys(fields).length > 0) updateTask(doc, editor, id, fields);
        if (columnId !== undefined || index !== undefined) {
          // moveTask clamps the index to the column (no index: the end), reading the column once.
          moveTask(doc, editor, id, columnId ?? current.columnId, index ?? Number.MAX_SAFE_INTEGER);
        }
        if (archived === true) archiveTask(doc, editor, id);
        if (archived === false) restoreTask(doc, editor, id);
        return taskResource(doc, ws, id);
      });
      return c.json({ task }, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'delete',
      path: '/tasks/:id',
      summary:
        'Delete a task and its subtasks for everyone (issue 14). Unlike archiving, it leaves every list and search; undo in the app brings it back.',
      action: 'task.write',
      workspace: ofTask,
      query: workspaceQuery,
      status: 204,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict'],
    },
    async (c, { user, workspace: ws }) => {
      const ref = param(c, 'id');
      await writeWorkspace(deps, ws, user, (doc) => {
        const id = taskIdIn(doc, ref);
        if (!readTask(doc, id)) throw notFound('That task');
        deleteTask(doc, restEditor(user.id), id);
      });
      return c.body(null, 204);
    },
  );

  routes.inWorkspace(
    {
      method: 'post',
      path: '/tasks/:id/comments',
      summary: 'Comment on a task as the signed-in user.',
      action: 'comment.write',
      workspace: ofTask,
      body: commentBody,
      query: workspaceQuery,
      status: 201,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, body: { body } }) => {
      const ref = param(c, 'id');
      const comment = await writeWorkspace(deps, ws, user, (doc) => {
        const commentId = addComment(doc, restEditor(user.id), taskIdIn(doc, ref), body);
        return readComment(doc, commentId);
      });
      return c.json({ comment }, 201);
    },
  );

  routes.inWorkspace(
    {
      method: 'get',
      path: '/tasks/:id/comments',
      summary: "A task's comments, oldest first (createdAt, then id), a page at a time (limit, cursor).",
      ...reading,
      query: workspacePageQuery,
      errors: ['unauthenticated', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, query: q }) => {
      const ref = param(c, 'id');
      const page = await readWorkspace(deps, ws, user.id, (doc) => {
        const id = taskIdIn(doc, ref);
        if (!readTask(doc, id)) throw notFound('That task');
        const { items, nextCursor } = pageOf(readComments(doc, id), (x) => [x.createdAt, x.id], q, {
          tag: 'comments',
          arity: 2,
        });
        return { comments: items, nextCursor };
      });
      return c.json(page, 200);
    },
  );
}
