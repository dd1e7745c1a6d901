import { describe, expect, it } from 'vitest';
import { estimateValue, remainingValue, worklogValues } from './time-fields.ts';

describe('worklogValues', () => {
  it('turns the form text into seconds, an instant and a trimmed note', () => {
    expect(worklogValues({ duration: '1h 30m', startedAt: '2026-03-02T09:00', note: ' wrote it ' })).toEqual({
      seconds: 5400,
      startedAt: new Date(2026, 2, 2, 9, 0).toISOString(),
      note: 'wrote it',
    });
  });

  it('leaves the start out when blank, so the model takes “ending now”', () => {
    expect(worklogValues({ duration: '20m', startedAt: '', note: '' })).toEqual({ seconds: 1200, note: '' });
  });

  it('names the field that will not do', () => {
    expect(worklogValues({ duration: 'soon', startedAt: '', note: '' })).toEqual({
      error: expect.stringMatching(/^Time spent: /),
    });
    expect(worklogValues({ duration: '0m', startedAt: '', note: '' })).toEqual({
      error: 'Time spent: must be more than 0m.',
    });
    expect(worklogValues({ duration: '169h', startedAt: '', note: '' })).toEqual({
      error: expect.stringMatching(/at most 7 days/),
    });
    expect(worklogValues({ duration: '168h', startedAt: '', note: '' })).toHaveProperty(
      'seconds',
      168 * 3600,
    );
    expect(worklogValues({ duration: '1h', startedAt: 'yesterday', note: '' })).toEqual({
      error: 'Started: pick a date and time.',
    });
  });
});

describe('remainingValue', () => {
  it('is nothing when blank, seconds when given, an error when unreadable', () => {
    expect(remainingValue(' ')).toEqual({ seconds: undefined });
    expect(remainingValue('2h')).toEqual({ seconds: 7200 });
    expect(remainingValue('0m')).toEqual({ seconds: 0 });
    expect(remainingValue('two')).toHaveProperty('error');
  });
});

describe('estimateValue', () => {
  it('clears when blank, reads a duration, names the field when it will not do', () => {
    expect(estimateValue('', 'Original estimate')).toEqual({ seconds: null });
    expect(estimateValue('3h 30m', 'Original estimate')).toEqual({ seconds: 12_600 });
    expect(estimateValue('3 days', 'Original estimate')).toEqual({
      error: expect.stringMatching(/^Original estimate: Write a duration/),
    });
    expect(estimateValue('10000h', 'Remaining estimate')).toEqual({ seconds: 36_000_000 });
    expect(estimateValue('10001h', 'Remaining estimate')).toEqual({
      error: 'Remaining estimate: at most 10000h.',
    });
  });
});
