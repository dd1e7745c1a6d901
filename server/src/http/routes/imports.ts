/**
 * Moving tasks in and out of a workspace as files (issue 15): a project's tasks as CSV with the
 * board's filter, and a Trello board export or a Jira CSV export imported as a new project, first
 * previewed (statuses with a proposed column each, counts, what would be skipped and why), then
 * imported with the mapping the person confirmed: all of it in one transaction, or nothing.
 *
 * A new project per import, never into an existing one: an import that went wrong is undone by
 * deleting one project, and nobody's board changes under them while they work.
 */
import { FILTER_PARAMS, parseTaskFilter, readPeople } from '@taskflow/model';
import { z } from 'zod';
import { ApiError, notFound } from '../../errors.ts';
import { csvFileName, tasksCsv } from '../../transfer/csv-export.ts';
import {
  checkPlan,
  IMPORT_SOURCES,
  type ImportPlan,
  ImportRefused,
  type Member,
  mappingSchema,
  proposeMapping,
} from '../../transfer/import-plan.ts';
import { assigneeNotes, importPlan } from '../../transfer/import-plan-apply.ts';
import { parseJiraCsv } from '../../transfer/jira-csv.ts';
import { parseTrelloBoard } from '../../transfer/trello-board.ts';
import type { ApiDeps } from '../api-types.ts';
import { locatedBy, workspaceParam } from '../gate.ts';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../json-depth.ts';
import type { RouteTable } from '../route-table.ts';
import { param } from '../validate.ts';
import { readWorkspace, writeWorkspace } from '../workspace-doc.ts';

const facet = z.string().max(200).optional();
/** The board's filter facets (repeat a facet for alternatives), the person's zone for `due`. */
const exportQuery = z
  .object({
    workspaceId: z.string().min(1).max(200).optional(),
    tz: z.string().min(1).max(100).optional(),
    ...Object.fromEntries(Object.values(FILTER_PARAMS).map((name) => [name, facet])),
  })
  .strict();

const previewBody = z
  .object({
    source: z.enum(IMPORT_SOURCES),
    /** The file's text: a Trello board's JSON, or a Jira CSV export. */
    content: z.string().min(1),
    /** Trello username → email, for members Trello's export names without an address. */
    members: z.record(z.string().min(1).max(200), z.email().max(320)).optional(),
  })
  .strict();

const importBody = previewBody
  .extend({
    /** Each status of the file → the name of the column its tasks go to (new columns are made). */
    mapping: mappingSchema,
    projectName: z.string().trim().min(1).max(120).optional(),
  })
  .strict();

function refusal(error: unknown): unknown {
  if (!(error instanceof ImportRefused)) return error;
  const code =
    error.kind === 'too_large'
      ? 'payload_too_large'
      : error.kind === 'too_deep'
        ? 'json_too_deep'
        : 'invalid_input';
  return new ApiError(code, error.message);
}

function readPlan(body: z.infer<typeof previewBody>): ImportPlan {
  try {
    const plan =
      body.source === 'trello'
        ? parseTrelloBoard(body.content, { members: body.members, maxDepth: MAX_JSON_DEPTH, nestsDeeperThan })
        : parseJiraCsv(body.content);
    return checkPlan(plan);
  } catch (error) {
    throw refusal(error);
  }
}

export function importRoutes(
  routes: RouteTable,
  deps: Pick<ApiDeps, 'entities' | 'workspaces' | 'hocuspocus' | 'now'>,
): void {
  const members = (ws: string): Member[] =>
    deps.workspaces.members(ws).map((m) => ({ userId: m.userId, email: m.email, name: m.name }));

  routes.inWorkspace(
    {
      method: 'get',
      path: '/projects/:id/tasks.csv',
      summary:
        "A project's live tasks as CSV (board order), filtered as the board's filter bar filters: q, assignee (a person, me, none), label, priority, due (overdue, today, week, none; days in tz, default UTC), sprint (an id or backlog), type; repeat a facet for alternatives. Columns: key, title, status, priority, assignee, labels, sprint, estimate, due, created, description. Cells a spreadsheet would run as a formula start with an apostrophe.",
      action: 'task.read',
      workspace: locatedBy(deps, 'project'),
      query: exportQuery,
      status: 200,
      errors: ['unauthenticated', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, query }) => {
      const id = param(c, 'id');
      const spec = parseTaskFilter(new URL(c.req.url).searchParams);
      const people = new Map(deps.workspaces.members(ws).map((m) => [m.userId, `${m.name} <${m.email}>`]));
      const file = await readWorkspace(deps, ws, user.id, (doc) => {
        const names = readPeople(doc);
        const csv = tasksCsv(doc, id, spec, {
          me: user.id,
          now: deps.now(),
          timeZone: query.tz ?? 'UTC',
          personOf: (userId) => people.get(userId) ?? names[userId] ?? userId,
        });
        if (csv === null) throw notFound('That project');
        return { csv: csv.text, name: csvFileName(csv.projectKey) };
      });
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename="${file.name}"`);
      return c.body(file.csv, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'post',
      path: '/workspaces/:id/project-imports/preview',
      summary:
        'Read a Trello board export (source trello: its JSON as content) or a Jira CSV export (source jira) without writing anything: its statuses with their task counts and a proposed column each, the counts of what would be created, and what would be skipped and why (docs/IMPORT.md).',
      action: 'project.import',
      workspace: workspaceParam,
      body: previewBody,
      status: 200,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'invalid_input'],
    },
    async (c, { workspace: ws, body }) => {
      const plan = readPlan(body);
      const proposed = proposeMapping(plan.statuses);
      const preview = {
        source: plan.source,
        name: plan.name,
        statuses: plan.statuses.map((name) => ({
          name,
          tasks: plan.tasks.filter((t) => t.status === name).length,
          column: proposed[name] as string,
        })),
        tasks: plan.tasks.length,
        checklistItems: plan.tasks.reduce((n, t) => n + t.checklist.length, 0),
        comments: plan.tasks.reduce((n, t) => n + t.comments.length, 0),
        sprints: [...new Set(plan.tasks.flatMap((t) => (t.sprint === null ? [] : [t.sprint])))],
        skipped: [...plan.skipped, ...assigneeNotes(plan, members(ws))],
      };
      return c.json({ preview }, 200);
    },
  );

  routes.inWorkspace(
    {
      method: 'post',
      path: '/workspaces/:id/project-imports',
      summary:
        'Import a Trello board export or a Jira CSV export as a new project, with `mapping` (each status of the file → a column name; every status must be mapped). All or nothing: one transaction, on disk before the answer. Answers the report: the project, its columns, what was created, what was skipped and why.',
      action: 'project.import',
      workspace: workspaceParam,
      body: importBody,
      status: 201,
      errors: ['unauthenticated', 'forbidden', 'not_found', 'conflict', 'invalid_input'],
    },
    async (c, { user, workspace: ws, body }) => {
      const plan = readPlan(body);
      const people = members(ws);
      const report = await writeWorkspace(deps, ws, user, (doc) => {
        try {
          return importPlan(doc, {
            plan,
            mapping: body.mapping,
            members: people,
            projectName: body.projectName,
            actorId: user.id,
            now: deps.now,
          });
        } catch (error) {
          throw refusal(error);
        }
      });
      return c.json({ report }, 201);
    },
  );
}
