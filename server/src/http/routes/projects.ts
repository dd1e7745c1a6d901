/**
 * Projects over REST: create one (with the default columns), change its settings (name, key,
 * Kanban or Scrum, estimation unit), read one, list its tasks with filters.
 */
import {
  compareRanked,
  createProject,
  liveColumns,
  readColumns,
  readProject,
  readProjectTasks,
  type Task,
  updateProject,
} from '@taskflow/model';
import type * as Y from 'yjs';
import { notFound } from '../../errors.ts';
import type { ApiDeps } from '../api-types.ts';
import { locatedBy } from '../gate.ts';
import type { RouteTable } from '../route-table.ts';
import { projectBody, projectPatchBody, taskListQuery, workspaceQuery } from '../schemas.ts';
import { taskResources } from '../task-resource.ts';
import { param } from '../validate.ts';
import { readWorkspace, writeWorkspace } from '../workspace-doc.ts';

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
        const tasks = readProjectTasks(doc, id)
          .filter(keep)
          .sort((a, b) => (order.get(a.columnId) ?? 0) - (order.get(b.columnId) ?? 0) || compareRanked(a, b));
        return taskResources(doc, ws, tasks);
      });
      return c.json({ tasks }, 200);
    },
  );
}
