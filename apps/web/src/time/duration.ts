/**
 * Durations as people type and read them, Jira's way but simpler: hours, minutes and seconds only
 * ("1h 30m", "45m", "1.5h", "2h 5m 10s"). No days or weeks: a "day" of work means 8 hours to some
 * teams and 24 to a clock, and the model stores plain seconds, so nothing here has to guess.
 */

const UNIT_SECONDS = { h: 3600, m: 60, s: 1 } as const;
type Unit = keyof typeof UNIT_SECONDS;

const PART = /(\d+(?:[.,]\d+)?)\s*([hms])/gy;

export type ParsedDuration = { seconds: number } | { error: string };

const HINT = 'Write a duration like 1h 30m, 45m or 1.5h.';

/**
 * The seconds a duration text names, rounded to the second. Each unit at most once, largest first,
 * so "30m 1h" or "1h 1h" are refused rather than read one of two ways.
 */
export function parseDuration(text: string): ParsedDuration {
  const source = text.trim().toLowerCase();
  if (source === '') return { error: HINT };
  let seconds = 0;
  let lastUnit = -1;
  let at = 0;
  const units = Object.keys(UNIT_SECONDS) as Unit[];
  while (at < source.length) {
    while (source[at] === ' ') at += 1;
    if (at >= source.length) break;
    PART.lastIndex = at;
    const match = PART.exec(source);
    if (!match?.[1] || !match[2]) return { error: HINT };
    const unit = match[2] as Unit;
    const order = units.indexOf(unit);
    if (order <= lastUnit) return { error: HINT };
    lastUnit = order;
    seconds += Number(match[1].replace(',', '.')) * UNIT_SECONDS[unit];
    at = PART.lastIndex;
  }
  if (!Number.isFinite(seconds)) return { error: HINT };
  return { seconds: Math.round(seconds) };
}

/**
 * A duration for reading: "1h 30m", "12m 5s", "0m". Seconds show only under an hour (a timer's
 * short run is worth seeing to the second; a day's total is not), so the text parses back to the
 * same seconds below an hour and to the minute above.
 */
export function formatDuration(totalSeconds: number): string {
  const total = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const parts: string[] = [];
  if (h > 0) parts.push(`${h}h`);
  if (m > 0) parts.push(`${m}m`);
  if (h === 0 && s > 0) parts.push(`${s}s`);
  return parts.length > 0 ? parts.join(' ') : '0m';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A running timer's elapsed time as a clock, "00:12:34" (hours grow past 99 if they must). */
export function formatClock(elapsedMs: number): string {
  const total = Math.max(0, Math.floor(elapsedMs / 1000));
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** How much of a progress bar's width each part takes: logged against what remains (Jira's bar). */
export function progressShares(
  spentSeconds: number,
  remainingSeconds: number | null,
  originalSeconds: number | null,
): { spent: number; remaining: number; over: boolean } {
  const remaining = remainingSeconds ?? 0;
  const whole = spentSeconds + remaining;
  if (whole === 0) return { spent: 0, remaining: 0, over: false };
  return {
    spent: spentSeconds / whole,
    remaining: remaining / whole,
    // More work logged and still to do than was first estimated: Jira colours this.
    over: originalSeconds !== null && whole > originalSeconds,
  };
}
