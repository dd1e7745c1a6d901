/**
 * Projects over REST: create one (with the default columns), change its settings (name, key,
 * Kanban or Scrum, estimation unit), read one, list its tasks with filters.
 */
import {
  type BoardKey,
  boardOrder,
  createProject,
  liveColumns,
  readColumns,
  readProject,
  readTask,
  type Task,
  updateProject,
} from '@taskflow/model';
import type * as Y from 'yjs';
import { z } from 'zod';
import { notFound } from '../../errors.ts';
import type { ApiDeps } from '../api-types.ts';
import { locatedBy } from '../gate.ts';
import type { RouteTable } from '../route-table.ts';
import { projectBody, projectPatchBody, taskListQuery, workspaceQuery } from '../schemas.ts';
import { taskResources } from '../task-resource.ts';
import { param } from '../validate.ts';
import { readWorkspace, writeWorkspace } from '../workspace-doc.ts';
import { decodePageCursor, encodePageCursor } from './paging.ts';

/** A tasks cursor: where the last task of the page sat in board order (see BoardKey). */
const TASKS = 'tasks';
const boardKey = z.tuple([
  z.number().int().min(0),
  z.string().max(200),
  z.string().max(1_000),
  z.string().max(200),
]);
const boardKeyOf = (cursor: string): BoardKey => {
  const [pos, col, rank, id] = decodePageCursor(TASKS, boardKey, cursor);
  return { pos, col, rank, id };
};

/** Tasks a page of GET /projects/:id/tasks reads at most, matching or not (see the route). */
export const SCAN_BUDGET = 2_000;

const editor = (userId: string) => ({ origin: { kind: 'rest', actorId: userId } }) as const;

export function projectView(doc: Y.Doc, workspaceId: string, projectId: string) {
  const project = readProject(doc, projectId);
  if (!project) throw notFound('That project');
  const columns = liveColumns(readColumns(doc, projectId)).map((c) => ({ id: c.id, name: c.name }));
  return { ...project, workspaceId, columns };
}

export function projectRoutes(
  routes: RouteTable,
  deps: Pick<ApiDeps, 'entities' | 'workspaces' | 'hocuspocus'>,
): void {
  const ofProject = locatedBy(deps, 'project');

  routes.inWorkspace(
    {
      method: 'post',
      path: '/projects',
      summary:
        'Create a project with the columns To Do, In Progress and Done. key defaults to one made from the name; a key another project holds (now or formerly) is a conflict.',
      action: 'project.write',
      workspace: { body: true, resolve: ({ body }) => body.workspaceId },
      body: projectBody,
      status: 201,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace, body: { workspaceId: _named, ...input } }) => {
      const project = await writeWorkspace(deps, workspace, user, (doc) => {
        const { id } = createProject(doc, editor(user.id), input);
        return projectView(doc, workspace, id);
      });
      return c.json({ project }, 201);
    },
  );

  routes.inWorkspace(
    {
      method: 'patch',
      path: '/projects/:id',
      summary:
        "Change a project's name, key (its tasks' old keys keep resolving; a key another project holds is a conflict), mode (kanban or scrum) or estimationUnit (points or hours).",
      action: 'project.write',
      workspace: ofProject,
      body: projectPatchBody,
      query: workspaceQuery,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace, body }) => {
      const id = param(c, 'id');
      const project = await writeWorkspace(deps, workspace, user, (doc) => {
        updateProject(doc, editor(user.id), id, body);
        return projectView(doc, workspace, id);
      });
      return c.json({ project }, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'get',
      path: '/projects/:id',
      summary: 'A project with its columns in board order.',
      action: 'project.read',
      workspace: ofProject,
      query: workspaceQuery,
      status: 200,
      errors: ['unauthenticated', 'not_found', 'conflict'],
    },
    async (c, { user, workspace }) => {
      const id = param(c, 'id');
      const project = await readWorkspace(deps, workspace, user.id, (doc) => projectView(doc, workspace, id));
      return c.json({ project }, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'get',
      path: '/projects/:id/tasks',
      summary:
        "A project's tasks in board order (columns in order, then rank), filtered (archived ones only with archived=true), a page at a time: `limit` (default 100, at most 500) after `cursor` (the previous page's nextCursor, null on the last page). A request reads at most 2,000 tasks, so with filters that match rarely a page can hold fewer than limit tasks, even none, and still have a nextCursor: keep following it until it is null.",
      action: 'task.read',
      workspace: ofProject,
      query: taskListQuery,
      status: 200,
      errors: ['unauthenticated', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, query: f }) => {
      const id = param(c, 'id');
      const after = f.cursor === undefined ? undefined : boardKeyOf(f.cursor);
      const page = await readWorkspace(deps, ws, user.id, (doc) => {
        if (!readProject(doc, id)) throw notFound('That project');
        const liveIds = liveColumns(readColumns(doc, id)).map((col) => col.id);
        const archived = f.archived ?? false;
        const q = f.q?.toLowerCase();
        const keep = (t: Task) =>
          (t.archivedAt !== null) === archived &&
          (f.assignee === undefined || t.assignee === f.assignee) &&
          (f.priority === undefined || t.priority === f.priority) &&
          (f.label === undefined || t.labels.includes(f.label)) &&
          (q === undefined || t.title.toLowerCase().includes(q));
        // The task index hands out the project's tasks in board order from the cursor on (a column
        // filter reads that column's list only): a page reads its own tasks and those the other
        // filters skip, at most SCAN_BUDGET of them. A filter that matches rarely then ends a page
        // early, even empty, with a cursor after the last task read: each request costs at most
        // the budget, never the project (issue 13). Those filters (assignee, priority, label, q)
        // have no index: q cannot, and the bound keeps every one of them flat at once.
        const tasks: Task[] = [];
        let last: BoardKey | undefined;
        let more = false;
        let read = 0;
        for (const slot of boardOrder(doc, id, liveIds, { archived, after, onlyColumn: f.column })) {
          if (read === SCAN_BUDGET) {
            more = true;
            break;
          }
          read += 1;
          const task = readTask(doc, slot.id);
          if (!task || !keep(task)) {
            last = slot;
            continue;
          }
          if (tasks.length === f.limit) {
            more = true;
            break;
          }
          tasks.push(task);
          last = slot;
        }
        return {
          tasks: taskResources(doc, ws, tasks),
          nextCursor: more && last ? encodePageCursor(TASKS, [last.pos, last.col, last.rank, last.id]) : null,
        };
      });
      return c.json(page, 200);
    },
  );
}
