/**
 * Recurring tasks: a rule on a task (a five-field cron expression read in an IANA time zone) and
 * the occurrences it produces. Daylight saving follows croner (README "DST handling", the same as
 * Vixie cron): a fixed-time rule such as `30 2 * * *` runs at the end of a spring-forward gap
 * (03:00 local) and once, at the first pass, in a repeated hour; `0 9 * * *` stays 09:00 local
 * all year. Each occurrence becomes a task whose id derives from the rule and the instant, so a
 * retry or a second ticker cannot create it twice.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { isValidTimeZone, wallTimeAt } from '../zoned-time.ts';

/** Rules that fire more often than this would flood a board with tasks. */
export const MIN_PERIOD_MS = 3_600_000;
/** Missed periods created after downtime, at most (the most recent ones). */
export const DEFAULT_MISSED_CAP = 50;

function cronFor(cron: string, timeZone: string): Cron {
  // No callback: croner only computes dates and never starts a timer.
  return new Cron(cron, { timezone: timeZone, mode: '5-part', paused: true });
}

const instant = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

export const recurrenceRuleSchema = z
  .object({
    cron: z.string().trim().min(9).max(120),
    timeZone: z.string().refine(isValidTimeZone, 'not a known IANA time zone'),
    paused: z.boolean().default(false),
    /** Occurrences to leave out, as ISO instants. */
    skip: z.array(instant).max(200).default([]),
  })
  .superRefine((rule, ctx) => {
    if (!isValidTimeZone(rule.timeZone)) return;
    let runs: Date[];
    try {
      runs = cronFor(rule.cron, rule.timeZone).nextRuns(12, new Date(Date.UTC(2026, 0, 1)));
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: (error as Error).message });
      return;
    }
    if (runs.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['cron'], message: 'this rule never runs' });
      return;
    }
    for (let i = 1; i < runs.length; i++) {
      const gap = (runs[i]?.getTime() ?? 0) - (runs[i - 1]?.getTime() ?? 0);
      if (gap < MIN_PERIOD_MS) {
        ctx.addIssue({ code: 'custom', path: ['cron'], message: 'a rule may run at most once an hour' });
        return;
      }
    }
  });
export type RecurrenceRule = z.infer<typeof recurrenceRuleSchema>;
export type RecurrenceRuleInput = z.input<typeof recurrenceRuleSchema>;

/** A parsed rule, or null for anything invalid (rules come from documents peers wrote). */
export function parseRecurrenceRule(value: unknown): RecurrenceRule | null {
  const parsed = recurrenceRuleSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

/**
 * What identifies the schedule itself. A change to it (or a pause) restarts the "missed"
 * window at that moment; skipping an occurrence does not.
 */
export function scheduleIdentity(rule: RecurrenceRule): string {
  return JSON.stringify([rule.cron, rule.timeZone, rule.paused]);
}

export type PreviewOccurrence = { at: string; skipped: boolean };

/** The next `n` occurrences strictly after `after`, skipped ones included and marked (for the panel). */
export function previewOccurrences(rule: RecurrenceRule, after: number, n: number): PreviewOccurrence[] {
  const skip = new Set(rule.skip);
  return cronFor(rule.cron, rule.timeZone)
    .nextRuns(n, new Date(after))
    .map((d) => ({ at: d.toISOString(), skipped: skip.has(d.toISOString()) }));
}

/** The next `n` occurrences that will create tasks, strictly after `after`; none while paused. */
export function nextOccurrences(rule: RecurrenceRule, after: number, n: number): string[] {
  if (rule.paused || n <= 0) return [];
  const skip = new Set(rule.skip);
  const out: string[] = [];
  // Each skip entry can hide at most one run, so this many runs always suffice.
  for (const d of cronFor(rule.cron, rule.timeZone).nextRuns(n + skip.size, new Date(after))) {
    const iso = d.toISOString();
    if (!skip.has(iso)) out.push(iso);
    if (out.length === n) break;
  }
  return out;
}

/** The first occurrence after `after` that will create a task, as ms, or null. */
export function nextOccurrenceAt(rule: RecurrenceRule, after: number): number | null {
  const [next] = nextOccurrences(rule, after, 1);
  return next === undefined ? null : Date.parse(next);
}

export type Missed = { occurrences: string[]; dropped: number };

/**
 * Every occurrence in (lastRunAt, now] that should have created a task, oldest first. After long
 * downtime only the most recent `cap` are kept: a year-old daily rule should not bury the board
 * under 365 tasks; `dropped` says how many were left out so the caller can log it.
 */
export function missedOccurrences(
  rule: RecurrenceRule,
  lastRunAt: number,
  now: number,
  cap: number = DEFAULT_MISSED_CAP,
): Missed {
  if (rule.paused || now <= lastRunAt) return { occurrences: [], dropped: 0 };
  const skip = new Set(rule.skip);
  const all: string[] = [];
  let dropped = 0;
  for (const d of cronFor(rule.cron, rule.timeZone).enumerate(new Date(lastRunAt))) {
    if (d.getTime() > now) break;
    const iso = d.toISOString();
    if (skip.has(iso)) continue;
    all.push(iso);
    // Keep memory bounded however long the downtime: only a window of `cap` survives.
    if (all.length > cap) {
      all.shift();
      dropped++;
    }
  }
  return { occurrences: all, dropped };
}

/** The id of the task an occurrence creates: derived from its cause: `rec:<rule>:<date>`. */
export function occurrenceTaskId(ruleTaskId: string, occurrenceIso: string): string {
  return `rec:${ruleTaskId}:${new Date(occurrenceIso).toISOString()}`;
}

/** The local calendar day of an occurrence in the rule's zone: the new task's deadline. */
export function occurrenceDay(rule: RecurrenceRule, occurrenceIso: string): string {
  const w = wallTimeAt(Date.parse(occurrenceIso), rule.timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}
