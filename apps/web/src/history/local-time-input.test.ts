import { describe, expect, it } from 'vitest';
import {
  fromLocalInput,
  localInputToIso,
  sliderInstant,
  sliderRange,
  sliderValue,
  toLocalInput,
} from './local-time-input.ts';

describe('datetime-local text', () => {
  it('round-trips an instant to the second in local time', () => {
    const at = new Date(2026, 2, 2, 9, 2, 30);
    expect(toLocalInput(at)).toBe('2026-03-02T09:02:30');
    expect(fromLocalInput(toLocalInput(at))?.getTime()).toBe(at.getTime());
  });

  it('reads what the picker gives, with or without seconds and milliseconds', () => {
    expect(fromLocalInput('2026-03-02T09:02')?.getTime()).toBe(new Date(2026, 2, 2, 9, 2).getTime());
    expect(fromLocalInput('2026-03-02T09:02:03.250')?.getTime()).toBe(
      new Date(2026, 2, 2, 9, 2, 3, 250).getTime(),
    );
  });

  it('leaves empty and malformed text out of a query', () => {
    for (const bad of ['', '2026-03-02', '2026-13-45T99:99', 'yesterday', '2026-03-02T09:02Z']) {
      expect(fromLocalInput(bad)).toBeNull();
      expect(localInputToIso(bad)).toBeUndefined();
    }
    expect(localInputToIso('2026-03-02T09:02')).toBe(new Date(2026, 2, 2, 9, 2).toISOString());
  });
});

describe('the 7-day slider', () => {
  const now = new Date('2026-03-02T15:00:30.500Z');
  const range = sliderRange(now);

  it('spans the week before now in minutes', () => {
    expect(range.max - range.min).toBe(7 * 24 * 60);
  });

  it('holds instants outside the week at its ends', () => {
    expect(sliderValue(new Date('2020-01-01T00:00:00Z'), range)).toBe(range.min);
    expect(sliderValue(new Date('2030-01-01T00:00:00Z'), range)).toBe(range.max);
  });

  it('reads its right end as now exactly, and other positions as their minute', () => {
    expect(sliderInstant(range.max, range, now)).toBe(now);
    const hourAgo = sliderValue(new Date(now.getTime() - 3_600_000), range);
    expect(sliderInstant(hourAgo, range, now).toISOString()).toBe('2026-03-02T14:00:00.000Z');
  });
});
