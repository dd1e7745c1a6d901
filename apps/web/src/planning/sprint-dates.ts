/** A sprint's dates as people read them: `3 Dec – 17 Dec 2026`, or what is known of them. */
function day(iso: string, withYear: boolean): string {
  // A day is a calendar date, not an instant: format it in UTC so no time zone shifts it.
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  });
}

export function sprintDates(startDate: string | null, endDate: string | null): string {
  if (startDate && endDate) return `${day(startDate, false)} – ${day(endDate, true)}`;
  if (startDate) return `from ${day(startDate, true)}`;
  if (endDate) return `until ${day(endDate, true)}`;
  return 'no dates yet';
}
