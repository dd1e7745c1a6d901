/**
 * The repeat editor's friendly schedules and the cron rules they stand for. Each preset writes one
 * canonical 5-field rule, and reading that rule gives the same preset back (the round trip is a
 * property test), so a rule set here opens in the same form; any other rule is "custom" and stays
 * in the cron field as typed. Days of the week count from Sunday = 0, as cron does.
 */

export type RepeatPreset =
  | { kind: 'daily'; time: string }
  | { kind: 'weekdays'; time: string }
  /** `days`: sorted, distinct, 0–6, at least one. */
  | { kind: 'weekly'; days: number[]; time: string }
  /** `day`: 1–31 (months without it are skipped, as cron does), or the last day of each month. */
  | { kind: 'monthly'; day: number | 'last'; time: string };

export type PresetKind = RepeatPreset['kind'];

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE = /^(0|[1-5]?\d)$/;
const HOUR = /^(0|1?\d|2[0-3])$/;
const DAY_OF_MONTH = /^([1-9]|[12]\d|3[01])$/;

/** The cron rule a preset stands for: `30 9 * * 1-5` for every weekday at 09:30. */
export function presetToCron(preset: RepeatPreset): string {
  const m = TIME.exec(preset.time);
  const at = m ? `${Number(m[2])} ${Number(m[1])}` : '0 9';
  switch (preset.kind) {
    case 'daily':
      return `${at} * * *`;
    case 'weekdays':
      return `${at} * * 1-5`;
    case 'weekly':
      return `${at} * * ${preset.days.join(',')}`;
    case 'monthly':
      return `${at} ${preset.day === 'last' ? 'L' : preset.day} * *`;
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

function weekdays(field: string): number[] | null {
  if (!/^[0-6](,[0-6])*$/.test(field)) return null;
  const days = field.split(',').map(Number);
  // Only the form presetToCron writes (ascending, no repeats): any other spelling is custom.
  return days.every((d, i) => i === 0 || d > (days[i - 1] ?? 7)) ? days : null;
}

/** The preset a cron rule is, or null for anything else (shown as a custom rule). */
export function cronToPreset(cron: string): RepeatPreset | null {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return null;
  const [minute = '', hour = '', dom = '', month = '', dow = ''] = fields;
  if (!MINUTE.test(minute) || !HOUR.test(hour) || month !== '*') return null;
  const time = `${pad(Number(hour))}:${pad(Number(minute))}`;
  if (dom === '*') {
    if (dow === '*') return { kind: 'daily', time };
    if (dow === '1-5') return { kind: 'weekdays', time };
    const days = weekdays(dow);
    return days ? { kind: 'weekly', days, time } : null;
  }
  if (dow !== '*') return null;
  if (dom === 'L') return { kind: 'monthly', day: 'last', time };
  return DAY_OF_MONTH.test(dom) ? { kind: 'monthly', day: Number(dom), time } : null;
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function list(words: string[]): string {
  return words.length <= 1 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

/** The preset in words: `every weekday at 09:00`, `monthly on the 1st at 09:00`. */
export function presetText(preset: RepeatPreset): string {
  switch (preset.kind) {
    case 'daily':
      return `every day at ${preset.time}`;
    case 'weekdays':
      return `every weekday at ${preset.time}`;
    case 'weekly':
      return `every ${list(preset.days.map((d) => WEEKDAY_NAMES[d] ?? '?'))} at ${preset.time}`;
    case 'monthly':
      return `monthly on the ${preset.day === 'last' ? 'last day' : ordinal(preset.day)} at ${preset.time}`;
  }
}

/** A new preset of `kind`, keeping the time (and days) of the one before where they fit. */
export function switchPreset(kind: PresetKind, from: RepeatPreset | null): RepeatPreset {
  const time = from?.time ?? '09:00';
  switch (kind) {
    case 'daily':
    case 'weekdays':
      return { kind, time };
    case 'weekly':
      return { kind, days: from?.kind === 'weekly' ? from.days : [1], time };
    case 'monthly':
      return { kind, day: from?.kind === 'monthly' ? from.day : 1, time };
  }
}
