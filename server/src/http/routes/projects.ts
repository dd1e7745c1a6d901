/** Projects over REST: create one (with the default columns), read one, list its tasks with filters. */
import {
  compareRanked,
  createProject,
  liveColumns,
  readColumns,
  readProject,
  readProjectTasks,
  type Task,
} from '@taskflow/model';
import type * as Y from 'yjs';
import { notFound } from '../../errors.ts';
import type { ApiDeps } from '../api-types.ts';
import { locatedBy } from '../gate.ts';
import type { RouteTable } from '../route-table.ts';
import { projectBody, taskListQuery, workspaceQuery } from '../schemas.ts';
import { param } from '../validate.ts';
import { readWorkspace, writeWorkspace } from '../workspace-doc.ts';

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
      summary: 'Create a project with the columns To Do, In Progress and Done.',
      action: 'project.write',
      workspace: { body: true, resolve: ({ body }) => body.workspaceId },
      body: projectBody,
      status: 201,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'invalid_input'],
    },
    async (c, { user, workspace, body }) => {
      const project = await writeWorkspace(deps, workspace, user, (doc) => {
        const { id } = createProject(
          doc,
          { origin: { kind: 'rest', actorId: user.id } },
          { name: body.name },
        );
        return projectView(doc, workspace, id);
      });
      return c.json({ project }, 201);
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
      summary: "A project's tasks in board order, filtered (archived ones only with archived=true).",
      action: 'task.read',
      workspace: ofProject,
      query: taskListQuery,
      status: 200,
      errors: ['unauthenticated', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, query: f }) => {
      const id = param(c, 'id');
      const tasks = await readWorkspace(deps, ws, user.id, (doc) => {
        if (!readProject(doc, id)) throw notFound('That project');
        const order = new Map(liveColumns(readColumns(doc, id)).map((col, i) => [col.id, i]));
        const archived = f.archived ?? false;
        const q = f.q?.toLowerCase();
        const keep = (t: Task) =>
          (t.archivedAt !== null) === archived &&
          (f.column === undefined || t.columnId === f.column) &&
          (f.assignee === undefined || t.assignee === f.assignee) &&
          (f.priority === undefined || t.priority === f.priority) &&
          (f.label === undefined || t.labels.includes(f.label)) &&
          (q === undefined || t.title.toLowerCase().includes(q));
        return readProjectTasks(doc, id)
          .filter(keep)
          .sort((a, b) => (order.get(a.columnId) ?? 0) - (order.get(b.columnId) ?? 0) || compareRanked(a, b))
          .map((t) => ({ ...t, workspaceId: ws }));
      });
      return c.json({ tasks }, 200);
    },
  );
}
