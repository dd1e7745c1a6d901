/**
 * A task's reminder chain, as pure functions of the task, the workspace's settings and the time:
 * `before` (deadline − lead), `at` (the deadline), `overdue` (deadline + escalation delay, to the
 * admins too). Each step is identified by (workspace, task, kind, deadline instant), so moving the
 * deadline starts a fresh chain and a done or archived task has none.
 */

export const REMINDER_KINDS = ['before', 'at', 'overdue'] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

export type ReminderSettings = {
  /** How long before the deadline the first reminder goes out. */
  leadMs: number;
  /** How long after the deadline an unfinished task escalates; 0 means at once. */
  escalateAfterMs: number;
};

export const DEFAULT_REMINDER_SETTINGS: ReminderSettings = {
  leadMs: 24 * 3_600_000,
  escalateAfterMs: 3_600_000,
};

/** The fields of a schedule row the chain needs. */
export type ChainTask = {
  workspaceId: string;
  taskId: string;
  deadlineAt: number | null;
  assignee: string | null;
  createdBy: string;
  done: boolean;
  archived: boolean;
};

export type ReminderKey = { workspaceId: string; taskId: string; kind: ReminderKind; deadlineAt: number };
export type ReminderStep = ReminderKey & { at: number };
export type DueReminder = ReminderStep & {
  /**
   * A later step is due too (the server was down, or the deadline was set in the past): record
   * it as fired but do not send it. Nobody wants "due tomorrow" about a task that is overdue.
   */
  superseded: boolean;
};

export function reminderChain(task: ChainTask, settings: ReminderSettings): ReminderStep[] {
  const { deadlineAt } = task;
  if (deadlineAt === null || task.done || task.archived) return [];
  const key = { workspaceId: task.workspaceId, taskId: task.taskId, deadlineAt };
  const steps: ReminderStep[] = [];
  // A zero lead would make `before` the same moment as `at`: one reminder, not two.
  if (settings.leadMs > 0) steps.push({ ...key, kind: 'before', at: deadlineAt - settings.leadMs });
  steps.push({ ...key, kind: 'at', at: deadlineAt });
  // At least 1 ms after the deadline, so an escalation never precedes the "due now" reminder.
  steps.push({ ...key, kind: 'overdue', at: deadlineAt + Math.max(1, settings.escalateAfterMs) });
  return steps;
}

/** The steps due at `now` that have not fired yet, oldest first. */
export function dueReminders(
  task: ChainTask,
  settings: ReminderSettings,
  now: number,
  fired: ReadonlySet<ReminderKind> = new Set(),
): DueReminder[] {
  const due = reminderChain(task, settings).filter((s) => s.at <= now);
  return due.map((s, i) => ({ ...s, superseded: i < due.length - 1 })).filter((s) => !fired.has(s.kind));
}

/** When the ticker should look at this task next, or null when its chain is complete or empty. */
export function nextReminderAt(
  task: ChainTask,
  settings: ReminderSettings,
  fired: ReadonlySet<ReminderKind> = new Set(),
): number | null {
  const pending = reminderChain(task, settings).filter((s) => !fired.has(s.kind));
  return pending[0]?.at ?? null;
}

/**
 * Who hears about a step: the assignee, or the creator of an unassigned task (someone must);
 * the escalation also goes to the workspace's admins and owners. Never a duplicate, never the
 * server's own `system` actor.
 */
export function reminderRecipients(
  kind: ReminderKind,
  task: Pick<ChainTask, 'assignee' | 'createdBy'>,
  admins: readonly string[],
): string[] {
  const owner = task.assignee ?? task.createdBy;
  const people = kind === 'overdue' ? [owner, ...admins] : [owner];
  return [...new Set(people)].filter((id) => id !== 'system' && id !== 'unknown');
}

/** A stable text form of a step's identity, for idempotency and dedupe keys. */
export function reminderKeyString(key: ReminderKey): string {
  return `${key.kind}:${key.workspaceId}:${key.taskId}:${key.deadlineAt}`;
}
