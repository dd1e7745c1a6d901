/**
 * The days and weeks a report is counted in: calendar days in the requesting person's zone
 * (docs/REPORTS.md). A report walks thousands of changes, so each day's end is computed once
 * (Intl per change would cost more than the report) and a change finds its day by binary search.
 */
import { wallTimeAt, wallTimeToInstant } from '../zoned-time.ts';

/** The longest range a report covers (two years and a leap day). */
export const MAX_RANGE_DAYS = 731;

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of an instant in a zone. */
export function dayOf(instant: number, timeZone: string): string {
  const w = wallTimeAt(instant, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** Whole days from `a` to `b` (calendar arithmetic, no zone involved). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of a day's week. */
export function weekOf(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** The instant a day starts (local midnight) in a zone. */
export function dayStart(day: string, timeZone: string): number {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return wallTimeToInstant({ year, month, day: date, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** A run of consecutive days in a zone, with the instant each one ends (the next one's start). */
export class DayRange {
  readonly days: string[];
  /** `ends[i]`: the first instant after day i. */
  readonly ends: number[];
  readonly start: number;

  constructor(from: string, to: string, timeZone: string) {
    const n = daysBetween(from, to) + 1;
    this.days = Array.from({ length: Math.max(0, n) }, (_, i) => addDays(from, i));
    this.start = dayStart(from, timeZone);
    this.ends = this.days.map((d) => dayStart(addDays(d, 1), timeZone));
  }

  /** The first day whose end is after `instant` (days.length when none is). */
  firstEndingAfter(instant: number): number {
    let lo = 0;
    let hi = this.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.ends[mid] as number) > instant) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** The day an instant falls on, or -1 when it is outside the range. */
  indexOf(instant: number): number {
    if (instant < this.start) return -1;
    const i = this.firstEndingAfter(instant);
    return i < this.days.length ? i : -1;
  }
}
