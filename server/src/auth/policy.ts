/**
 * Who may do what: the one policy table. Every REST route and every sync action asks `can()`;
 * docs/SECURITY.md prints this table, and the policy-matrix test checks the running server against it.
 */
export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

const ALL: readonly Role[] = ROLES;
const EDITORS: readonly Role[] = ['owner', 'admin', 'member'];
const ADMINS: readonly Role[] = ['owner', 'admin'];
const OWNER: readonly Role[] = ['owner'];

export const POLICY = {
  'workspace.read': ALL,
  'workspace.update': OWNER,
  'workspace.delete': OWNER,
  /** Download the whole workspace (document, history, members, settings) as one file. */
  'workspace.export': OWNER,
  /** Reminder lead time, escalation delay and the workspace's time zone. */
  'workspace.settings': ADMINS,
  'members.read': ALL,
  'members.invite': ADMINS,
  'members.update': ADMINS,
  'members.remove': ADMINS,
  'project.read': ALL,
  /** Also a project's settings (key, mode, unit) and its sprints: create, edit, start, complete. */
  'project.write': EDITORS,
  /**
   * Import a Trello board or a Jira CSV as a new project: hundreds of tasks, columns and comments in
   * one step, with names and emails matched to members; a bulk change admins answer for.
   */
  'project.import': ADMINS,
  'task.read': ALL,
  /** Also logging work; editing or deleting a worklog is its author's alone (the model refuses others). */
  'task.write': EDITORS,
  'comment.write': EDITORS,
  /** Receive escalations of overdue tasks and alerts about emails that failed for good. */
  'automations.alerts': ADMINS,
  /** See the workspace's emails that failed for good, and send them again. */
  'deadletters.manage': ADMINS,
  /** Restore the whole workspace or a project to a past moment (members restore tasks: task.write). */
  'history.restore': ADMINS,
  /** Remove history older than a date. */
  'history.purge': OWNER,
  /** Open the workspace document and receive every change. */
  'sync.read': ALL,
  /** Send document updates (viewers connect read-only). */
  'sync.write': EDITORS,
  /** Publish one's own presence (cursor, "is moving this card"). */
  'sync.awareness': ALL,
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof POLICY;
export const ACTIONS = Object.keys(POLICY) as Action[];

/** `role` is null for someone who is not a member (or no longer one). */
export function can(role: Role | null, action: Action): boolean {
  return role !== null && (POLICY[action] as readonly Role[]).includes(role);
}

/** Roles an actor may hand out or take away: only an owner makes or unmakes owners. */
export function canAssignRole(actor: Role, target: Role): boolean {
  if (actor === 'owner') return true;
  return actor === 'admin' && target !== 'owner';
}
