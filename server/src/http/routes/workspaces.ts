/** Workspaces: create, list mine, rename and delete (owner). */
import { notFound } from '../../errors.ts';
import type { ApiDeps } from '../api-types.ts';
import { authorize } from '../authorize.ts';
import type { RouteTable } from '../route-table.ts';
import { workspaceBody } from '../schemas.ts';
import { param, readBody } from '../validate.ts';

export function workspaceRoutes(routes: RouteTable, deps: ApiDeps): void {
  const { workspaces } = deps.services;

  routes.add(
    {
      method: 'post',
      path: '/workspaces',
      summary: 'Create a workspace; you become its owner. Its board is seeded on first open.',
      auth: true,
      body: workspaceBody,
      status: 201,
      errors: ['unauthenticated', 'invalid_input'],
    },
    async (c) => {
      const { name } = await readBody(c, workspaceBody);
      const w = workspaces.create(name, c.get('auth').user.id);
      return c.json({ id: w.id, name: w.name, role: w.role }, 201);
    },
  );

  routes.add(
    {
      method: 'get',
      path: '/workspaces',
      summary: 'The workspaces you belong to, with your role in each.',
      auth: true,
      status: 200,
      errors: ['unauthenticated'],
    },
    (c) => {
      const list = workspaces.listFor(c.get('auth').user.id);
      return c.json({ workspaces: list.map((w) => ({ id: w.id, name: w.name, role: w.role })) }, 200);
    },
  );

  routes.add(
    {
      method: 'patch',
      path: '/workspaces/:id',
      summary: 'Rename a workspace.',
      auth: true,
      action: 'workspace.update',
      body: workspaceBody,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'invalid_input'],
    },
    async (c) => {
      const id = param(c, 'id');
      const role = authorize(deps, id, c.get('auth').user.id, 'workspace.update');
      const { name } = await readBody(c, workspaceBody);
      workspaces.rename(id, name);
      const w = workspaces.get(id);
      if (!w) throw notFound('That workspace');
      return c.json({ id: w.id, name: w.name, role }, 200);
    },
  );

  routes.add(
    {
      method: 'delete',
      path: '/workspaces/:id',
      summary: "Delete a workspace. Everyone's open boards of it are disconnected.",
      auth: true,
      action: 'workspace.delete',
      status: 204,
      errors: ['unauthenticated', 'forbidden', 'not_found'],
    },
    (c) => {
      const id = param(c, 'id');
      authorize(deps, id, c.get('auth').user.id, 'workspace.delete');
      // Its reminders and recurring rules stop with it: nothing is sent about a deleted workspace.
      deps.services.db.transaction(() => {
        workspaces.delete(id);
        deps.services.schedule.removeWorkspace(id);
      })();
      deps.live.closeWorkspace(id);
      return c.body(null, 204);
    },
  );
}
