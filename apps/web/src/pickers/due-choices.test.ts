import { describe, expect, it } from 'vitest';
import { dueChoices, localDay } from './due-choices.ts';

const days = (now: Date) => Object.fromEntries(dueChoices(now).map((c) => [c.id, c.day]));

describe('due date quick choices', () => {
  it('gives today, tomorrow and next week’s Monday in the local calendar', () => {
    // Thursday 3 December 2026, late in the evening: still the 3rd locally.
    expect(days(new Date(2026, 11, 3, 23, 30))).toEqual({
      today: '2026-12-03',
      tomorrow: '2026-12-04',
      'next-week': '2026-12-07',
    });
  });

  it('goes a whole week ahead on a Monday, and to the next day on a Sunday', () => {
    expect(days(new Date(2026, 11, 7, 9))['next-week']).toBe('2026-12-14');
    expect(days(new Date(2026, 11, 6, 9))['next-week']).toBe('2026-12-07');
  });

  it('crosses months and years', () => {
    expect(days(new Date(2026, 11, 31, 12))).toEqual({
      today: '2026-12-31',
      tomorrow: '2027-01-01',
      'next-week': '2027-01-04',
    });
    expect(localDay(new Date(2026, 1, 28))).toBe('2026-02-28');
  });
});
