import { describe, expect, it } from 'vitest';
import {
  type ChainTask,
  DEFAULT_REMINDER_SETTINGS,
  dueReminders,
  nextReminderAt,
  reminderChain,
  reminderRecipients,
} from './reminder-chain.ts';

const H = 3_600_000;
const DEADLINE = Date.UTC(2026, 10, 25, 22, 59, 59, 999);
const task = (over: Partial<ChainTask> = {}): ChainTask => ({
  workspaceId: 'w',
  taskId: 't1',
  deadlineAt: DEADLINE,
  assignee: 'bob',
  createdBy: 'ann',
  done: false,
  archived: false,
  ...over,
});
const settings = DEFAULT_REMINDER_SETTINGS;

describe('reminder chain', () => {
  it('R1: before (deadline − 24 h), at, overdue (+1 h), in that order', () => {
    expect(reminderChain(task(), settings).map((s) => [s.kind, s.at])).toEqual([
      ['before', DEADLINE - 24 * H],
      ['at', DEADLINE],
      ['overdue', DEADLINE + H],
    ]);
  });

  it('R2: walking the clock past the chain yields each kind exactly once', () => {
    const fired = new Set<'before' | 'at' | 'overdue'>();
    const seen: string[] = [];
    for (let now = DEADLINE - 30 * H; now <= DEADLINE + 5 * H; now += 15 * 60_000) {
      for (const r of dueReminders(task(), settings, now, fired)) {
        expect(r.superseded).toBe(false);
        seen.push(r.kind);
        fired.add(r.kind);
      }
    }
    expect(seen).toEqual(['before', 'at', 'overdue']);
    expect(nextReminderAt(task(), settings, fired)).toBeNull();
  });

  it('R3: a changed deadline is a new chain (new keys), so it re-arms', () => {
    const fired = new Set(dueReminders(task(), settings, DEADLINE + 2 * H).map((r) => r.kind));
    expect(fired.size).toBe(3);
    const moved = task({ deadlineAt: DEADLINE + 48 * H });
    // Fired kinds belong to the old deadline instant; the store looks them up per instant.
    const fresh = dueReminders(moved, settings, DEADLINE + 25 * H);
    expect(fresh.map((r) => [r.kind, r.deadlineAt])).toEqual([['before', DEADLINE + 48 * H]]);
  });

  it('R4: done, archived or deadline-less tasks have no reminders', () => {
    const late = DEADLINE + 10 * H;
    expect(dueReminders(task({ done: true }), settings, late)).toEqual([]);
    expect(dueReminders(task({ archived: true }), settings, late)).toEqual([]);
    expect(dueReminders(task({ deadlineAt: null }), settings, late)).toEqual([]);
    expect(nextReminderAt(task({ done: true }), settings)).toBeNull();
  });

  it('R5: after downtime, earlier steps due together with a later one are superseded', () => {
    const due = dueReminders(task(), settings, DEADLINE + 2 * H);
    expect(due.map((r) => [r.kind, r.superseded])).toEqual([
      ['before', true],
      ['at', true],
      ['overdue', false],
    ]);
  });

  it('R6: lead time 0 gives no separate "before"; the workspace lead time is used', () => {
    expect(reminderChain(task(), { leadMs: 0, escalateAfterMs: 0 }).map((s) => s.kind)).toEqual([
      'at',
      'overdue',
    ]);
    expect(reminderChain(task(), { leadMs: 2 * H, escalateAfterMs: 0 })[0]?.at).toBe(DEADLINE - 2 * H);
  });

  it('R7: recipients: assignee (or creator) for reminders, plus admins for escalation, deduplicated', () => {
    expect(reminderRecipients('before', task(), ['ann', 'zoe'])).toEqual(['bob']);
    expect(reminderRecipients('at', task({ assignee: null }), ['zoe'])).toEqual(['ann']);
    expect(reminderRecipients('overdue', task(), ['ann', 'bob', 'zoe'])).toEqual(['bob', 'ann', 'zoe']);
  });
});
