/** My work: my open tasks of every live project, by due day, overdue first, undated last. */
import {
  archiveProject,
  archiveTask,
  createProject,
  createTask,
  FIRST_PROJECT_ID,
  readBoard,
  seedWorkspace,
} from '@taskflow/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { dueState, readMyWork } from './my-work.ts';

const ann = { origin: { kind: 'user' as const, actorId: 'ann' }, now: () => Date.UTC(2026, 11, 3) };

describe('my work', () => {
  it('lists my open tasks across projects by due day; not others’, done, archived or in archived projects', () => {
    const doc = new Y.Doc();
    seedWorkspace(doc, { workspaceId: 'w', now: () => Date.UTC(2026, 11, 3) });
    const web = FIRST_PROJECT_ID;
    const ops = createProject(doc, ann, { name: 'Ops', key: 'OPS' }).id;
    const old = createProject(doc, ann, { name: 'Old', key: 'OLD' }).id;
    const done = readBoard(doc, web)?.columns.at(-1)?.id;
    const task = (projectId: string, title: string, more: object = {}) =>
      createTask(doc, ann, { projectId, title, assignee: 'ann', ...more });
    task(web, 'Undated');
    task(ops, 'Late', { deadline: '2026-11-30' });
    task(web, 'Soon', { deadline: '2026-12-05' });
    task(ops, 'Later', { deadline: '2027-01-10' });
    task(web, 'Bob’s', { assignee: 'bob', deadline: '2026-11-01' });
    task(web, 'Finished', { columnId: done, deadline: '2026-11-01' });
    archiveTask(doc, ann, task(web, 'Archived', { deadline: '2026-11-01' }));
    task(old, 'In an archived project', { deadline: '2026-11-01' });
    archiveProject(doc, ann, old);

    const items = readMyWork(doc, 'ann');
    expect(items.map((i) => i.task.title)).toEqual(['Late', 'Soon', 'Later', 'Undated']);
    expect(items.map((i) => i.project.key)).toEqual(['OPS', 'MFP', 'OPS', 'MFP']);
    expect(readMyWork(doc, 'bob').map((i) => i.task.title)).toEqual(['Bob’s']);
  });

  it('says whether a deadline is past, today or later in the given day', () => {
    expect(dueState('2026-12-02', '2026-12-03')).toBe('overdue');
    expect(dueState('2026-12-03T17:00:00Z', '2026-12-03')).toBe('today');
    expect(dueState('2026-12-04', '2026-12-03')).toBe('later');
    expect(dueState(null, '2026-12-03')).toBe('none');
  });
});
