/**
 * A whole workspace out as one file and in again as a new workspace (issue 15). Export is the
 * owner's (`workspace.export`): the file holds every member's email and the full history. Import is
 * anyone signed in, like creating a workspace: the file becomes a new workspace the caller owns.
 * Its body limit is IMPORT_MAX_BYTES (api.ts), refused from Content-Length before it is read.
 */
import { ApiError, notFound } from '../../errors.ts';
import { workspaceArchiveSchema } from '../../transfer/workspace-archive-schema.ts';
import { exportWorkspace } from '../../transfer/workspace-export.ts';
import { ArchiveError, importWorkspace } from '../../transfer/workspace-import.ts';
import type { ApiDeps } from '../api-types.ts';
import { workspaceParam } from '../gate.ts';
import type { RouteTable } from '../route-table.ts';
import { readWorkspace } from '../workspace-doc.ts';

export function workspaceTransferRoutes(
  routes: RouteTable,
  deps: Pick<ApiDeps, 'workspaces' | 'users' | 'atomically' | 'now' | 'hocuspocus' | 'workspaceTransfer'>,
): void {
  const store = deps.workspaceTransfer;

  routes.inWorkspace(
    {
      method: 'get',
      path: '/workspaces/:id/export',
      summary:
        'The whole workspace as one JSON file (format taskflow-workspace, version 1): its document state, full history and activity, members by email and role, and settings.',
      action: 'workspace.export',
      workspace: workspaceParam,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found'],
    },
    async (c, { workspace, user }) => {
      // A workspace nobody opened has no document yet: opening it seeds it, as a first visit would.
      if (!store.hasDocument(workspace)) await readWorkspace(deps, workspace, user.id, () => undefined);
      const archive = exportWorkspace(
        { store, workspaces: deps.workspaces, users: deps.users, now: deps.now },
        workspace,
      );
      if (!archive) throw notFound('That workspace');
      const day = archive.exportedAt.slice(0, 10);
      c.header(
        'content-disposition',
        `attachment; filename="${fileStem(archive.workspace.name)}-${day}.json"`,
      );
      return c.json(archive, 200);
    },
  );

  routes.forCaller(
    {
      method: 'post',
      path: '/workspaces/import',
      summary:
        'A workspace export becomes a new workspace you own, whole or not at all; members are matched by email to accounts here (the others are reported as skipped).',
      body: workspaceArchiveSchema,
      status: 201,
      errors: ['unauthenticated', 'invalid_input'],
    },
    async (c, { user, body }) => {
      let report: ReturnType<typeof importWorkspace>;
      try {
        report = importWorkspace(
          { store, workspaces: deps.workspaces, users: deps.users, atomically: deps.atomically },
          body,
          user,
        );
      } catch (error) {
        if (error instanceof ArchiveError) {
          throw new ApiError('invalid_input', `This file cannot be imported: ${error.message}`);
        }
        throw error;
      }
      // One load now indexes its tasks for REST and builds its reminders, as any first open does.
      await readWorkspace(deps, report.workspace.id, user.id, () => undefined);
      return c.json(report, 201);
    },
  );
}

/** A file name from a workspace's name: letters, digits and dashes only (it goes in a header). */
function fileStem(name: string): string {
  const stem = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .toLowerCase();
  return `taskflow-${stem || 'workspace'}`;
}
