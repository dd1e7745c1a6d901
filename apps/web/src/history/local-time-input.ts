/**
 * `<input type="datetime-local">` speaks wall-clock text without a zone ("2026-05-01T09:02:30");
 * the server speaks instants. These convert between the two in the browser's zone, the one the
 * person reads the picker in.
 */

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** The picker's text for an instant, to the second (the picker is given step="1"). */
export function toLocalInput(date: Date): string {
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

const LOCAL_INPUT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/**
 * The instant a picker's text names, or null for empty or malformed text. ECMAScript reads a
 * date-time without an offset as local time, which is what the picker means.
 */
export function fromLocalInput(value: string): Date | null {
  if (!LOCAL_INPUT.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Picker text to an ISO instant for a query, or undefined to leave the filter off. */
export function localInputToIso(value: string): string | undefined {
  return fromLocalInput(value)?.toISOString();
}

/** A chosen moment for a sentence, to the second: moments picked here are often seconds apart. */
export function momentText(at: Date): string {
  return at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

const MINUTE = 60_000;
export const SLIDER_DAYS = 7;

/** The slider scrubs the last week in minutes; its ends are fixed when the view opens. */
export function sliderRange(now: Date): { min: number; max: number } {
  const max = Math.floor(now.getTime() / MINUTE);
  return { min: max - SLIDER_DAYS * 24 * 60, max };
}

/** The slider position of an instant, held inside the range. */
export function sliderValue(at: Date, range: { min: number; max: number }): number {
  return Math.min(range.max, Math.max(range.min, Math.floor(at.getTime() / MINUTE)));
}

export function sliderInstant(value: number, range: { min: number; max: number }, now: Date): Date {
  // The right end means "now" to the millisecond, not the start of the current minute.
  return value >= range.max ? now : new Date(value * MINUTE);
}
