/**
 * The app's few routes as a discriminated union, parsed from a path. Small enough not to need a
 * router library: the whole table is this function, and `navigate` is history.pushState.
 */
export type Route =
  | { name: 'home' }
  | { name: 'signin'; next: string | null }
  | { name: 'signup'; next: string | null }
  | { name: 'invite'; token: string }
  | { name: 'board'; workspaceId: string }
  | { name: 'members'; workspaceId: string }
  /** Everything that happened in the workspace, newest first, with filters. */
  | { name: 'activity'; workspaceId: string }
  /** A project's backlog and its open sprints. */
  | { name: 'backlog'; workspaceId: string }
  /** A project's tasks as a sortable table with bulk actions (list-view/). */
  | { name: 'list'; workspaceId: string }
  /** My open tasks across the workspace's projects, by due date. */
  | { name: 'my-work'; workspaceId: string }
  /** A project's reports (burndown, velocity, flow, cycle time, time); `?report=` picks one. */
  | { name: 'reports'; workspaceId: string }
  /** `/w/<id>/browse/WEB-12`: the task a key names (current or old project key), as in Jira. */
  | { name: 'browse'; workspaceId: string; taskKey: string }
  | { name: 'settings' }
  /** From an email's unsubscribe link: works signed out. */
  | { name: 'unsubscribe'; token: string }
  /** Asks for a password-reset link by email (issue 15). */
  | { name: 'forgot-password' }
  /** From a reset email: choose a new password. */
  | { name: 'reset-password'; token: string }
  /** From a confirmation email (sign-up or a new address). */
  | { name: 'verify-email'; token: string }
  | { name: 'not-found' };

/** Only same-app paths are accepted as `next`, so a crafted link cannot send someone elsewhere. */
export function safeNext(value: string | null): string | null {
  if (!value?.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  return value;
}

/** `WEB-12` (the model's isTaskKey decides more strictly; this only keeps junk out of the route). */
const TASK_KEY_SHAPE = /^[A-Za-z][A-Za-z0-9]{0,9}-\d{1,15}$/;

function segment(raw: string): string | null {
  try {
    const decoded = decodeURIComponent(raw);
    return decoded.length > 0 && decoded.length <= 200 ? decoded : null;
  } catch {
    return null;
  }
}

export function parseRoute(pathname: string, search = ''): Route {
  const next = safeNext(new URLSearchParams(search).get('next'));
  const parts = pathname.split('/').filter(Boolean);
  const [first, second, third, fourth] = parts;
  if (parts.length === 0) return { name: 'home' };
  if (first === 'signin' && parts.length === 1) return { name: 'signin', next };
  if (first === 'signup' && parts.length === 1) return { name: 'signup', next };
  if (first === 'settings' && parts.length === 1) return { name: 'settings' };
  if (first === 'forgot-password' && parts.length === 1) return { name: 'forgot-password' };
  if ((first === 'reset-password' || first === 'verify-email') && parts.length === 1) {
    const token = new URLSearchParams(search).get('token');
    return token && token.length <= 200 ? { name: first, token } : { name: 'not-found' };
  }
  if (first === 'unsubscribe' && parts.length === 1) {
    const token = new URLSearchParams(search).get('token');
    return token && token.length <= 1000 ? { name: 'unsubscribe', token } : { name: 'not-found' };
  }
  if (first === 'invite' && second && parts.length === 2) {
    const token = segment(second);
    return token ? { name: 'invite', token } : { name: 'not-found' };
  }
  if (first === 'w' && second && parts.length <= 3) {
    const workspaceId = segment(second);
    if (!workspaceId) return { name: 'not-found' };
    if (third === undefined) return { name: 'board', workspaceId };
    if (third === 'members') return { name: 'members', workspaceId };
    if (third === 'activity') return { name: 'activity', workspaceId };
    if (third === 'backlog') return { name: 'backlog', workspaceId };
    if (third === 'reports') return { name: 'reports', workspaceId };
    if (third === 'list') return { name: 'list', workspaceId };
    if (third === 'my-work') return { name: 'my-work', workspaceId };
  }
  if (first === 'w' && second && third === 'browse' && fourth && parts.length === 4) {
    const workspaceId = segment(second);
    const taskKey = segment(fourth);
    // The page says "no such task" for a key that names nothing; only the shape is checked here.
    if (workspaceId && taskKey && TASK_KEY_SHAPE.test(taskKey))
      return { name: 'browse', workspaceId, taskKey };
  }
  return { name: 'not-found' };
}

export function boardPath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}`;
}

/** A board with one task's details open (links from notifications). */
export function taskPath(workspaceId: string, taskId: string): string {
  return `${boardPath(workspaceId)}?${new URLSearchParams({ task: taskId })}`;
}

export function membersPath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/members`;
}

export function activityPath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/activity`;
}

export function backlogPath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/backlog`;
}

export function myWorkPath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/my-work`;
}

export function listPath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/list`;
}

export function reportsPath(workspaceId: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/reports`;
}

/** The address that opens a task by its key: stays valid after the project's key is renamed. */
export function browsePath(workspaceId: string, taskKey: string): string {
  return `/w/${encodeURIComponent(workspaceId)}/browse/${encodeURIComponent(taskKey)}`;
}

export function withNext(path: '/signin' | '/signup', next: string | null): string {
  return next && next !== '/' ? `${path}?next=${encodeURIComponent(next)}` : path;
}
