import { describe, expect, it } from 'vitest';
import { optionMatches, pickerEntries, stepActive } from './picker-options.ts';

const people = [
  { id: 'me', label: 'Assign to me', keywords: 'me myself' },
  { id: 'none', label: 'Unassigned', keywords: 'nobody none' },
  { id: 'a', label: 'Ada Lovelace' },
  { id: 'g', label: 'Grace Hopper' },
  { id: 'e', label: 'Émile Zola' },
];

describe('picker type-ahead', () => {
  it('keeps options with every typed word at the start of one of their words', () => {
    expect(pickerEntries(people, 'lo').map((e) => e.kind === 'option' && e.option.id)).toEqual(['a']);
    expect(pickerEntries(people, 'ada love').map((e) => e.kind === 'option' && e.option.id)).toEqual(['a']);
    expect(pickerEntries(people, 'ove')).toEqual([]);
    expect(pickerEntries(people, '').length).toBe(5);
  });

  it('ignores case and accents, and finds by keywords', () => {
    const [me, nobody, , , emile] = people;
    expect(emile && optionMatches(emile, 'emile')).toBe(true);
    expect(me && optionMatches(me, 'ME')).toBe(true);
    expect(nobody && optionMatches(nobody, 'nobody')).toBe(true);
  });

  it('offers to create a text no option has (any case), last, unless the rule refuses it', () => {
    const labels = [
      { id: 'bug', label: 'bug' },
      { id: 'bugfix', label: 'bugfix' },
    ];
    const rule = { refusal: (t: string) => (t.length > 5 ? 'too long' : null) };
    expect(pickerEntries(labels, 'bu', rule)).toEqual([
      { kind: 'option', option: labels[0] },
      { kind: 'option', option: labels[1] },
      { kind: 'create', text: 'bu' },
    ]);
    expect(pickerEntries(labels, ' BUG ', rule).some((e) => e.kind === 'create')).toBe(false);
    expect(pickerEntries(labels, 'ui', rule)).toEqual([{ kind: 'create', text: 'ui' }]);
    expect(pickerEntries(labels, 'frontend', rule)).toEqual([]);
    expect(pickerEntries(labels, 'ui').some((e) => e.kind === 'create')).toBe(false);
  });

  it('moves the active entry with wrap-around, Home and End', () => {
    expect(stepActive(0, 3, 'ArrowDown')).toBe(1);
    expect(stepActive(2, 3, 'ArrowDown')).toBe(0);
    expect(stepActive(0, 3, 'ArrowUp')).toBe(2);
    expect(stepActive(1, 3, 'Home')).toBe(0);
    expect(stepActive(0, 3, 'End')).toBe(2);
    expect(stepActive(5, 3, 'x')).toBe(2);
    expect(stepActive(0, 0, 'ArrowDown')).toBe(-1);
  });
});
