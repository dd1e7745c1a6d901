/** Workspaces: create, list mine, rename and delete (owner). */
import { notFound } from '../../errors.ts';
import type { ApiDeps } from '../api-types.ts';
import { workspaceParam } from '../gate.ts';
import type { RouteTable } from '../route-table.ts';
import { pageQuery, workspaceBody } from '../schemas.ts';
import { pageOf } from './paging.ts';

export function workspaceRoutes(
  routes: RouteTable,
  deps: Pick<ApiDeps, 'workspaces' | 'schedule' | 'atomically' | 'live'>,
): void {
  const { workspaces } = deps;

  routes.forCaller(
    {
      method: 'post',
      path: '/workspaces',
      summary: 'Create a workspace; you become its owner. Its board is seeded on first open.',
      body: workspaceBody,
      status: 201,
      errors: ['unauthenticated', 'invalid_input'],
    },
    (c, { user, body }) => {
      const w = workspaces.create(body.name, user.id);
      return c.json({ id: w.id, name: w.name, role: w.role }, 201);
    },
  );

  routes.forCaller(
    {
      method: 'get',
      path: '/workspaces',
      summary:
        'The workspaces you belong to, with your role in each, oldest first (then id), a page at a time (limit, cursor).',
      query: pageQuery,
      status: 200,
      errors: ['unauthenticated', 'invalid_input'],
    },
    (c, { user, query: q }) => {
      const page = pageOf(workspaces.listFor(user.id), (w) => [w.createdAt, w.id], q, {
        tag: 'workspaces',
        arity: 2,
      });
      return c.json(
        {
          workspaces: page.items.map((w) => ({ id: w.id, name: w.name, role: w.role })),
          nextCursor: page.nextCursor,
        },
        200,
      );
    },
  );

  routes.inWorkspace(
    {
      method: 'patch',
      path: '/workspaces/:id',
      summary: 'Rename a workspace.',
      action: 'workspace.update',
      workspace: workspaceParam,
      body: workspaceBody,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'invalid_input'],
    },
    (c, { workspace, role, body }) => {
      workspaces.rename(workspace, body.name);
      const w = workspaces.get(workspace);
      if (!w) throw notFound('That workspace');
      return c.json({ id: w.id, name: w.name, role }, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'delete',
      path: '/workspaces/:id',
      summary: "Delete a workspace. Everyone's open boards of it are disconnected.",
      action: 'workspace.delete',
      workspace: workspaceParam,
      status: 204,
      errors: ['unauthenticated', 'forbidden', 'not_found'],
    },
    (c, { workspace }) => {
      // Its reminders and recurring rules stop with it: nothing is sent about a deleted workspace.
      deps.atomically(() => {
        workspaces.delete(workspace);
        deps.schedule.removeWorkspace(workspace);
      });
      deps.live.closeWorkspace(workspace);
      return c.body(null, 204);
    },
  );
}
