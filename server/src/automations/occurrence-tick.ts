/**
 * One pass of the recurrence ticker: for each rule with an occurrence due, create every missed
 * occurrence (capped) and record it in `fired`. The task is created first, through the caller's
 * `createOccurrence` (a Hocuspocus direct connection in production), with an id derived from the
 * rule and the instant; then the claim is recorded. A crash between the two repeats the creation,
 * which finds the task there (same id) and only records it: created once per period.
 */
import type { Logger } from '../logger.ts';
import type { FiredStore } from './fired-store.ts';
import { DEFAULT_MISSED_CAP, missedOccurrences, nextOccurrenceAt, occurrenceTaskId } from './recurrence.ts';
import { occurrenceCursor, type ScheduleRecord, type ScheduleStore } from './schedule-store.ts';

export type OccurrenceTickOptions = {
  schedule: ScheduleStore;
  fired: FiredStore;
  /** Must be idempotent: do nothing when a task with `taskId` exists already. */
  createOccurrence: (row: ScheduleRecord, occurrenceIso: string, taskId: string) => Promise<void>;
  now: () => number;
  limit?: number;
  cap?: number;
  logger?: Logger;
};

export type OccurrenceTickResult = { rules: number; created: string[]; dropped: number; failed: number };

export async function runOccurrenceTick(o: OccurrenceTickOptions): Promise<OccurrenceTickResult> {
  const now = o.now();
  const result: OccurrenceTickResult = { rules: 0, created: [], dropped: 0, failed: 0 };
  for (const row of o.schedule.dueOccurrences(now, o.limit ?? 200)) {
    result.rules++;
    const rule = row.recurrence;
    if (!rule) {
      o.schedule.setNextOccurrence(row.workspaceId, row.taskId, null);
      continue;
    }
    let cursor = occurrenceCursor(row.recurrenceSince, o.fired.lastOccurrenceAt(row.workspaceId, row.taskId));
    const missed = missedOccurrences(rule, cursor, now, o.cap ?? DEFAULT_MISSED_CAP);
    if (missed.dropped > 0) {
      o.logger?.warn(
        { workspace: row.workspaceId, task: row.taskId, dropped: missed.dropped },
        'old occurrences not created',
      );
      result.dropped += missed.dropped;
    }
    try {
      for (const iso of missed.occurrences) {
        const taskId = occurrenceTaskId(row.taskId, iso);
        await o.createOccurrence(row, iso, taskId);
        const at = Date.parse(iso);
        const key = {
          workspaceId: row.workspaceId,
          taskId: row.taskId,
          kind: 'occurrence',
          deadlineAt: at,
        } as const;
        if (o.fired.claim(key, o.now())) result.created.push(taskId);
        cursor = Math.max(cursor, at);
      }
    } catch (error) {
      // The row stays due: the next pass retries from the last recorded occurrence.
      result.failed++;
      o.logger?.error(
        { err: error, workspace: row.workspaceId, task: row.taskId },
        'could not create occurrence',
      );
      continue;
    }
    o.schedule.setNextOccurrence(row.workspaceId, row.taskId, nextOccurrenceAt(rule, Math.max(cursor, now)));
  }
  return result;
}
