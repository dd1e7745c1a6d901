/**
 * Plain-JavaScript checks for the task fields the board reads 10,000 times at open (read.ts).
 * Each one only says yes when its zod schema (schema.ts) would accept the value unchanged, so the
 * reader may skip zod then and ask zod otherwise: the outcome is the same, the cost is not. The
 * browser runs zod without its compiled fast path (the page's CSP forbids eval), and there zod
 * took a third of a 10,000-task board's first read (about 330 ms of 540 ms, measured in Chromium).
 *
 * quick-checks.test.ts holds each check to its schema on random and hand-picked values.
 */
import type { z } from 'zod';
import { storedTaskFields as f, LIMITS, nameSchema, PRIORITIES, TASK_TYPES } from './schema.ts';

type Check = (v: unknown) => boolean;

const textUpTo =
  (max: number, min = 0): Check =>
  (v) =>
    typeof v === 'string' && v.length >= min && v.length <= max;
const isId = textUpTo(200, 1);
const orNull =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
const wholeIn =
  (min: number, max: number): Check =>
  (v) =>
    Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;

/** The shape `Date.prototype.toISOString` writes, which is how every timestamp is written. */
const CANONICAL_INSTANT =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
/** Only real instants: the round trip rules out days a month lacks (2026-02-30). */
const isInstant: Check = (v) =>
  typeof v === 'string' && CANONICAL_INSTANT.test(v) && new Date(v).toISOString() === v;

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const isDay: Check = (v) =>
  typeof v === 'string' && DAY.test(v) && new Date(`${v}T00:00:00.000Z`).toISOString().slice(0, 10) === v;

/** `HH:MM <zone>`, the same pattern as `deadlineTimeSchema`. */
const DEADLINE_TIME = /^([01]\d|2[0-3]):[0-5]\d [A-Za-z0-9_+\-/]{1,64}$/;

const PRIORITY_SET: ReadonlySet<unknown> = new Set(PRIORITIES);
const TYPE_SET: ReadonlySet<unknown> = new Set(TASK_TYPES);

const isLabels: Check = (v) =>
  Array.isArray(v) &&
  v.length <= LIMITS.labels &&
  v.every((label) => typeof label === 'string' && label.length >= 1 && label.length <= LIMITS.label);

/** `f.number.nullable()`, made once so the reader and the table below name the same schema. */
export const numberOrNull = f.number.nullable();

const seconds = wholeIn(0, LIMITS.estimateSeconds);

const checks = new Map<z.ZodType, Check>([
  // Names are trimmed by zod: only an already trimmed one is returned as it is.
  [nameSchema, (v) => textUpTo(LIMITS.name, 1)(v) && (v as string).trim() === v],
  [f.projectId, isId],
  [f.title, textUpTo(LIMITS.title)],
  [f.description, textUpTo(LIMITS.description)],
  [f.priority, (v) => PRIORITY_SET.has(v)],
  [f.labels, isLabels],
  [f.assignee, orNull(isId)],
  [f.deadline, orNull(isDay)],
  [f.deadlineTime, orNull((v) => typeof v === 'string' && v.length <= 80 && DEADLINE_TIME.test(v))],
  [f.estimate, orNull((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= LIMITS.estimate)],
  [f.sprintId, orNull(isId)],
  [f.originalEstimateSeconds, orNull(seconds)],
  [f.remainingEstimateSeconds, orNull(seconds)],
  [f.type, orNull((v) => TYPE_SET.has(v))],
  [f.parentId, orNull(isId)],
  [f.epicId, orNull(isId)],
  [f.remainingSetSpent, wholeIn(0, Number.MAX_SAFE_INTEGER)],
  [f.number, wholeIn(1, Number.MAX_SAFE_INTEGER)],
  [numberOrNull, orNull(wholeIn(1, Number.MAX_SAFE_INTEGER))],
  [f.planRank, textUpTo(200, 1)],
  [f.createdBy, isId],
  [f.createdAt, isInstant],
  [f.updatedBy, isId],
  [f.updatedAt, isInstant],
  [f.archivedAt, orNull(isInstant)],
]);

/** The quick check for `schema`, if it has one: true means zod would accept the value as it is. */
export function quickCheck(schema: z.ZodType): Check | undefined {
  return checks.get(schema);
}

/** Every schema with a quick check, for the test that holds them to zod. */
export function quickChecked(): readonly z.ZodType[] {
  return [...checks.keys()];
}
