import { LIMITS } from '@taskflow/model';
import { describe, expect, it } from 'vitest';
import {
  assigneeOf,
  assigneeOptions,
  labelAction,
  labelRefusal,
  labelsIn,
  ME,
  NOBODY,
  priorityOptions,
} from './picker-choices.ts';

describe('picker choices', () => {
  it('lists "Assign to me" and "Unassigned" first, then people by name, without the server', () => {
    const options = assigneeOptions({ system: 'Taskflow', u2: 'Grace', u1: 'Ada', me: 'Zoe' }, 'me');
    expect(options.map((o) => o.label)).toEqual(['Assign to me', 'Unassigned', 'Ada', 'Grace', 'Zoe (you)']);
    expect(assigneeOf(ME, 'me')).toBe('me');
    expect(assigneeOf(NOBODY, 'me')).toBeNull();
    expect(assigneeOf('u1', 'me')).toBe('u1');
  });

  it('collects each label of the workspace once, sorted', () => {
    expect(labelsIn([{ labels: ['ui', 'bug'] }, { labels: ['bug'] }, { labels: [] }])).toEqual(['bug', 'ui']);
  });

  it('adds a label to the tasks lacking it, or takes it off when all have it', () => {
    expect(labelAction([{ labels: ['bug'] }, { labels: [] }], 'bug')).toEqual({
      kind: 'add-label',
      label: 'bug',
    });
    expect(labelAction([{ labels: ['bug', 'ui'] }, { labels: ['bug'] }], 'bug')).toEqual({
      kind: 'remove-label',
      label: 'bug',
    });
  });

  it(`refuses a label longer than ${LIMITS.label} characters or on a task with ${LIMITS.labels}`, () => {
    expect(labelRefusal('x'.repeat(LIMITS.label), [{ labels: [] }])).toBeNull();
    expect(labelRefusal('x'.repeat(LIMITS.label + 1), [{ labels: [] }])).toMatch(/at most/);
    const full = { labels: Array.from({ length: LIMITS.labels }, (_, i) => `l${i}`) };
    expect(labelRefusal('new', [{ labels: [] }, full])).toMatch(/labels/);
  });

  it('lists priorities from the highest', () => {
    expect(priorityOptions().map((o) => o.id)).toEqual(['highest', 'high', 'medium', 'low', 'lowest']);
  });
});
