/**
 * Wall-clock arithmetic in IANA time zones with nothing but Intl: a deadline day means a local
 * instant, and that instant moves with daylight-saving time. No library: croner only answers
 * "next run", not "what instant is 23:59:59.999 on this day in this zone".
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for a zone this runtime knows (`Europe/Berlin`, `UTC`); false for typos and offsets. */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 64) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export type WallTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
};

/** The local wall time of an instant in a zone (month 1–12). */
export function wallTimeAt(instant: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** How far the zone's clock is ahead of UTC at an instant, in ms (whole seconds). */
export function zoneOffsetAt(instant: number, timeZone: string): number {
  const w = wallTimeAt(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (instant - (((instant % 1000) + 1000) % 1000));
}

/**
 * The instant a local wall time names. A time that occurs twice (fall back) resolves to its first
 * occurrence; one that does not exist (spring forward) moves forward by the gap's length, as
 * `Temporal`'s default disambiguation does. (croner instead runs a fixed-time job at the end of
 * the gap; recurrence.ts relies on croner for cron rules, this is only for deadlines.)
 */
export function wallTimeToInstant(wall: WallTime & { ms?: number }, timeZone: string): number {
  const naive = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
    wall.ms ?? 0,
  );
  // Offsets on both sides of any transition near the wall time; trying the larger one first
  // picks the earlier instant when both fit (the first pass through a repeated hour).
  const before = zoneOffsetAt(naive - 36 * 3_600_000, timeZone);
  const after = zoneOffsetAt(naive + 36 * 3_600_000, timeZone);
  for (const offset of [Math.max(before, after), Math.min(before, after)]) {
    const candidate = naive - offset;
    if (zoneOffsetAt(candidate, timeZone) === offset) return candidate;
  }
  // In a gap: neither offset maps back. Use the offset in force before the gap, which lands the
  // instant after the jump by the gap's length (02:30 → 03:30 on a one-hour spring forward).
  return naive - Math.min(before, after);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The last millisecond of a calendar day in a zone: Jira's reading of a due date without a time.
 * Computed as the start of the next local day minus 1 ms, so a day that is 23 or 25 hours long
 * still ends at 23:59:59.999 local time.
 */
export function endOfDayInstant(isoDay: string, timeZone: string): number {
  const m = DAY.exec(isoDay);
  if (!m) throw new RangeError(`not an ISO day: ${isoDay}`);
  const next = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + 1));
  const startOfNext = wallTimeToInstant(
    {
      year: next.getUTCFullYear(),
      month: next.getUTCMonth() + 1,
      day: next.getUTCDate(),
      hour: 0,
      minute: 0,
      second: 0,
    },
    timeZone,
  );
  return startOfNext - 1;
}
