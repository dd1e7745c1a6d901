/**
 * The server's report routes (docs/REPORTS.md), zod-checked. Every report is computed on the
 * server from the workspace's history, never from what this device has loaded, so the browser
 * only asks and draws. A report's path (with its query) is also its key in the offline cache.
 */
import { z } from 'zod';

const unitSchema = z.enum(['points', 'hours']);
/** Instants may come as ISO strings or epoch milliseconds (as elsewhere in the API). */
const instantSchema = z.union([z.string(), z.number()]);

export const burndownSchema = z.object({
  unit: unitSchema,
  committed: z.number(),
  sprint: z.object({
    id: z.string(),
    name: z.string(),
    state: z.string(),
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
  }),
  days: z.array(
    z.object({
      date: z.string(),
      remaining: z.number().nullable(),
      ideal: z.number(),
      scopeChange: z.number(),
    }),
  ),
});
export type Burndown = z.infer<typeof burndownSchema>;

export const velocitySchema = z.object({
  unit: unitSchema,
  sprints: z.array(
    z.object({ id: z.string(), name: z.string(), committed: z.number(), completed: z.number() }),
  ),
});
export type Velocity = z.infer<typeof velocitySchema>;

export const cfdSchema = z.object({
  columns: z.array(z.object({ id: z.string(), name: z.string(), archived: z.boolean().default(false) })),
  days: z.array(z.object({ date: z.string(), counts: z.record(z.string(), z.number()) })),
});
export type Cfd = z.infer<typeof cfdSchema>;

export const cycleTimeSchema = z.object({
  startColumnId: z.string().nullable(),
  doneColumnId: z.string().nullable(),
  tasks: z.array(
    z.object({
      taskId: z.string(),
      key: z.string(),
      title: z.string(),
      startedAt: instantSchema,
      doneAt: instantSchema,
      days: z.number(),
    }),
  ),
  medianDays: z.number().nullable(),
  p85Days: z.number().nullable(),
});
export type CycleTime = z.infer<typeof cycleTimeSchema>;

export const createdResolvedSchema = z.object({
  weeks: z.array(z.object({ week: z.string(), created: z.number(), resolved: z.number() })),
});
export type CreatedResolved = z.infer<typeof createdResolvedSchema>;

export const timeReportSchema = z.object({
  weeks: z.array(z.string()),
  people: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      seconds: z.record(z.string(), z.number()),
      totalSeconds: z.number(),
    }),
  ),
  tasks: z.array(
    z.object({
      taskId: z.string(),
      key: z.string(),
      title: z.string(),
      loggedSeconds: z.number(),
      timeSpentSeconds: z.number(),
      originalEstimateSeconds: z.number().nullable(),
    }),
  ),
});
export type TimeReport = z.infer<typeof timeReportSchema>;

/** Both days included, `YYYY-MM-DD`, in the person's zone (the server decides what a day is). */
export type DayRange = { from: string; to: string };

function withQuery(path: string, values: Record<string, string>): string {
  return `/api/v1${path}?${new URLSearchParams(values)}`;
}

/** Each report's address; `workspaceId` names the workspace when an id is in several of the person's. */
export const reportPaths = {
  burndown: (workspaceId: string, sprintId: string) =>
    withQuery(`/sprints/${encodeURIComponent(sprintId)}/burndown`, { workspaceId }),
  velocity: (workspaceId: string, projectId: string, sprints = 7) =>
    withQuery(`/projects/${encodeURIComponent(projectId)}/velocity`, {
      workspaceId,
      sprints: String(sprints),
    }),
  cfd: (workspaceId: string, projectId: string, range: DayRange) =>
    withQuery(`/projects/${encodeURIComponent(projectId)}/cfd`, { workspaceId, ...range }),
  cycleTime: (workspaceId: string, projectId: string, range: DayRange) =>
    withQuery(`/projects/${encodeURIComponent(projectId)}/cycle-time`, { workspaceId, ...range }),
  createdResolved: (workspaceId: string, projectId: string, range: DayRange) =>
    withQuery(`/projects/${encodeURIComponent(projectId)}/created-resolved`, { workspaceId, ...range }),
  time: (workspaceId: string, projectId: string, range: DayRange) =>
    withQuery(`/projects/${encodeURIComponent(projectId)}/time`, { workspaceId, ...range }),
};
