/**
 * The policy matrix's routes (policy-matrix.int.test.ts): how each REST route is called as a
 * subject against the shared fixture, and the routes that are outside the matrix. A route the
 * served OpenAPI document lists and this file lacks fails the matrix.
 */
import type { Session } from './helpers/auth.ts';
import { seededArchive } from './helpers/workspace-archive.ts';

/**
 * A workspace with every subject in place, a project (Scrum) with a planned sprint, a second
 * project with an active sprint, a task, a target member, a pending invitation, and per editor two
 * worklogs of their own (worklogs are edited and deleted only by their author).
 */
export type Fixture = {
  ws: string;
  projectId: string;
  taskId: string;
  target: Session;
  invitationId: string;
  plannedSprintId: string;
  activeSprintId: string;
  worklogs: Record<string, { edit: string; remove: string }>;
};

export type Call = { method: string; path: string; body?: unknown };
/** How to call a route as a subject; `fresh` routes get their own workspace per call (they change it). */
export type RouteFixture = { fresh?: boolean; call: (f: Fixture, who: Session) => Call };

export const FIXTURES: Record<string, RouteFixture> = {
  'get /api/v1/me': { call: () => ({ method: 'GET', path: '/me' }) },
  'post /api/v1/workspaces': {
    call: () => ({ method: 'POST', path: '/workspaces', body: { name: 'Mine' } }),
  },
  'get /api/v1/workspaces': { call: () => ({ method: 'GET', path: '/workspaces' }) },
  'patch /api/v1/workspaces/{id}': {
    call: (f) => ({ method: 'PATCH', path: `/workspaces/${f.ws}`, body: { name: 'Renamed' } }),
  },
  'delete /api/v1/workspaces/{id}': {
    fresh: true,
    call: (f) => ({ method: 'DELETE', path: `/workspaces/${f.ws}` }),
  },
  'get /api/v1/workspaces/{id}/export': {
    call: (f) => ({ method: 'GET', path: `/workspaces/${f.ws}/export` }),
  },
  // Anyone signed in: the file becomes a new workspace of their own (workspace-transfer.int.test.ts).
  'post /api/v1/workspaces/import': {
    call: () => ({ method: 'POST', path: '/workspaces/import', body: seededArchive() }),
  },
  'post /api/v1/workspaces/{id}/invite': {
    call: (f) => ({
      method: 'POST',
      path: `/workspaces/${f.ws}/invite`,
      body: { email: `new-${crypto.randomUUID()}@example.com`, role: 'member' },
    }),
  },
  'get /api/v1/workspaces/{id}/invitations': {
    call: (f) => ({ method: 'GET', path: `/workspaces/${f.ws}/invitations` }),
  },
  'delete /api/v1/workspaces/{id}/invitations/{invitationId}': {
    fresh: true,
    call: (f) => ({ method: 'DELETE', path: `/workspaces/${f.ws}/invitations/${f.invitationId}` }),
  },
  'get /api/v1/workspaces/{id}/members': {
    call: (f) => ({ method: 'GET', path: `/workspaces/${f.ws}/members` }),
  },
  'patch /api/v1/workspaces/{id}/members/{userId}': {
    fresh: true,
    call: (f) => ({
      method: 'PATCH',
      path: `/workspaces/${f.ws}/members/${f.target.user.id}`,
      body: { role: 'member' },
    }),
  },
  'delete /api/v1/workspaces/{id}/members/{userId}': {
    fresh: true,
    call: (f) => ({ method: 'DELETE', path: `/workspaces/${f.ws}/members/${f.target.user.id}` }),
  },
  'post /api/v1/projects': {
    call: (f) => ({ method: 'POST', path: '/projects', body: { workspaceId: f.ws, name: 'Another' } }),
  },
  'get /api/v1/projects/{id}': { call: (f) => ({ method: 'GET', path: `/projects/${f.projectId}` }) },
  'get /api/v1/projects/{id}/tasks': {
    call: (f) => ({ method: 'GET', path: `/projects/${f.projectId}/tasks` }),
  },
  'get /api/v1/projects/{id}/tasks.csv': {
    call: (f) => ({ method: 'GET', path: `/projects/${f.projectId}/tasks.csv?priority=high` }),
  },
  'post /api/v1/workspaces/{id}/project-imports/preview': {
    call: (f) => ({
      method: 'POST',
      path: `/workspaces/${f.ws}/project-imports/preview`,
      body: { source: 'jira', content: 'Summary,Status\nImported,To Do\n' },
    }),
  },
  'post /api/v1/workspaces/{id}/project-imports': {
    call: (f) => ({
      method: 'POST',
      path: `/workspaces/${f.ws}/project-imports`,
      body: { source: 'jira', content: 'Summary,Status\nImported,To Do\n', mapping: { 'To Do': 'To Do' } },
    }),
  },
  'post /api/v1/tasks': {
    call: (f) => ({
      method: 'POST',
      path: '/tasks',
      body: { projectId: f.projectId, title: 'From the matrix' },
    }),
  },
  'get /api/v1/tasks/{id}': { call: (f) => ({ method: 'GET', path: `/tasks/${f.taskId}` }) },
  'patch /api/v1/tasks/{id}': {
    call: (f) => ({
      method: 'PATCH',
      path: `/tasks/${f.taskId}`,
      body: { priority: 'high', columnId: `${f.projectId}:col2` },
    }),
  },
  'patch /api/v1/projects/{id}': {
    call: (f) => ({ method: 'PATCH', path: `/projects/${f.projectId}`, body: { estimationUnit: 'points' } }),
  },
  'get /api/v1/projects/{id}/backlog': {
    call: (f) => ({ method: 'GET', path: `/projects/${f.projectId}/backlog` }),
  },
  'post /api/v1/projects/{id}/sprints': {
    call: (f) => ({
      method: 'POST',
      path: `/projects/${f.projectId}/sprints`,
      body: { name: 'Matrix sprint' },
    }),
  },
  'get /api/v1/projects/{id}/sprints': {
    call: (f) => ({ method: 'GET', path: `/projects/${f.projectId}/sprints` }),
  },
  'patch /api/v1/sprints/{id}': {
    call: (f) => ({ method: 'PATCH', path: `/sprints/${f.plannedSprintId}`, body: { goal: 'A goal' } }),
  },
  // Starting and completing change the sprint for good: a workspace of their own per call.
  'post /api/v1/sprints/{id}/start': {
    fresh: true,
    call: (f) => ({ method: 'POST', path: `/sprints/${f.plannedSprintId}/start` }),
  },
  'post /api/v1/sprints/{id}/complete': {
    fresh: true,
    call: (f) => ({
      method: 'POST',
      path: `/sprints/${f.activeSprintId}/complete`,
      body: { moveOpenTo: 'backlog' },
    }),
  },
  'get /api/v1/sprints/{id}/burndown': {
    call: (f) => ({ method: 'GET', path: `/sprints/${f.activeSprintId}/burndown` }),
  },
  'get /api/v1/projects/{id}/velocity': {
    call: (f) => ({ method: 'GET', path: `/projects/${f.projectId}/velocity` }),
  },
  'get /api/v1/projects/{id}/cfd': {
    call: (f) => ({ method: 'GET', path: `/projects/${f.projectId}/cfd` }),
  },
  'get /api/v1/projects/{id}/cycle-time': {
    call: (f) => ({ method: 'GET', path: `/projects/${f.projectId}/cycle-time` }),
  },
  'get /api/v1/projects/{id}/created-resolved': {
    call: (f) => ({ method: 'GET', path: `/projects/${f.projectId}/created-resolved` }),
  },
  'get /api/v1/projects/{id}/time': {
    call: (f) => ({ method: 'GET', path: `/projects/${f.projectId}/time` }),
  },
  // Deleting takes the task away for good: a workspace of its own per call.
  'delete /api/v1/tasks/{id}': {
    fresh: true,
    call: (f) => ({ method: 'DELETE', path: `/tasks/${f.taskId}` }),
  },
  'post /api/v1/tasks/{id}/worklogs': {
    call: (f) => ({ method: 'POST', path: `/tasks/${f.taskId}/worklogs`, body: { seconds: 60 } }),
  },
  'get /api/v1/tasks/{id}/worklogs': {
    call: (f) => ({ method: 'GET', path: `/tasks/${f.taskId}/worklogs` }),
  },
  // Each subject acts on a worklog of their own when they have one (the owner's otherwise).
  'patch /api/v1/worklogs/{id}': {
    call: (f, who) => ({
      method: 'PATCH',
      path: `/worklogs/${(f.worklogs[who.user.id] ?? Object.values(f.worklogs)[0])?.edit}`,
      body: { note: 'edited' },
    }),
  },
  'delete /api/v1/worklogs/{id}': {
    call: (f, who) => ({
      method: 'DELETE',
      path: `/worklogs/${(f.worklogs[who.user.id] ?? Object.values(f.worklogs)[0])?.remove}`,
    }),
  },
  'post /api/v1/tasks/{id}/comments': {
    call: (f) => ({ method: 'POST', path: `/tasks/${f.taskId}/comments`, body: { body: 'A comment' } }),
  },
  'get /api/v1/tasks/{id}/comments': {
    call: (f) => ({ method: 'GET', path: `/tasks/${f.taskId}/comments` }),
  },
  'get /api/v1/tasks/{id}/activity': {
    call: (f) => ({ method: 'GET', path: `/tasks/${f.taskId}/activity` }),
  },
  'get /api/v1/workspaces/{id}/activity': {
    call: (f) => ({ method: 'GET', path: `/workspaces/${f.ws}/activity` }),
  },
  'get /api/v1/workspaces/{id}/board': {
    call: (f) => ({ method: 'GET', path: `/workspaces/${f.ws}/board?at=${new Date().toISOString()}` }),
  },
  // Restoring tasks is anyone's who may edit them; the workspace or a project: history-rest.int.test.ts.
  'post /api/v1/workspaces/{id}/restore': {
    call: (f) => ({
      method: 'POST',
      path: `/workspaces/${f.ws}/restore`,
      body: { at: new Date().toISOString(), taskIds: [f.taskId] },
    }),
  },
  'post /api/v1/workspaces/{id}/history/purge': {
    fresh: true,
    call: (f) => ({
      method: 'POST',
      path: `/workspaces/${f.ws}/history/purge`,
      body: { before: new Date(Date.now() - 86_400_000).toISOString() },
    }),
  },
  'get /api/v1/workspaces/{id}/settings': {
    call: (f) => ({ method: 'GET', path: `/workspaces/${f.ws}/settings` }),
  },
  'patch /api/v1/workspaces/{id}/settings': {
    call: (f) => ({ method: 'PATCH', path: `/workspaces/${f.ws}/settings`, body: { reminderLeadHours: 12 } }),
  },
  // The caller's own data: every signed-in subject succeeds.
  'get /api/v1/notifications': { call: () => ({ method: 'GET', path: '/notifications?limit=5' }) },
  'get /api/v1/notifications/unread-count': {
    call: () => ({ method: 'GET', path: '/notifications/unread-count' }),
  },
  'post /api/v1/notifications/read-all': {
    call: () => ({ method: 'POST', path: '/notifications/read-all' }),
  },
  'get /api/v1/me/notification-preferences': {
    call: () => ({ method: 'GET', path: '/me/notification-preferences' }),
  },
  'put /api/v1/me/notification-preferences': {
    call: () => ({ method: 'PUT', path: '/me/notification-preferences', body: { comment: 'digest' } }),
  },
  'patch /api/v1/me': { call: () => ({ method: 'PATCH', path: '/me', body: { timeZone: 'Europe/Paris' } }) },
  // The same password again: the subject's session (the one calling) is kept, so the matrix goes on.
  'post /api/v1/me/password': {
    call: (_f, who) => ({
      method: 'POST',
      path: '/me/password',
      body: { currentPassword: who.password, newPassword: who.password },
    }),
  },
  'post /api/v1/me/email': {
    call: (_f, who) => ({
      method: 'POST',
      path: '/me/email',
      body: { email: `new-${crypto.randomUUID().slice(0, 8)}@example.com`, currentPassword: who.password },
    }),
  },
  'get /api/v1/recurrence/preview': {
    call: () => ({
      method: 'GET',
      path: '/recurrence/preview?cron=0%209%20*%20*%201&timeZone=Europe%2FBerlin',
    }),
  },
  'get /api/v1/admin/dead-letters': { call: () => ({ method: 'GET', path: '/admin/dead-letters' }) },
};
/** Routes whose callers are not workspace subjects; each has its own tests (sessions.int.test.ts and those named beside them). */
export const OUTSIDE_MATRIX = new Set([
  'post /api/v1/auth/register',
  'post /api/v1/auth/login',
  'post /api/v1/auth/refresh',
  'post /api/v1/auth/logout',
  'get /api/v1/openapi.json',
  'post /api/v1/invitations/{token}/accept',
  // invitation-lookup.int.test.ts: the token is the credential.
  'get /api/v1/invitations/{token}',
  // notifications-rest.int.test.ts: per-user ids and signed tokens, not workspace roles.
  'patch /api/v1/notifications/{id}/read',
  'get /api/v1/notifications/unsubscribe',
  'post /api/v1/notifications/unsubscribe',
  'post /api/v1/admin/dead-letters/{id}/retry',
  // account-self-service.int.test.ts: nobody is signed in; the emailed token is the credential.
  'post /api/v1/auth/password/forgot',
  'post /api/v1/auth/password/reset',
  'post /api/v1/auth/email/verify',
  'post /api/v1/auth/email/verify/resend',
]);
