/**
 * The time forms' text fields (worklogs, estimates) to what the model takes, with a message for
 * the person when a field will not do. The model checks the limits again (SPEC M23); this is only
 * so the message names the field.
 */
import { LIMITS } from '@taskflow/model';
import { fromLocalInput } from '../history/local-time-input.ts';
import { parseDuration } from './duration.ts';

export type WorklogText = { duration: string; startedAt: string; note: string };

export type WorklogValues = { seconds: number; startedAt?: string; note: string };

export function worklogValues(text: WorklogText): WorklogValues | { error: string } {
  const parsed = parseDuration(text.duration);
  if ('error' in parsed) return { error: `Time spent: ${parsed.error}` };
  if (parsed.seconds < 1) return { error: 'Time spent: must be more than 0m.' };
  if (parsed.seconds > LIMITS.worklogSeconds) {
    return { error: 'Time spent: at most 7 days in one worklog; log longer work as several.' };
  }
  const values: WorklogValues = { seconds: parsed.seconds, note: text.note.trim() };
  if (text.startedAt.trim() !== '') {
    const at = fromLocalInput(text.startedAt);
    if (!at) return { error: 'Started: pick a date and time.' };
    values.startedAt = at.toISOString();
  }
  return values;
}

/** "Set remaining to": blank means count it down by what I log. */
export function remainingValue(text: string): { seconds: number | undefined } | { error: string } {
  if (text.trim() === '') return { seconds: undefined };
  const parsed = parseDuration(text);
  if ('error' in parsed) return { error: `Set remaining to: ${parsed.error}` };
  return { seconds: parsed.seconds };
}

/** An estimate field: blank clears it (null), else seconds up to the model's limit (10,000 hours). */
export function estimateValue(text: string, name: string): { seconds: number | null } | { error: string } {
  if (text.trim() === '') return { seconds: null };
  const parsed = parseDuration(text);
  if ('error' in parsed) return { error: `${name}: ${parsed.error}` };
  if (parsed.seconds > LIMITS.estimateSeconds) return { error: `${name}: at most 10000h.` };
  return { seconds: parsed.seconds };
}
