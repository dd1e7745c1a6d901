import { Cron } from 'croner';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronToPreset, presetText, presetToCron, type RepeatPreset, switchPreset } from './repeat-presets.ts';

const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const preset: fc.Arbitrary<RepeatPreset> = fc.oneof(
  time.map((t) => ({ kind: 'daily' as const, time: t })),
  time.map((t) => ({ kind: 'weekdays' as const, time: t })),
  fc
    .tuple(fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }), time)
    .map(([days, t]) => ({ kind: 'weekly' as const, days: [...days].sort((a, b) => a - b), time: t })),
  fc
    .tuple(fc.oneof(fc.integer({ min: 1, max: 31 }), fc.constant('last' as const)), time)
    .map(([day, t]) => ({ kind: 'monthly' as const, day, time: t })),
);

/** Five-field rules near the presets' shapes, and other spellings of them. */
const cronish = fc
  .tuple(
    fc.constantFrom('0', '00', '5', '30', '59', '60', '*', '*/5', '1,2'),
    fc.constantFrom('0', '9', '09', '23', '24', '*', '1-5'),
    fc.constantFrom('*', '1', '15', '31', '32', '0', 'L', 'LW', '1,15', '?'),
    fc.constantFrom('*', '1', '*/2'),
    fc.constantFrom('*', '1-5', '1', '0', '6', '7', '1,3', '3,1', '1,1', 'MON', '1-5/2', '5L'),
  )
  .map((f) => f.join(' '));

describe('repeat presets', () => {
  it('write the cron rule, and read it back as the same preset (round trip)', () => {
    fc.assert(
      fc.property(preset, (p) => {
        expect(cronToPreset(presetToCron(p))).toEqual(p);
      }),
      { numRuns: 2_000 },
    );
  });

  it('a rule read as a preset is exactly the rule that preset writes; other rules are custom', () => {
    fc.assert(
      fc.property(cronish, (cron) => {
        const p = cronToPreset(cron);
        if (p) expect(presetToCron(p)).toBe(cron);
      }),
      { numRuns: 2_000 },
    );
    for (const custom of [
      '0 9 * * MON',
      '0 9 1 * 1',
      '*/15 * * * *',
      '0 9 * * 3,1',
      '0 09 * * *',
      '0 9 * 1 *',
    ])
      expect(cronToPreset(custom)).toBeNull();
  });

  it('say what they do in words', () => {
    expect(presetText({ kind: 'weekdays', time: '09:00' })).toBe('every weekday at 09:00');
    expect(presetText({ kind: 'daily', time: '07:15' })).toBe('every day at 07:15');
    expect(presetText({ kind: 'weekly', days: [1, 3, 5], time: '18:00' })).toBe(
      'every Monday, Wednesday and Friday at 18:00',
    );
    expect(presetText({ kind: 'monthly', day: 1, time: '09:00' })).toBe('monthly on the 1st at 09:00');
    expect(presetText({ kind: 'monthly', day: 22, time: '09:00' })).toBe('monthly on the 22nd at 09:00');
    expect(presetText({ kind: 'monthly', day: 11, time: '09:00' })).toBe('monthly on the 11th at 09:00');
    expect(presetText({ kind: 'monthly', day: 'last', time: '09:00' })).toBe(
      'monthly on the last day at 09:00',
    );
  });

  it('switching kind keeps the time', () => {
    expect(switchPreset('monthly', { kind: 'weekdays', time: '08:30' })).toEqual({
      kind: 'monthly',
      day: 1,
      time: '08:30',
    });
    expect(switchPreset('weekly', null)).toEqual({ kind: 'weekly', days: [1], time: '09:00' });
  });

  it('run when they say in the rule’s zone, by croner as the server runs them (last day included)', () => {
    const runs = (p: RepeatPreset, n: number) =>
      new Cron(presetToCron(p), { timezone: 'Europe/Berlin', mode: '5-part', paused: true })
        .nextRuns(n, new Date(Date.UTC(2026, 0, 1)))
        .map((d) =>
          d.toLocaleString('en-GB', {
            timeZone: 'Europe/Berlin',
            weekday: 'short',
            day: 'numeric',
            month: 'short',
            hour: '2-digit',
            minute: '2-digit',
          }),
        );
    expect(runs({ kind: 'weekdays', time: '09:00' }, 6)).toEqual([
      'Thu 1 Jan, 09:00',
      'Fri 2 Jan, 09:00',
      'Mon 5 Jan, 09:00',
      'Tue 6 Jan, 09:00',
      'Wed 7 Jan, 09:00',
      'Thu 8 Jan, 09:00',
    ]);
    expect(runs({ kind: 'monthly', day: 'last', time: '17:30' }, 3)).toEqual([
      'Sat 31 Jan, 17:30',
      'Sat 28 Feb, 17:30',
      'Tue 31 Mar, 17:30',
    ]);
    expect(runs({ kind: 'weekly', days: [0, 3], time: '06:05' }, 3)).toEqual([
      'Sun 4 Jan, 06:05',
      'Wed 7 Jan, 06:05',
      'Sun 11 Jan, 06:05',
    ]);
  });
});
