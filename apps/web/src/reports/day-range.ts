/**
 * The range a report covers unless the person picks another: the 30 days ending today, as the
 * server's own default (docs/REPORTS.md). "Today" is this browser's; the server counts days in
 * the person's chosen zone, which differs only around midnight.
 */
import type { DayRange } from './reports-api.ts';

export const DEFAULT_DAYS = 30;

function isoDay(date: Date): string {
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${date.getFullYear()}-${m}-${d}`;
}

export function defaultRange(now = new Date()): DayRange {
  const from = new Date(now.getFullYear(), now.getMonth(), now.getDate() - (DEFAULT_DAYS - 1));
  return { from: isoDay(from), to: isoDay(now) };
}
