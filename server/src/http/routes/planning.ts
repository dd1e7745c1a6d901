/**
 * Planning over REST (SPEC M22): a project's backlog in rank order, its sprints, and a sprint's
 * life (create, edit, start, complete). Sprints are found by id through the entity index like
 * projects and tasks; every write is one model operation on the live document, so open boards
 * and backlogs see it at once.
 */
import {
  completeSprint,
  createSprint,
  effectiveSprintId,
  liveColumns,
  planOrder,
  readColumns,
  readProject,
  readSprint,
  readSprints,
  readTask,
  type Sprint,
  startSprint,
  type Task,
  updateSprint,
} from '@taskflow/model';
import type * as Y from 'yjs';
import { z } from 'zod';
import { ApiError, notFound } from '../../errors.ts';
import type { ApiDeps } from '../api-types.ts';
import { locatedBy } from '../gate.ts';
import type { RouteTable } from '../route-table.ts';
import {
  sprintBody,
  sprintCompleteBody,
  sprintPatchBody,
  workspacePageQuery,
  workspaceQuery,
} from '../schemas.ts';
import { taskResources } from '../task-resource.ts';
import { param } from '../validate.ts';
import { readWorkspace, writeWorkspace } from '../workspace-doc.ts';
import { decodePageCursor, encodePageCursor, pageOf } from './paging.ts';
import { restEditor } from './tasks.ts';

const sprintView = (sprint: Sprint, workspaceId: string) => ({ ...sprint, workspaceId });

/** Where a backlog page ended: the last task's plan rank and id. */
const backlogKey = z.tuple([z.string().max(1_000), z.string().max(200)]);

function sprintIn(doc: Y.Doc, workspaceId: string, sprintId: string) {
  const sprint = readSprint(doc, sprintId);
  if (!sprint) throw notFound('That sprint');
  return sprintView(sprint, workspaceId);
}

/** A sprint that ends before it starts is a typo, refused before anything is written. */
function checkDates(startDate: string | null | undefined, endDate: string | null | undefined): void {
  if (startDate && endDate && endDate < startDate) {
    throw new ApiError('invalid_input', 'A sprint cannot end before it starts.', [
      { path: 'endDate', message: `Before startDate (${startDate}).` },
    ]);
  }
}

export function planningRoutes(
  routes: RouteTable,
  deps: Pick<ApiDeps, 'entities' | 'workspaces' | 'hocuspocus'>,
): void {
  const ofProject = locatedBy(deps, 'project');
  const ofSprint = locatedBy(deps, 'sprint');

  routes.inWorkspace(
    {
      method: 'get',
      path: '/projects/:id/backlog',
      summary:
        "A project's backlog: its live tasks in no open sprint (nor completed in a closed one), in rank order (planRank, then id), a page at a time (limit, cursor: the previous page's nextCursor).",
      action: 'task.read',
      workspace: ofProject,
      query: workspacePageQuery,
      status: 200,
      errors: ['unauthenticated', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, query: q }) => {
      const id = param(c, 'id');
      const after = q.cursor === undefined ? undefined : decodePageCursor('backlog', backlogKey, q.cursor);
      const page = await readWorkspace(deps, ws, user.id, (doc) => {
        if (!readProject(doc, id)) throw notFound('That project');
        // readPlan's rule, per task, over the project's tasks in plan order from the cursor on
        // (the task index): a page reads its tasks and those it skips, not the workspace.
        const sprints = readSprints(doc, id);
        const byId = new Map(sprints.map((s) => [s.id, s]));
        const open = new Set(sprints.filter((s) => s.state !== 'closed').map((s) => s.id));
        const doneColumnId = liveColumns(readColumns(doc, id)).at(-1)?.id ?? null;
        const tasks: Task[] = [];
        let more = false;
        for (const slot of planOrder(doc, id, after && { rank: after[0], id: after[1] })) {
          const task = readTask(doc, slot.id);
          if (!task || task.archivedAt !== null) continue;
          const where = effectiveSprintId(task, byId);
          // In no open sprint; done in a closed one only counts when reopened since.
          if (where !== null && (open.has(where) || task.columnId === doneColumnId)) continue;
          if (tasks.length === q.limit) {
            more = true;
            break;
          }
          tasks.push(task);
        }
        const last = tasks.at(-1);
        return {
          tasks: taskResources(doc, ws, tasks),
          nextCursor: more && last ? encodePageCursor('backlog', [last.planRank, last.id]) : null,
        };
      });
      return c.json(page, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'post',
      path: '/projects/:id/sprints',
      summary: 'Create a sprint (planned) in a project.',
      action: 'project.write',
      workspace: ofProject,
      body: sprintBody,
      query: workspaceQuery,
      status: 201,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, body }) => {
      const projectId = param(c, 'id');
      checkDates(body.startDate, body.endDate);
      const sprint = await writeWorkspace(deps, ws, user, (doc) =>
        sprintIn(doc, ws, createSprint(doc, restEditor(user.id), { ...body, projectId })),
      );
      return c.json({ sprint }, 201);
    },
  );

  routes.inWorkspace(
    {
      method: 'get',
      path: '/projects/:id/sprints',
      summary:
        "A project's sprints in creation order (createdAt, then id), each with its state (planned, active or closed), start and completion; a page at a time (limit, cursor).",
      action: 'project.read',
      workspace: ofProject,
      query: workspacePageQuery,
      status: 200,
      errors: ['unauthenticated', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, query: q }) => {
      const id = param(c, 'id');
      const page = await readWorkspace(deps, ws, user.id, (doc) => {
        if (!readProject(doc, id)) throw notFound('That project');
        const all = readSprints(doc, id).map((s) => sprintView(s, ws));
        const { items, nextCursor } = pageOf(all, (s) => [s.createdAt, s.id], q, {
          tag: 'sprints',
          arity: 2,
        });
        return { sprints: items, nextCursor };
      });
      return c.json(page, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'patch',
      path: '/sprints/:id',
      summary: "Change a sprint's name, goal or dates (not once it is completed).",
      action: 'project.write',
      workspace: ofSprint,
      body: sprintPatchBody,
      query: workspaceQuery,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, body }) => {
      const id = param(c, 'id');
      const sprint = await writeWorkspace(deps, ws, user, (doc) => {
        const current = sprintIn(doc, ws, id);
        checkDates(
          body.startDate === undefined ? current.startDate : body.startDate,
          body.endDate === undefined ? current.endDate : body.endDate,
        );
        updateSprint(doc, restEditor(user.id), id, body);
        return sprintIn(doc, ws, id);
      });
      return c.json({ sprint }, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'post',
      path: '/sprints/:id/start',
      summary:
        'Start a planned sprint of a Scrum project, recording its committed tasks and their sum; one sprint per project is active (a conflict otherwise, or in a Kanban project).',
      action: 'project.write',
      workspace: ofSprint,
      query: workspaceQuery,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws }) => {
      const id = param(c, 'id');
      const sprint = await writeWorkspace(deps, ws, user, (doc) =>
        sprintView(startSprint(doc, restEditor(user.id), id), ws),
      );
      return c.json({ sprint }, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'post',
      path: '/sprints/:id/complete',
      summary:
        'Complete the active sprint: tasks in the project\'s last column count as completed, open ones move to moveOpenTo ("backlog" or another sprint not completed). Completing a sprint that is not active is a conflict.',
      action: 'project.write',
      workspace: ofSprint,
      body: sprintCompleteBody,
      query: workspaceQuery,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, body: { moveOpenTo } }) => {
      const id = param(c, 'id');
      const result = await writeWorkspace(deps, ws, user, (doc) => {
        const { completed, moved } = completeSprint(
          doc,
          restEditor(user.id),
          id,
          moveOpenTo === 'backlog' ? null : moveOpenTo,
        );
        return { completed, moved, sprint: sprintIn(doc, ws, id) };
      });
      return c.json(result, 200);
    },
  );
}
