/**
 * The due picker's quick choices as days in the person's own calendar (a deadline is a day,
 * `2026-12-04`, as Jira stores due dates): today, tomorrow, and next week's Monday (Todoist's and
 * Linear's "next week").
 */
export type DueChoice = { id: 'today' | 'tomorrow' | 'next-week'; label: string; day: string };

/** A local date as the model's day. */
export function localDay(date: Date): string {
  const y = String(date.getFullYear()).padStart(4, '0');
  const m = String(date.getMonth() + 1).padStart(2, '0');
  const d = String(date.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

function plusDays(date: Date, days: number): Date {
  // By calendar fields, not 24-hour steps: a day across a daylight-saving change is not 24 hours.
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
}

export function dueChoices(now: Date): DueChoice[] {
  // getDay: 0 is Sunday. Next week's Monday is 1 to 7 days ahead (7 on a Monday).
  const toMonday = (8 - now.getDay()) % 7 || 7;
  return [
    { id: 'today', label: 'Today', day: localDay(now) },
    { id: 'tomorrow', label: 'Tomorrow', day: localDay(plusDays(now, 1)) },
    { id: 'next-week', label: 'Next week', day: localDay(plusDays(now, toMonday)) },
  ];
}

/** "Fri 4 Dec": short enough to sit beside a choice. */
export function shortDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Date(y, m - 1, d).toLocaleDateString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
  });
}
