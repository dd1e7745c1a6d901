/**
 * Reports over REST (issue 12, docs/REPORTS.md): sprint burndown, velocity, cumulative flow, cycle
 * time, created vs resolved and time, per project. Computed here from the workspace's activity
 * (folded incrementally, server/src/reports/timeline-cache.ts) and the server's document, in the
 * requesting person's time zone; never from what a client has loaded.
 */
import { readProject, readSprint } from '@taskflow/model';
import type * as Y from 'yjs';
import { z } from 'zod';
import { ApiError, notFound } from '../../errors.ts';
import { burndown } from '../../reports/burndown.ts';
import { cfd, createdResolved, cycleTime } from '../../reports/flow.ts';
import { type ProjectHistory, projectHistory } from '../../reports/project-history.ts';
import { addDays, dayOf, daysBetween, MAX_RANGE_DAYS } from '../../reports/report-days.ts';
import { timeReport } from '../../reports/time-report.ts';
import { velocity } from '../../reports/velocity.ts';
import type { ApiDeps } from '../api-types.ts';
import { locatedBy } from '../gate.ts';
import type { RouteTable } from '../route-table.ts';
import { workspaceQuery } from '../schemas.ts';
import { param } from '../validate.ts';
import { readWorkspace } from '../workspace-doc.ts';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a day, YYYY-MM-DD')
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    'not a calendar day',
  );
export const rangeQuery = workspaceQuery.extend({ from: day.optional(), to: day.optional() }).strict();
export const velocityQuery = workspaceQuery
  .extend({ sprints: z.coerce.number().int().min(1).max(50).default(7) })
  .strict();

/** Default: the 30 days ending today. Refused: an end before the start, or over two years. */
function rangeOf(q: { from?: string | undefined; to?: string | undefined }, today: string) {
  const to = q.to ?? (q.from !== undefined && q.from > today ? q.from : today);
  const from = q.from ?? addDays(to, -29);
  if (to < from) {
    throw new ApiError('invalid_input', 'The range ends before it starts.', [
      { path: 'to', message: `Before from (${from}).` },
    ]);
  }
  if (daysBetween(from, to) + 1 > MAX_RANGE_DAYS) {
    throw new ApiError('invalid_input', `A report covers at most ${MAX_RANGE_DAYS} days (two years).`, [
      { path: 'to', message: `${daysBetween(from, to) + 1} days after from.` },
    ]);
  }
  return { from, to };
}

export function reportRoutes(
  routes: RouteTable,
  deps: Pick<
    ApiDeps,
    'entities' | 'workspaces' | 'hocuspocus' | 'reports' | 'users' | 'automationSettings' | 'now'
  >,
): void {
  const ofProject = locatedBy(deps, 'project');
  const ofSprint = locatedBy(deps, 'sprint');

  /** The person's chosen zone, else the workspace's (docs/REPORTS.md). */
  const zoneOf = (userId: string, workspaceId: string) =>
    deps.users.chosenTimeZone(userId) ?? deps.automationSettings.get(workspaceId).timeZone;

  /** Runs `fn` on the project's history, as of now, in the person's zone. */
  function withHistory<T>(
    workspaceId: string,
    userId: string,
    projectId: string,
    fn: (h: ProjectHistory, doc: Y.Doc) => T,
  ): Promise<T> {
    const timeZone = zoneOf(userId, workspaceId);
    const now = deps.now();
    return readWorkspace(deps, workspaceId, userId, (doc) => {
      const h = projectHistory(doc, deps.reports.current(workspaceId), projectId, { now, timeZone });
      if (!h) throw notFound('That project');
      return fn(h, doc);
    });
  }

  const projectReport = (
    path: string,
    summary: string,
    compute: (h: ProjectHistory, range: { from: string; to: string }, doc: Y.Doc) => unknown,
  ) =>
    routes.inWorkspace(
      {
        method: 'get',
        path: `/projects/:id/${path}`,
        summary,
        action: 'project.read',
        workspace: ofProject,
        query: rangeQuery,
        status: 200,
        errors: ['unauthenticated', 'not_found', 'conflict', 'invalid_input'],
      },
      async (c, { user, workspace: ws, query }) => {
        const today = dayOf(deps.now(), zoneOf(user.id, ws));
        const range = rangeOf(query, today);
        const body = await withHistory(ws, user.id, param(c, 'id'), (h, doc) => ({
          timeZone: h.timeZone,
          from: range.from,
          to: range.to,
          ...(compute(h, range, doc) as object),
        }));
        return c.json(body, 200);
      },
    );

  routes.inWorkspace(
    {
      method: 'get',
      path: '/sprints/:id/burndown',
      summary:
        "A started sprint's burndown: the work remaining at the end of each day (in the project's unit), the ideal line from what it committed, and the scope added or removed each day.",
      action: 'project.read',
      workspace: ofSprint,
      query: workspaceQuery,
      status: 200,
      errors: ['unauthenticated', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws }) => {
      const sprintId = param(c, 'id');
      const timeZone = zoneOf(user.id, ws);
      const now = deps.now();
      const body = await readWorkspace(deps, ws, user.id, (doc) => {
        const sprint = readSprint(doc, sprintId);
        if (!sprint || !readProject(doc, sprint.projectId)) throw notFound('That sprint');
        const h = projectHistory(doc, deps.reports.current(ws), sprint.projectId, { now, timeZone });
        const report = h && burndown(h, sprint);
        if (!report) throw new ApiError('conflict', 'That sprint has not started: it has no burndown yet.');
        return { timeZone, ...report };
      });
      return c.json(body, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'get',
      path: '/projects/:id/velocity',
      summary:
        "The project's last closed sprints (default 7), oldest first: the work each committed to at its start and the work it completed.",
      action: 'project.read',
      workspace: ofProject,
      query: velocityQuery,
      status: 200,
      errors: ['unauthenticated', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, query }) => {
      const body = await withHistory(ws, user.id, param(c, 'id'), (h) => velocity(h, query.sprints));
      return c.json(body, 200);
    },
  );

  projectReport(
    'cfd',
    'Cumulative flow: live tasks per column at the end of each day of the range (default: the last 30 days), columns in board order, archived ones included for the days they existed.',
    (h, r) => cfd(h, r.from, r.to),
  );
  projectReport(
    'cycle-time',
    'Cycle time of the tasks done in the range: from their first move out of the first column to their first arrival in the done column, with the median and 85th percentile.',
    (h, r) => cycleTime(h, r.from, r.to),
  );
  projectReport(
    'created-resolved',
    'Tasks created and tasks resolved (arrived in the done column) per week, for the weeks the range touches.',
    (h, r) => createdResolved(h, r.from, r.to),
  );
  projectReport(
    'time',
    'Time logged on the project in the range: per person per week, and per task with its estimate against all the time spent on it.',
    (h, r, doc) => timeReport(doc, h, r.from, r.to),
  );
}
