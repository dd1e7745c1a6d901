import { describe, expect, it } from 'vitest';
import { describeEntry, formatValue, type Names } from './describe-entry.ts';
import { type ActivityItem, activityItemSchema } from './history-api.ts';

const names: Names = {
  person: (id) => ({ ann: 'Ann', bob: 'Bob' })[id] ?? id,
  column: (id) => ({ todo: 'To do', doing: 'Doing' })[id],
};

function item(kind: string, changes: ActivityItem['changes'] = []): ActivityItem {
  return activityItemSchema.parse({
    id: 'e1',
    kind,
    taskId: 't1',
    entityId: 't1',
    actorId: 'ann',
    actorName: 'Ann',
    madeAt: '2026-03-02T09:02:00.000Z',
    arrivedAt: '2026-03-02T09:02:01.000Z',
    offline: false,
    changes,
  });
}

describe('describeEntry', () => {
  it('says each changed field of a task, from and to', () => {
    expect(
      describeEntry(
        item('task.updated', [
          { field: 'priority', from: 'medium', to: 'high' },
          { field: 'title', from: 'Fix login', to: 'Fix sign-in' },
          { field: 'labels', from: [], to: ['bug', 'ui'] },
          { field: 'deadline', from: '2026-03-09', to: null },
          { field: 'description', from: 'a long text', to: 'another long text' },
        ]),
        names,
      ),
    ).toEqual([
      'changed priority from medium to high',
      'changed title from “Fix login” to “Fix sign-in”',
      'set labels to bug, ui',
      'cleared deadline (was 2026-03-09)',
      'changed the description',
    ]);
  });

  it('names people for assignee changes', () => {
    const lines = describeEntry(
      item('task.updated', [
        { field: 'assignee', from: null, to: 'bob' },
        { field: 'assignee', from: 'bob', to: 'ann' },
        { field: 'assignee', from: 'ann', to: null },
      ]),
      names,
    );
    expect(lines).toEqual(['assigned Bob', 'changed assignee from Bob to Ann', 'unassigned Ann']);
  });

  it('names columns of a move from the document, or the names the server sent', () => {
    expect(
      describeEntry(item('task.moved', [{ field: 'column', from: 'todo', to: 'doing' }]), names),
    ).toEqual(['moved from To do to Doing']);
    const renamed = item('task.moved', [{ field: 'column', from: 'gone', to: 'doing', fromName: 'Backlog' }]);
    expect(describeEntry(renamed, names)).toEqual(['moved from Backlog to Doing']);
    const unknown = item('task.moved', [{ field: 'column', from: 'gone', to: 'doing' }]);
    expect(describeEntry(unknown, names)).toEqual(['moved from a column no longer here to Doing']);
    expect(describeEntry(item('task.moved', [{ field: 'column', from: 'todo', to: 'todo' }]), names)).toEqual(
      ['moved within To do'],
    );
  });

  it('never shows the text of a comment, whatever the server sends', () => {
    const secret = 'my password is hunter2';
    for (const kind of ['comment.added', 'comment.edited', 'comment.deleted']) {
      const lines = describeEntry(item(kind, [{ field: 'body', from: secret, to: secret }]), names);
      expect(lines.join(' ')).not.toContain('hunter2');
    }
    expect(describeEntry(item('comment.added'), names)).toEqual(['commented']);
    expect(describeEntry(item('comment.deleted', [{ field: 'body', from: null, to: null }]), names)).toEqual([
      'deleted a comment',
    ]);
  });

  it('reads lifecycle, project, column and ticker kinds', () => {
    expect(describeEntry(item('task.archived'), names)).toEqual(['archived the task']);
    expect(describeEntry(item('task.restored'), names)).toEqual(['restored the task']);
    expect(describeEntry(item('project.created', [{ field: 'name', from: null, to: 'Web' }]), names)).toEqual(
      ['created project “Web”'],
    );
    expect(
      describeEntry(item('column.updated', [{ field: 'name', from: 'Doing', to: 'In progress' }]), names),
    ).toEqual(['renamed column from “Doing” to “In progress”']);
    expect(describeEntry(item('column.archived'), names)).toEqual(['archived column']);
    expect(describeEntry(item('column.updated', [{ field: 'rank', from: 'a0', to: 'a1' }]), names)).toEqual([
      'moved column',
    ]);
    expect(
      describeEntry(item('reminder.sent', [{ field: 'step', from: null, to: 'before' }]), names),
    ).toEqual(['sent a reminder before the deadline']);
    expect(describeEntry(item('task.recurred'), names)[0]).toContain('next occurrence');
    expect(
      describeEntry(
        item('workspace.restored', [{ field: 'at', from: null, to: '2026-03-02T09:00:00Z' }]),
        names,
      )[0],
    ).toMatch(/^restored the workspace to how it was at /);
  });

  it('tells the type, parent and epic in words, not ids', () => {
    expect(
      describeEntry(
        item('task.updated', [
          { field: 'type', from: null, to: 'bug' },
          { field: 'parentId', from: null, to: 'task-1' },
          { field: 'epicId', from: 'task-2', to: null },
        ]),
        names,
      ),
    ).toEqual(['changed type from task to bug', 'made it a subtask', 'took it out of its epic']);
  });

  it('tells deletions and their undoing, a project by its name', () => {
    const deleted = [{ field: 'deletedAt', from: null, to: '2026-12-04T00:00:00Z' }];
    expect(describeEntry(item('task.deleted', deleted), names)).toEqual(['deleted the task']);
    expect(describeEntry(item('task.undeleted', deleted), names)).toEqual(['brought back the deleted task']);
    const project = [...deleted, { field: 'name', from: 'Launch', to: 'Launch' }];
    expect(describeEntry(item('project.deleted', project), names)).toEqual(['deleted project “Launch”']);
    expect(describeEntry(item('project.undeleted', project), names)).toEqual([
      'brought back deleted project “Launch”',
    ]);
  });

  it('tells checklist and link changes in words: the item’s text, the kind of link and the other task', () => {
    const item0 = { text: 'Reproduce', done: false, rank: 'a0' };
    const lines = (field: string, from: unknown, to: unknown) =>
      describeEntry(item('task.updated', [{ field, from, to }]), names);
    expect(lines('checklist', null, item0)).toEqual(['added checklist item “Reproduce”']);
    expect(lines('checklist', item0, null)).toEqual(['removed checklist item “Reproduce”']);
    expect(lines('checklist', item0, { ...item0, text: 'Reproduce it' })).toEqual([
      'renamed checklist item “Reproduce” to “Reproduce it”',
    ]);
    expect(lines('checklist', item0, { ...item0, done: true })).toEqual(['checked “Reproduce”']);
    expect(lines('checklist', { ...item0, done: true }, item0)).toEqual(['unchecked “Reproduce”']);
    expect(lines('checklist', item0, { ...item0, rank: 'a1' })).toEqual(['moved checklist item “Reproduce”']);
    const link = { type: 'blocks', targetId: 't2', title: 'Ship it' };
    expect(lines('link', null, link)).toEqual(['added a link: blocks “Ship it”']);
    expect(lines('link', { ...link, type: 'relates' }, null)).toEqual([
      'removed a link: relates to “Ship it”',
    ]);
    expect(lines('link', null, { ...link, title: null })).toEqual(['added a link: blocks another task']);
  });

  it('tells planning in words: sprints by name, durations in hours and minutes, worklogs and sprint steps', () => {
    const withSprints = { ...names, sprint: (id: string) => (id === 's1' ? 'Sprint 1' : undefined) };
    expect(
      describeEntry(item('task.updated', [{ field: 'sprintId', from: null, to: 's1' }]), withSprints),
    ).toEqual(['moved from the backlog to sprint “Sprint 1”']);
    expect(
      describeEntry(
        item('task.updated', [{ field: 'remainingEstimateSeconds', from: 7200, to: 5400 }]),
        withSprints,
      ),
    ).toEqual(['changed remaining estimate from 2h to 1h 30m']);
    expect(describeEntry(item('worklog.added', [{ field: 'seconds', from: null, to: 2700 }]), names)).toEqual(
      ['logged 45m'],
    );
    expect(describeEntry(item('worklog.deleted'), names)).toEqual(['deleted a worklog']);
    expect(
      describeEntry(item('sprint.updated', [{ field: 'start', from: null, to: { at: 'x' } }]), names),
    ).toEqual(['started the sprint']);
    expect(
      describeEntry(item('sprint.updated', [{ field: 'completion', from: null, to: { at: 'x' } }]), names),
    ).toEqual(['completed the sprint']);
  });

  it('gives kinds it does not know a generic line instead of failing', () => {
    expect(describeEntry(item('sprint.started'), names)).toEqual(['sprint.started']);
    expect(describeEntry(item('label.added', [{ field: 'minutes', from: null, to: 30 }]), names)).toEqual([
      'label.added: set minutes to 30',
    ]);
    expect(describeEntry(item('project.frozen'), names)).toEqual(['project.frozen']);
    expect(describeEntry(item('weird', [{ field: 'x', from: { a: 1 }, to: undefined }]), names)).toEqual([
      'weird: cleared x (was {"a":1})',
    ]);
  });
});

describe('formatValue', () => {
  it('reads empty values as none and cuts long ones', () => {
    expect(formatValue(null)).toBe('none');
    expect(formatValue('')).toBe('none');
    expect(formatValue([])).toBe('none');
    expect(formatValue(3)).toBe('3');
    const long = formatValue('x'.repeat(200));
    expect(long).toHaveLength(80);
    expect(long.endsWith('…')).toBe(true);
  });
});
