/**
 * When a task is due, as the board sees it, and how close that is. A deadline with a time of day
 * is one instant (its time in the zone it was set in); a day-only deadline is due when the day
 * ends where the viewer is (the server reminds in the assignee's zone; a card speaks to whoever
 * looks at it). The zone arithmetic is the server's `zoned-time.ts`, with Intl alone.
 */
import { parseDeadlineTime } from '@taskflow/model';

export const DUE_SOON_MS = 24 * 3_600_000;

export type DueState = 'overdue' | 'soon' | 'later';

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(instant: number, timeZone: string): number[] {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(instant))) p[part.type] = Number(part.value);
  return [p.year ?? 1970, p.month ?? 1, p.day ?? 1, p.hour ?? 0, p.minute ?? 0];
}

/** How far the zone's clock is ahead of UTC at an instant (whole minutes, which every zone now uses). */
function offsetAt(instant: number, timeZone: string): number {
  const [y = 1970, mo = 1, d = 1, h = 0, mi = 0] = partsIn(instant, timeZone);
  return Date.UTC(y, mo - 1, d, h, mi) - (instant - (((instant % 60_000) + 60_000) % 60_000));
}

/**
 * The instant a wall time names in a zone: the first of two in a repeated hour, and moved past
 * the gap for one that does not exist (spring forward), as the server reads it.
 */
export function wallTimeInstant(day: string, time: string, timeZone: string): number {
  const [y = 1970, mo = 1, d = 1] = day.split('-').map(Number);
  const [h = 0, mi = 0] = time.split(':').map(Number);
  const naive = Date.UTC(y, mo - 1, d, h, mi);
  const before = offsetAt(naive - 36 * 3_600_000, timeZone);
  const after = offsetAt(naive + 36 * 3_600_000, timeZone);
  for (const offset of [Math.max(before, after), Math.min(before, after)]) {
    if (offsetAt(naive - offset, timeZone) === offset) return naive - offset;
  }
  return naive - Math.min(before, after);
}

function knownZone(timeZone: string): boolean {
  try {
    partsIn(0, timeZone);
    return true;
  } catch {
    return false;
  }
}

/** When the task is due, in ms, or null without a deadline. */
export function deadlineInstant(deadline: string | null, deadlineTime: string | null): number | null {
  if (deadline === null) return null;
  const timed = parseDeadlineTime(deadlineTime);
  if (timed) {
    if (knownZone(timed.timeZone)) return wallTimeInstant(deadline, timed.time, timed.timeZone);
    // A zone this browser does not know: read the time where the viewer is.
    const [y = 1970, mo = 1, d = 1] = deadline.split('-').map(Number);
    const [h = 0, mi = 0] = timed.time.split(':').map(Number);
    return new Date(y, mo - 1, d, h, mi).getTime();
  }
  const [y = 1970, mo = 1, d = 1] = deadline.split('-').map(Number);
  // The last millisecond of the local day, however long the day is.
  return new Date(y, mo - 1, d + 1).getTime() - 1;
}

export function dueState(dueAt: number, now: number): DueState {
  if (now > dueAt) return 'overdue';
  return dueAt - now <= DUE_SOON_MS ? 'soon' : 'later';
}

/**
 * The card's words for the deadline: `due 2026-11-22`, `due 2026-11-22 09:30`, with the deadline's
 * zone when it is not the viewer's (`due 2026-11-22 09:30 Europe/Paris`): the day and time as they
 * were set, so whoever set them and everyone else read the same words, in any locale.
 */
export function dueText(deadline: string, deadlineTime: string | null, viewerZone: string): string {
  const timed = parseDeadlineTime(deadlineTime);
  if (!timed) return `due ${deadline}`;
  const zone = timed.timeZone === viewerZone ? '' : ` ${timed.timeZone}`;
  return `due ${deadline} ${timed.time}${zone}`;
}
