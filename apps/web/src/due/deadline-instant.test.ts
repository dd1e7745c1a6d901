import { describe, expect, it } from 'vitest';
import { DUE_SOON_MS, deadlineInstant, dueState, dueText, wallTimeInstant } from './deadline-instant.ts';

const H = 3_600_000;

describe('when a task is due', () => {
  it('a time of day is that instant in the zone it was set in', () => {
    expect(deadlineInstant('2026-11-25', '09:30 America/New_York')).toBe(Date.UTC(2026, 10, 25, 14, 30));
    expect(deadlineInstant('2026-07-01', '09:30 Europe/Paris')).toBe(Date.UTC(2026, 6, 1, 7, 30));
    expect(deadlineInstant('2026-11-25', '00:00 Asia/Tokyo')).toBe(Date.UTC(2026, 10, 24, 15));
  });

  it('across daylight-saving changes: the first of a repeated hour, past a skipped one (as the server)', () => {
    // New York falls back on 2026-11-01 (01:30 happens twice) and springs forward on 2026-03-08.
    expect(wallTimeInstant('2026-11-01', '01:30', 'America/New_York')).toBe(Date.UTC(2026, 10, 1, 5, 30));
    expect(wallTimeInstant('2026-03-08', '02:30', 'America/New_York')).toBe(Date.UTC(2026, 2, 8, 7, 30));
  });

  it("a day-only deadline ends the viewer's day; no deadline is never due", () => {
    const end = deadlineInstant('2026-11-25', null) ?? 0;
    const local = new Date(end);
    expect([local.getDate(), local.getHours(), local.getMinutes(), local.getMilliseconds()]).toEqual([
      25, 23, 59, 999,
    ]);
    expect(deadlineInstant(null, '09:30 UTC')).toBeNull();
  });

  it('overdue once past, due soon within 24 hours, later otherwise', () => {
    const due = Date.UTC(2026, 10, 25, 12);
    expect(dueState(due, due + 1)).toBe('overdue');
    expect(dueState(due, due)).toBe('soon');
    expect(dueState(due, due - H)).toBe('soon');
    expect(dueState(due, due - DUE_SOON_MS)).toBe('soon');
    expect(dueState(due, due - DUE_SOON_MS - 1)).toBe('later');
  });

  it('says the day, the time as it was set, and its zone when it is not the viewer’s', () => {
    expect(dueText('2026-11-25', null, 'Europe/Paris')).toBe('due 2026-11-25');
    expect(dueText('2026-11-25', '09:30 Europe/Paris', 'Europe/Paris')).toBe('due 2026-11-25 09:30');
    expect(dueText('2026-11-25', '09:30 Asia/Tokyo', 'Europe/Paris')).toBe('due 2026-11-25 09:30 Asia/Tokyo');
  });
});
