import { describe, expect, it } from 'vitest';
import {
  changedFields,
  conflicts,
  type FieldEdits,
  follow,
  keepMine,
  type SameValue,
  shown,
  takeTheirs,
  typeInto,
} from './field-edits.ts';
import { sameField, type TaskDraft } from './task-form.ts';

const people = { alice: 'Alice', bob: 'Bob' };
const same: SameValue = (field, a, b) => sameField(field, a, b, people);

const task: TaskDraft = {
  title: 'Write the spec',
  description: '',
  priority: 'medium',
  assignee: '',
  deadline: '',
  estimate: '',
  labels: 'docs',
};

describe('field-by-field task editing (issue 8, item 7)', () => {
  it('a save writes only the fields I changed, not what others changed since I opened the task', () => {
    // Bob opens the task and edits the labels; Alice then sets the description.
    let bob: FieldEdits = typeInto({}, 'labels', 'docs, model', task);
    const afterAlice = { ...task, description: 'Number every rule.' };
    bob = follow(bob, afterAlice, 'alice', same);
    expect(changedFields(bob, same)).toEqual(['labels']);
    expect(shown(bob, afterAlice)).toMatchObject({
      description: 'Number every rule.',
      labels: 'docs, model',
    });
    expect(conflicts(bob)).toEqual([]);
  });

  it('a field I typed into but did not change is not written', () => {
    let edits = typeInto({}, 'labels', 'docs,', task);
    edits = typeInto(edits, 'title', ' Write the spec ', task);
    expect(changedFields(edits, same)).toEqual([]);
  });

  it('the base is the value when I began that field, not when I opened the panel', () => {
    const later = { ...task, title: 'Write the SPEC' };
    const edits = typeInto({}, 'title', 'Write the SPEC now', later);
    expect(edits.title?.base).toBe('Write the SPEC');
    expect(typeInto(edits, 'title', 'Write it', task).title?.base).toBe('Write the SPEC');
  });

  it('someone else changes a field I changed: a conflict naming them; saving keeps mine', () => {
    let edits = typeInto({}, 'description', 'Mine', task);
    const theirs = { ...task, description: 'Theirs' };
    edits = follow(edits, theirs, 'alice', same);
    expect(conflicts(edits)).toEqual([{ field: 'description', changedBy: 'alice', theirs: 'Theirs' }]);
    expect(shown(edits, theirs).description).toBe('Mine');
    expect(changedFields(edits, same)).toEqual(['description']);
    // Nothing new: the same object back, so a render loop stops.
    expect(follow(edits, theirs, 'alice', same)).toBe(edits);
  });

  it('keep mine: the notice goes, and mine is still written', () => {
    let edits = follow(
      typeInto({}, 'description', 'Mine', task),
      { ...task, description: 'Theirs' },
      'alice',
      same,
    );
    edits = keepMine(edits, 'description');
    expect(conflicts(edits)).toEqual([]);
    expect(changedFields(edits, same)).toEqual(['description']);
    // A further change of theirs is a new conflict.
    edits = follow(edits, { ...task, description: 'Theirs again' }, 'bob', same);
    expect(conflicts(edits)).toEqual([{ field: 'description', changedBy: 'bob', theirs: 'Theirs again' }]);
  });

  it('take theirs: my edit of that field goes and it follows the live task; my other fields stay', () => {
    let edits = typeInto({}, 'description', 'Mine', task);
    edits = typeInto(edits, 'priority', 'high', task);
    const theirs = { ...task, description: 'Theirs' };
    edits = takeTheirs(follow(edits, theirs, 'alice', same), 'description');
    expect(conflicts(edits)).toEqual([]);
    expect(shown(edits, theirs)).toMatchObject({ description: 'Theirs', priority: 'high' });
    expect(changedFields(edits, same)).toEqual(['priority']);
  });

  it('no conflict when I had not really changed the field, or we typed the same', () => {
    const theirs = { ...task, labels: 'docs, model' };
    const untouched = follow(typeInto({}, 'labels', 'docs ', task), theirs, 'alice', same);
    expect(untouched).toEqual({});
    const agreed = follow(typeInto({}, 'labels', 'docs,model', task), theirs, 'alice', same);
    expect(agreed).toEqual({});
  });

  it('their change undone: the conflict goes away by itself', () => {
    let edits = follow(typeInto({}, 'estimate', '3', task), { ...task, estimate: '5' }, 'alice', same);
    expect(conflicts(edits)).toHaveLength(1);
    edits = follow(edits, task, 'alice', same);
    expect(conflicts(edits)).toEqual([]);
    expect(changedFields(edits, same)).toEqual(['estimate']);
  });

  it('assignees compare as people: a name in other letter case is the same person', () => {
    const assigned = { ...task, assignee: 'Alice' };
    expect(changedFields(typeInto({}, 'assignee', 'alice', assigned), same)).toEqual([]);
    expect(changedFields(typeInto({}, 'assignee', 'Bob', assigned), same)).toEqual(['assignee']);
  });
});
