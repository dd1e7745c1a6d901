/** Days and weeks of reports (docs/REPORTS.md): calendar days in the person's zone, DST included. */
import { describe, expect, it } from 'vitest';
import { DayRange, dayOf, weekOf } from './report-days.ts';

describe('report days', () => {
  it('a moment near midnight UTC falls on the day of the person’s zone', () => {
    const t = Date.parse('2026-03-10T02:30:00Z');
    expect(dayOf(t, 'UTC')).toBe('2026-03-10');
    expect(dayOf(t, 'America/New_York')).toBe('2026-03-09');
    expect(dayOf(t, 'Asia/Tokyo')).toBe('2026-03-10');
  });

  it('days end at local midnight, a 23-hour day across the spring change included', () => {
    const r = new DayRange('2026-03-28', '2026-03-30', 'Europe/Berlin');
    expect(r.days).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
    expect(r.start).toBe(Date.parse('2026-03-27T23:00:00Z'));
    expect(r.ends).toEqual([
      Date.parse('2026-03-28T23:00:00Z'),
      Date.parse('2026-03-29T22:00:00Z'),
      Date.parse('2026-03-30T22:00:00Z'),
    ]);
    expect(r.indexOf(Date.parse('2026-03-29T21:59:59Z'))).toBe(1);
    expect(r.indexOf(Date.parse('2026-03-29T22:00:00Z'))).toBe(2);
    expect(r.indexOf(Date.parse('2026-03-27T22:59:59Z'))).toBe(-1);
    expect(r.indexOf(Date.parse('2026-03-30T22:00:00Z'))).toBe(-1);
  });

  it('weeks start on Monday', () => {
    expect(weekOf('2026-03-09')).toBe('2026-03-09'); // a Monday
    expect(weekOf('2026-03-15')).toBe('2026-03-09'); // the Sunday after
    expect(weekOf('2026-03-16')).toBe('2026-03-16');
  });
});
