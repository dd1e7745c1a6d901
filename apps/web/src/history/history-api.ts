/**
 * The server's history routes, zod-checked (the OpenAPI document at /api/v1/openapi.json): a task's
 * activity, the workspace's activity, the board as it was at an instant, and restoring to one.
 *
 * Item kinds are an open set on purpose: the server adds kinds (sprints, worklogs) before this app
 * knows them, so `kind` is any string and the text for it falls back to a generic line.
 */
import { z } from 'zod';
import type { Session } from '../session/session.ts';

const instantSchema = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not an instant');

const changeSchema = z.object({
  field: z.string(),
  from: z.unknown(),
  to: z.unknown(),
  /** Names the server resolved (a column's name for a move) when the document may no longer have them. */
  fromName: z.string().nullable().optional(),
  toName: z.string().nullable().optional(),
});
export type ActivityChange = z.infer<typeof changeSchema>;

export const activityItemSchema = z.object({
  id: z.string(),
  kind: z.string(),
  /** The task routes leave it out: every item there is the task's. */
  taskId: z.string().nullable().default(null),
  entityId: z.string(),
  actorId: z.string().nullable(),
  actorName: z.string(),
  madeAt: instantSchema,
  arrivedAt: instantSchema,
  offline: z.boolean(),
  changes: z.array(changeSchema),
});
export type ActivityItem = z.infer<typeof activityItemSchema>;

const pageSchema = z.object({ items: z.array(activityItemSchema), nextCursor: z.string().nullable() });
export type ActivityPage = z.infer<typeof pageSchema>;

const pastTaskSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  priority: z.string(),
  labels: z.array(z.string()),
  assignee: z.string().nullable(),
  deadline: z.string().nullable(),
  estimate: z.number().nullable(),
  archived: z.boolean(),
  columnId: z.string(),
});
export type PastTask = z.infer<typeof pastTaskSchema>;

const pastColumnSchema = z.object({
  id: z.string(),
  name: z.string(),
  archived: z.boolean(),
  tasks: z.array(pastTaskSchema),
});
export type PastColumn = z.infer<typeof pastColumnSchema>;

const pastProjectSchema = z.object({
  id: z.string(),
  name: z.string(),
  key: z.string(),
  archived: z.boolean(),
  columns: z.array(pastColumnSchema),
});
export type PastProject = z.infer<typeof pastProjectSchema>;

const pastBoardSchema = z.object({ at: instantSchema, projects: z.array(pastProjectSchema) });
export type PastBoard = z.infer<typeof pastBoardSchema>;

const restoredSchema = z.object({ restored: z.number().int().nonnegative() });

/** What a restore covers: the workspace (neither), one project, or chosen tasks. */
export type RestoreScope = { projectId?: string; taskIds?: string[] };

/** The workspace activity's filters, as the route takes them (times are ISO instants). */
export type ActivityFilters = {
  actorId?: string;
  projectId?: string;
  /** A prefix (`task`, `comment`, `project`, `column`) or a full kind. */
  kind?: string;
  since?: string;
  until?: string;
};

export const PAGE_SIZE = 50;

function query(values: Record<string, string | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value) params.set(key, value);
  return params.toString();
}

export function historyApi(session: Session, workspaceId: string) {
  const workspace = `/api/v1/workspaces/${encodeURIComponent(workspaceId)}`;
  const limit = String(PAGE_SIZE);
  return {
    /** Oldest first. */
    taskActivity(taskId: string, cursor: string | null): Promise<ActivityPage> {
      const path = `/api/v1/tasks/${encodeURIComponent(taskId)}/activity`;
      return session.api(`${path}?${query({ workspaceId, cursor, limit })}`, pageSchema);
    },
    /** Newest first. */
    workspaceActivity(filters: ActivityFilters, cursor: string | null): Promise<ActivityPage> {
      return session.api(`${workspace}/activity?${query({ ...filters, cursor, limit })}`, pageSchema);
    },
    boardAt(at: Date): Promise<PastBoard> {
      return session.api(`${workspace}/board?${query({ at: at.toISOString() })}`, pastBoardSchema);
    },
    /** How many entities the restore changes; with `dryRun` nothing is written. */
    async restore(at: Date, scope: RestoreScope, dryRun: boolean): Promise<number> {
      const body = { at: at.toISOString(), ...scope, dryRun };
      return (await session.api(`${workspace}/restore`, restoredSchema, { method: 'POST', body })).restored;
    },
  };
}

export type HistoryApi = ReturnType<typeof historyApi>;
