/**
 * When an entry happened, as the reader reads it: "09:02" today, "3 Jun 09:02" before. A change
 * made offline and synced later shows both ("made 09:02 offline · synced 11:30"): the person did it
 * at the first time, everyone else could see it only from the second.
 *
 * `timeZone` is for tests; the app shows the browser's local time.
 */
import type { ActivityItem } from './history-api.ts';

type Clock = { now: Date; timeZone?: string };

function dayKey(date: Date, timeZone: string | undefined): string {
  return date.toLocaleDateString('en-CA', { timeZone });
}

/** "09:02" on the day of `now`, the date before the time on other days. */
export function shortTime(iso: string, { now, timeZone }: Clock): string {
  const date = new Date(iso);
  const time = date.toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  });
  const [on, today] = [dayKey(date, timeZone), dayKey(now, timeZone)];
  if (on === today) return time;
  const day = date.toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    year: on.slice(0, 4) === today.slice(0, 4) ? undefined : 'numeric',
    timeZone,
  });
  return `${day} ${time}`;
}

export function entryTimeText(
  item: Pick<ActivityItem, 'madeAt' | 'arrivedAt' | 'offline'>,
  clock: Clock,
): string {
  if (!item.offline) return shortTime(item.arrivedAt, clock);
  return `made ${shortTime(item.madeAt, clock)} offline · synced ${shortTime(item.arrivedAt, clock)}`;
}
