/**
 * One pass of the reminder ticker over the due rows of `task_schedule`. For each row, one
 * IMMEDIATE transaction claims the due steps in `fired` and writes their effects (in-app rows,
 * outbox emails) and the row's next wake-up: a crash leaves all of that or none, and a second
 * ticker on the same file either waits for the lock or finds the steps claimed. The timer loop,
 * the lease and pushing to open tabs are the caller's (ticker.ts).
 */
import type { InAppStore } from '../notifications/in-app.ts';
import { taskLink } from '../notifications/kinds.ts';
import type { OutboxStore } from '../notifications/outbox.ts';
import { wallTimeAt } from '../zoned-time.ts';
import type { FiredStore } from './fired-store.ts';
import {
  type DueReminder,
  dueReminders,
  nextReminderAt,
  type ReminderSettings,
  reminderKeyString,
  reminderRecipients,
} from './reminder-chain.ts';
import type { ScheduleRecord, ScheduleStore } from './schedule-store.ts';

export type TaskContext = { workspaceName: string; link: string; assigneeName: string | null };

export type ReminderTickOptions = {
  /** Its write lock spans each row's claims and effects (`withWriteLock`). */
  schedule: ScheduleStore;
  fired: FiredStore;
  outbox: OutboxStore;
  inApp: InAppStore;
  settingsOf: (workspaceId: string) => ReminderSettings;
  /** Owners and admins of a workspace: they hear about escalations. */
  adminsOf: (workspaceId: string) => readonly string[];
  /**
   * Whether someone is (still) a member. The assignee is whatever a document says, so a removed
   * member, or any account a member typed in, hears nothing. Omitted: everyone counts (tests).
   */
  isMember?: (workspaceId: string, userId: string) => boolean;
  describe?: (row: ScheduleRecord) => TaskContext;
  now: () => number;
  /** Rows per pass; the rest wait for the next pass (a tick's cost stays bounded). */
  limit?: number;
};

/** A step this pass fired, for the caller to push to tabs and write to the task's activity. */
export type FiredReminder = DueReminder & { recipients: string[]; inAppIds: number[] };

export type ReminderTickResult = { rows: number; fired: FiredReminder[]; superseded: number };

const defaultDescribe = (row: ScheduleRecord): TaskContext => ({
  workspaceName: row.workspaceId,
  link: taskLink(row.workspaceId, row.taskId),
  assigneeName: null,
});

export function runReminderTick(o: ReminderTickOptions): ReminderTickResult {
  const now = o.now();
  const describe = o.describe ?? defaultDescribe;
  const result: ReminderTickResult = { rows: 0, fired: [], superseded: 0 };
  for (const stale of o.schedule.dueReminders(now, o.limit ?? 500)) {
    const firedHere = o.schedule.withWriteLock(() => {
      // Re-read under the write lock: another ticker may have handled the row meanwhile.
      const row = o.schedule.get(stale.workspaceId, stale.taskId);
      if (!row || row.nextReminderAt === null || row.nextReminderAt > now || row.deadlineAt === null)
        return [];
      const settings = o.settingsOf(row.workspaceId);
      const done = o.fired.firedKinds(row.workspaceId, row.taskId, row.deadlineAt);
      const out: FiredReminder[] = [];
      for (const step of dueReminders(row, settings, now, done)) {
        if (!o.fired.claim(step, now, step.superseded)) continue;
        done.add(step.kind);
        if (step.superseded) {
          result.superseded++;
          continue;
        }
        out.push(deliver(o, row, step, describe(row), now));
      }
      o.schedule.setNextReminder(row.workspaceId, row.taskId, nextReminderAt(row, settings, done));
      return out;
    });
    result.rows++;
    result.fired.push(...firedHere);
  }
  return result;
}

/**
 * ` 09:30` for a deadline with a time of day, nothing for a day-only one. A day-only deadline is
 * the day's last millisecond (projection.ts); a time of day is a whole minute, never 23:59:59.
 */
function timeOfDay(deadlineAt: number, timeZone: string): string {
  const w = wallTimeAt(deadlineAt, timeZone);
  if (w.second === 59) return '';
  return ` ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
}

function deliver(
  o: ReminderTickOptions,
  row: ScheduleRecord,
  step: DueReminder,
  ctx: TaskContext,
  now: number,
): FiredReminder {
  const recipients = reminderRecipients(step.kind, row, o.adminsOf(row.workspaceId)).filter(
    (userId) => o.isMember?.(row.workspaceId, userId) ?? true,
  );
  const key = reminderKeyString(step);
  const deadline = row.deadline ?? '1970-01-01';
  // People name tasks by key (SPEC M21): `WEB-12 Ship it`, the title alone before it is numbered.
  const label = row.taskKey ? `${row.taskKey} ${row.title}` : row.title;
  const base = {
    workspaceId: row.workspaceId,
    workspaceName: ctx.workspaceName,
    taskId: row.taskId,
    taskTitle: label,
    link: ctx.link,
    deadline,
    deadlineAt: step.deadlineAt,
  };
  const inAppIds: number[] = [];
  for (const userId of recipients) {
    const title =
      step.kind === 'before'
        ? `Due soon: ${label}`
        : step.kind === 'at'
          ? `Due now: ${label}`
          : `Overdue: ${label}`;
    const added = o.inApp.add({
      userId,
      dedupeKey: key,
      kind: step.kind === 'overdue' ? 'escalation' : 'reminder',
      workspaceId: row.workspaceId,
      taskId: row.taskId,
      title,
      body: `Deadline ${deadline}${timeOfDay(step.deadlineAt, row.timeZone)} (${row.timeZone})`,
    });
    if (added) inAppIds.push(added.id);
    const email = { key: `${key}:${userId}`, userId, now };
    if (step.kind === 'overdue') {
      o.outbox.enqueue({
        ...email,
        kind: 'escalation',
        payload: { ...base, assigneeName: ctx.assigneeName },
      });
    } else {
      o.outbox.enqueue({ ...email, kind: 'reminder', payload: { ...base, step: step.kind } });
    }
  }
  return { ...step, recipients, inAppIds };
}
