import { describe, expect, it } from 'vitest';
import { entryTimeText, shortTime } from './entry-time.ts';

const now = new Date('2026-03-02T15:00:00Z');
const clock = { now, timeZone: 'UTC' };

describe('entryTimeText', () => {
  it('marks a change made offline with both times', () => {
    const offline = { madeAt: '2026-03-02T09:02:00Z', arrivedAt: '2026-03-02T11:30:40Z', offline: true };
    expect(entryTimeText(offline, clock)).toBe('made 09:02 offline · synced 11:30');
  });

  it('shows one time for a change that arrived as it was made', () => {
    const online = { madeAt: '2026-03-02T09:02:00Z', arrivedAt: '2026-03-02T09:02:01Z', offline: false };
    expect(entryTimeText(online, clock)).toBe('09:02');
  });

  it('puts the day before the time on other days, and the year in other years', () => {
    expect(shortTime('2026-02-27T08:05:00Z', clock)).toMatch(/27.*Feb.*08:05|Feb.*27.*08:05/);
    expect(shortTime('2025-12-31T23:59:00Z', clock)).toContain('2025');
    expect(shortTime('2026-03-02T23:59:00Z', clock)).toBe('23:59');
  });

  it('reads the day in the given zone, not UTC', () => {
    // 23:30 UTC on the 1st is already the 2nd in Berlin, the same day as `now` there.
    expect(shortTime('2026-03-01T23:30:00Z', { now, timeZone: 'Europe/Berlin' })).toBe('00:30');
    expect(shortTime('2026-03-01T23:30:00Z', clock)).not.toBe('23:30');
  });
});
