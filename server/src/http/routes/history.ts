/**
 * History over REST (issue 10): a task's activity (its changes and what the ticker did, oldest
 * first), the workspace's activity (newest first, filtered), the board as of any moment, a restore
 * to a moment as a new edit, and an owner's purge of old history.
 *
 * Times in history are server arrival times, by the server's wall clock (what the update log
 * stamps), not the injected clock of reminders.
 */
import { readWorkspaceView, restoreFrom } from '@taskflow/model';
import { z } from 'zod';
import { can } from '../../auth/policy.ts';
import { ApiError } from '../../errors.ts';
import type { ApiDeps } from '../api-types.ts';
import { workspaceParam } from '../gate.ts';
import type { RouteTable } from '../route-table.ts';
import { resolveTaskParam } from '../task-ref.ts';
import { param } from '../validate.ts';
import { readWorkspace, writeWorkspace } from '../workspace-doc.ts';
import { type ActivityItem, decodeCursor, encodeCursor, itemOf, tickerItem } from './history-items.ts';
import { readingTask } from './tasks.ts';

const instant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO instant, e.g. 2026-12-01T10:40:00Z',
});
const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().min(1).max(200).optional();
const id = z.string().min(1).max(200);

export const taskActivityQuery = z.object({ workspaceId: id.optional(), cursor, limit }).strict();
export const workspaceActivityQuery = z
  .object({
    cursor,
    limit,
    actorId: id.optional(),
    projectId: id.optional(),
    kind: z
      .string()
      .regex(/^[a-z]+(\.[a-z]+)?$/, 'a kind such as task or task.moved')
      .optional(),
    since: instant.optional(),
    until: instant.optional(),
  })
  .strict();
export const boardQuery = z.object({ at: instant.optional() }).strict();
export const restoreBody = z
  .object({
    at: instant,
    projectId: id.optional(),
    taskIds: z.array(id).min(1).max(10_000).optional(),
    /** Count what would change, write nothing (the confirmation's number). */
    dryRun: z.boolean().optional(),
  })
  .strict();
export const purgeBody = z.object({ before: instant }).strict();

/** A moment in the past (or now); a future one is refused, it has no board yet. */
function pastInstant(iso: string): number {
  const at = Date.parse(iso);
  if (at > Date.now()) throw new ApiError('invalid_input', 'That moment is in the future.');
  return at;
}

export function historyRoutes(
  routes: RouteTable,
  deps: Pick<ApiDeps, 'history' | 'users' | 'entities' | 'workspaces' | 'hocuspocus' | 'fired'>,
): void {
  const { history } = deps;
  const nameOf = (userId: string | null) =>
    userId === null ? 'Taskflow' : (deps.users.get(userId)?.name ?? 'Former member');

  routes.inWorkspace(
    {
      method: 'get',
      path: '/tasks/:id/activity',
      summary:
        "A task's history, oldest first: every change (field by field, who, made when, arrived when) and every reminder, escalation and recurring occurrence.",
      ...readingTask(deps),
      query: taskActivityQuery,
      errors: ['unauthenticated', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, query: q }) => {
      const taskId = await resolveTaskParam(deps, ws, user.id, param(c, 'id'));
      history.projector.catchUp(ws);
      const after = q.cursor === undefined ? null : decodeCursor(q.cursor);
      // One page from each source after the cursor, merged: the first `limit` of the two.
      const own = history.store.taskPage(ws, taskId, after, q.limit).map((e) => itemOf(e, nameOf));
      // The ticker's entries sort after the document's at one instant: after a document entry at
      // `at`, every ticker entry at `at` is still ahead (fired_at > at - 1).
      const afterTicker = !after
        ? { at: Number.MIN_SAFE_INTEGER, id: 0 }
        : after.src === 1
          ? { at: after.at, id: after.id }
          : { at: after.at - 1, id: Number.MAX_SAFE_INTEGER };
      const ticker = deps.fired
        .activityAfter(ws, taskId, afterTicker, q.limit)
        .map((f) => tickerItem(taskId, f));
      const merged = [...own, ...ticker].sort(
        (a, b) => a.key.at - b.key.at || a.key.src - b.key.src || a.key.id - b.key.id,
      );
      const page = merged.slice(0, q.limit);
      const more = merged.length > q.limit || own.length === q.limit || ticker.length === q.limit;
      const last = page.at(-1);
      return c.json(
        {
          items: page.map(({ key: _key, ...item }) => item),
          nextCursor: more && last ? encodeCursor(last.key) : null,
        },
        200,
      );
    },
  );

  routes.inWorkspace(
    {
      method: 'get',
      path: '/workspaces/:id/activity',
      summary: "The workspace's history, newest first, by person, project, kind and time range.",
      action: 'workspace.read',
      workspace: workspaceParam,
      query: workspaceActivityQuery,
      status: 200,
      errors: ['unauthenticated', 'not_found', 'invalid_input'],
    },
    (c, { workspace: ws, query: q }) => {
      history.projector.catchUp(ws);
      const before = q.cursor === undefined ? null : decodeCursor(q.cursor);
      const entries = history.store.workspacePage(
        ws,
        {
          actorId: q.actorId,
          projectId: q.projectId,
          kind: q.kind,
          since: q.since === undefined ? undefined : Date.parse(q.since),
          until: q.until === undefined ? undefined : Date.parse(q.until),
        },
        before,
        q.limit + 1,
      );
      const items: ActivityItem[] = entries.slice(0, q.limit).map((e) => itemOf(e, nameOf));
      const last = items.at(-1);
      return c.json(
        {
          items: items.map(({ key: _key, ...item }) => item),
          nextCursor: entries.length > q.limit && last ? encodeCursor(last.key) : null,
        },
        200,
      );
    },
  );

  routes.inWorkspace(
    {
      method: 'get',
      path: '/workspaces/:id/board',
      summary:
        'The whole board (projects, columns, tasks with every field) as it was at `at`, by arrival on the server; without `at`, now.',
      action: 'workspace.read',
      workspace: workspaceParam,
      query: boardQuery,
      status: 200,
      errors: ['unauthenticated', 'not_found', 'invalid_input'],
    },
    async (c, { user, workspace: ws, query: q }) => {
      if (q.at === undefined) {
        const projects = await readWorkspace(deps, ws, user.id, (doc) => readWorkspaceView(doc));
        return c.json({ at: new Date().toISOString(), projects }, 200);
      }
      const at = pastInstant(q.at);
      const rowId = history.states.rowAt(ws, at);
      history.projector.catchUp(ws);
      const projects = history.boards.boardAfter(ws, rowId);
      return c.json({ at: new Date(at).toISOString(), projects }, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'post',
      path: '/workspaces/:id/restore',
      summary:
        'Make the workspace, a project or chosen tasks as they were at `at`, as one new edit (only what differs is written). Owners and admins; members may restore tasks (`taskIds`).',
      action: 'task.write',
      workspace: workspaceParam,
      body: restoreBody,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'invalid_input'],
    },
    async (c, { user, role, workspace: ws, body }) => {
      if (body.taskIds === undefined && !can(role, 'history.restore'))
        throw new ApiError(
          'forbidden',
          'Only owners and admins restore a project or the workspace; you may restore tasks.',
        );
      const at = pastInstant(body.at);
      const rowId = history.states.rowAt(ws, at);
      const past = history.states.copyAfter(ws, rowId);
      try {
        const scope = { projectId: body.projectId, taskIds: body.taskIds };
        const editor = { origin: { kind: 'rest', actorId: user.id } } as const;
        const restored = body.dryRun
          ? await readWorkspace(deps, ws, user.id, (doc) =>
              restoreFrom(doc, editor, past, scope, { dryRun: true }),
            )
          : await writeWorkspace(deps, ws, user, (doc) => restoreFrom(doc, editor, past, scope));
        return c.json({ restored, at: new Date(at).toISOString() }, 200);
      } finally {
        past.destroy();
      }
    },
  );

  routes.inWorkspace(
    {
      method: 'post',
      path: '/workspaces/:id/history/purge',
      summary:
        'Remove history older than `before` (owners). The board since then stays viewable; the purge itself is recorded.',
      action: 'history.purge',
      workspace: workspaceParam,
      body: purgeBody,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'invalid_input'],
    },
    (c, { user, workspace: ws, body }) => {
      const before = pastInstant(body.before);
      const result = history.purge.purgeBefore(ws, before, user.id);
      return c.json({ rowsDeleted: result.rowsDeleted }, 200);
    },
  );
}
