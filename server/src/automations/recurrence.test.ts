import { describe, expect, it } from 'vitest';
import { endOfDayInstant, wallTimeAt, wallTimeToInstant, zoneOffsetAt } from '../zoned-time.ts';
import {
  missedOccurrences,
  nextOccurrences,
  occurrenceDay,
  occurrenceTaskId,
  parseRecurrenceRule,
  previewOccurrences,
  type RecurrenceRule,
  recurrenceRuleSchema,
} from './recurrence.ts';

const rule = (cron: string, timeZone: string, over: Partial<RecurrenceRule> = {}): RecurrenceRule =>
  recurrenceRuleSchema.parse({ cron, timeZone, ...over });
const local = (iso: string, tz: string) => {
  const w = wallTimeAt(Date.parse(iso), tz);
  return `${w.month}-${w.day} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};
const H = 3_600_000;

// 2026 transitions: New York 8 Mar (spring) / 1 Nov (fall); Berlin 29 Mar / 25 Oct;
// Sydney 4 Oct (spring) / 5 Apr (fall).
const ZONES = [
  { tz: 'America/New_York', spring: '2026-03-08', fall: '2026-11-01' },
  { tz: 'Europe/Berlin', spring: '2026-03-29', fall: '2026-10-25' },
  { tz: 'Australia/Sydney', spring: '2026-10-04', fall: '2026-04-05' },
] as const;

describe('recurrence rules', () => {
  it('C1: validates cron (five fields, parseable, at most hourly) and the IANA zone', () => {
    expect(parseRecurrenceRule({ cron: '0 9 * * 1-5', timeZone: 'Europe/Berlin' })).toMatchObject({
      paused: false,
      skip: [],
    });
    expect(parseRecurrenceRule({ cron: '61 9 * * *', timeZone: 'UTC' })).toBeNull();
    expect(parseRecurrenceRule({ cron: '0 0 9 * * *', timeZone: 'UTC' })).toBeNull(); // seconds field
    expect(parseRecurrenceRule({ cron: '*/5 * * * *', timeZone: 'UTC' })).toBeNull(); // too often
    expect(parseRecurrenceRule({ cron: '0 9 * * *', timeZone: 'Mars/Olympus' })).toBeNull();
    expect(parseRecurrenceRule({ cron: '0 9 * * *', timeZone: 'UTC', skip: ['yesterday'] })).toBeNull();
  });

  it('C2: preview of the next 5, with a skipped one marked and left out of the real list', () => {
    const after = Date.UTC(2026, 10, 22, 12);
    const r = rule('0 9 * * 1-5', 'Europe/Berlin', { skip: ['2026-11-24T08:00:00Z'] });
    expect(previewOccurrences(r, after, 5)).toEqual([
      { at: '2026-11-23T08:00:00.000Z', skipped: false },
      { at: '2026-11-24T08:00:00.000Z', skipped: true },
      { at: '2026-11-25T08:00:00.000Z', skipped: false },
      { at: '2026-11-26T08:00:00.000Z', skipped: false },
      { at: '2026-11-27T08:00:00.000Z', skipped: false },
    ]);
    expect(nextOccurrences(r, after, 5)).toEqual([
      '2026-11-23T08:00:00.000Z',
      '2026-11-25T08:00:00.000Z',
      '2026-11-26T08:00:00.000Z',
      '2026-11-27T08:00:00.000Z',
      '2026-11-30T08:00:00.000Z',
    ]);
    expect(nextOccurrences({ ...r, paused: true }, after, 5)).toEqual([]);
  });

  it('C3: two hours of downtime yield each missed period once, skips and pauses respected', () => {
    const hourly = rule('0 * * * *', 'UTC');
    const lastRun = Date.UTC(2026, 10, 22, 10); // the 10:00 occurrence was created
    const now = lastRun + 2 * H + 5 * 60_000; // back at 12:05
    expect(missedOccurrences(hourly, lastRun, now).occurrences).toEqual([
      '2026-11-22T11:00:00.000Z',
      '2026-11-22T12:00:00.000Z',
    ]);
    // Exactly at an occurrence counts it as due; the cursor itself is never repeated.
    expect(missedOccurrences(hourly, lastRun, lastRun + H).occurrences).toEqual(['2026-11-22T11:00:00.000Z']);
    const skipping = { ...hourly, skip: ['2026-11-22T11:00:00.000Z'] };
    expect(missedOccurrences(skipping, lastRun, now).occurrences).toEqual(['2026-11-22T12:00:00.000Z']);
    expect(missedOccurrences({ ...hourly, paused: true }, lastRun, now).occurrences).toEqual([]);
  });

  it('C4: long downtime keeps only the most recent periods and says how many it dropped', () => {
    const daily = rule('0 9 * * *', 'UTC');
    const missed = missedOccurrences(daily, Date.UTC(2026, 0, 1, 12), Date.UTC(2026, 11, 31, 12), 10);
    expect(missed.occurrences).toHaveLength(10);
    expect(missed.occurrences.at(-1)).toBe('2026-12-31T09:00:00.000Z');
    expect(missed.dropped).toBe(364 - 10);
  });

  it('C5: occurrence ids derive from rule and instant, whatever the ISO spelling', () => {
    expect(occurrenceTaskId('t1', '2026-11-23T09:00:00+01:00')).toBe('rec:t1:2026-11-23T08:00:00.000Z');
    expect(occurrenceTaskId('t1', '2026-11-23T08:00:00Z')).toBe(
      occurrenceTaskId('t1', '2026-11-23T08:00:00.000Z'),
    );
    expect(occurrenceDay(rule('30 23 * * *', 'America/New_York'), '2026-11-24T04:30:00.000Z')).toBe(
      '2026-11-23',
    );
  });
});

describe.each(ZONES)('C6: daylight saving in $tz', ({ tz, spring, fall }) => {
  for (const [label, day] of [
    ['spring forward', spring],
    ['fall back', fall],
  ] as const) {
    it(`"0 9 * * *" stays 09:00 local across ${label}, and the UTC instant shifts by an hour`, () => {
      const start = Date.parse(`${day}T00:00:00Z`) - 3 * 24 * H;
      const runs = nextOccurrences(rule('0 9 * * *', tz), start, 7);
      for (const r of runs) expect(local(r, tz).endsWith(' 09:00')).toBe(true);
      const offsets = new Set(runs.map((r) => zoneOffsetAt(Date.parse(r), tz)));
      expect(offsets.size).toBe(2);
    });
  }

  it('a 02:30 rule on the spring-forward day runs at 03:00 local (croner: end of the gap), once', () => {
    const start = Date.parse(`${spring}T00:00:00Z`) - 2 * 24 * H;
    const runs = nextOccurrences(rule('30 2 * * *', tz), start, 5).map((r) => local(r, tz));
    const [, m, d] = spring.split('-').map(Number);
    const onDay = runs.filter((r) => r.startsWith(`${m}-${d} `));
    expect(onDay).toEqual([`${m}-${d} 03:00`]);
    expect(runs.filter((r) => r.endsWith('02:30'))).toHaveLength(4);
  });

  it('a rule in the repeated hour of the fall-back day runs once, on the first pass', () => {
    // New York and Sydney repeat 01:00–02:00 / 02:00–03:00 local; Berlin repeats 02:00–03:00.
    const hour = tz === 'America/New_York' ? 1 : 2;
    const start = Date.parse(`${fall}T00:00:00Z`) - 2 * 24 * H;
    const runs = nextOccurrences(rule(`30 ${hour} * * *`, tz), start, 5);
    const [y, m, d] = fall.split('-').map(Number) as [number, number, number];
    const onDay = runs.filter((r) => local(r, tz).startsWith(`${m}-${d} `));
    expect(onDay).toHaveLength(1);
    const first = wallTimeToInstant({ year: y, month: m, day: d, hour, minute: 30, second: 0 }, tz);
    expect(Date.parse(onDay[0] ?? '')).toBe(first);
    // ...and the first pass is the one with the summer (larger) offset.
    expect(zoneOffsetAt(first, tz)).toBeGreaterThan(zoneOffsetAt(first + 2 * H, tz));
  });

  it('a day deadline ends at 23:59:59.999 local, on 23- and 25-hour days too', () => {
    for (const day of [spring, fall]) {
      const end = endOfDayInstant(day, tz);
      const [, m, d] = day.split('-').map(Number);
      expect(local(new Date(end).toISOString(), tz)).toBe(`${m}-${d} 23:59`);
      expect(local(new Date(end + 1).toISOString(), tz).endsWith(' 00:00')).toBe(true);
    }
    const springLength =
      endOfDayInstant(spring, tz) -
      endOfDayInstant(new Date(Date.parse(spring) - 24 * H).toISOString().slice(0, 10), tz);
    expect(springLength).toBe(23 * H);
  });
});
