import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { addComment, deleteComment, editComment } from './comments.ts';
import { tasksMap } from './doc.ts';
import {
  listIds,
  observeAddedComments,
  observeAddedIds,
  observeProjectsAndColumns,
  observeTouchedTasks,
} from './observe.ts';
import { addColumn, createProject, renameColumn } from './projects.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { archiveTask, createTask, moveTask, updateTask } from './tasks.ts';
import { columnIds, editor, replicaOf, seeded, syncAll } from './testing/fixtures.ts';
import { watchTask } from './watchers.ts';

const ann = editor('ann');

describe('observing a document', () => {
  it('reports each transaction’s touched tasks: created, edited, moved, watched, archived', () => {
    const doc = seeded();
    const seen: string[][] = [];
    observeTouchedTasks(doc, (ids) => seen.push([...ids].sort()));
    const a = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'a' });
    const b = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'b' });
    updateTask(doc, ann, a, { title: 'a2' });
    moveTask(doc, ann, b, columnIds(doc)[1] as string, 0);
    watchTask(doc, editor('bob'), a, true);
    archiveTask(doc, ann, b);
    doc.transact(() => {
      updateTask(doc, ann, a, { priority: 'high' });
      updateTask(doc, ann, b, { priority: 'low' });
    });
    expect(seen).toEqual([[a], [b], [a], [b], [a], [b], [a, b].sort()]);
  });

  it('reports tasks that arrive from a replica, and nothing for column, project or comment edits', () => {
    const doc = seeded();
    const other = replicaOf(doc);
    const seen: string[][] = [];
    const stop = observeTouchedTasks(doc, (ids) => seen.push([...ids]));
    const t = createTask(other, ann, { projectId: FIRST_PROJECT_ID, title: 'remote' });
    syncAll(doc, other);
    expect(seen).toEqual([[t]]);
    renameColumn(doc, ann, columnIds(doc)[0] as string, 'Backlog');
    createProject(doc, ann, { name: 'Other' });
    addComment(doc, ann, t, 'hello');
    expect(seen).toEqual([[t]]);
    stop();
    updateTask(doc, ann, t, { title: 'unseen' });
    expect(seen).toEqual([[t]]);
  });

  it('reports a task key replaced by something that is not a task (M9: readers then skip it)', () => {
    const doc = seeded();
    const seen: string[][] = [];
    observeTouchedTasks(doc, (ids) => seen.push([...ids]));
    doc.transact(() => (tasksMap(doc) as Y.Map<unknown>).set('junk', 42));
    expect(seen).toEqual([['junk']]);
  });

  it('tells the board when projects or columns change, not tasks', () => {
    const doc = seeded();
    let changed = false;
    const stop = observeProjectsAndColumns(doc, () => {
      changed = true;
    });
    const changes = (write: () => unknown) => {
      changed = false;
      write();
      return changed;
    };
    expect(changes(() => createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'a' }))).toBe(false);
    expect(changes(() => renameColumn(doc, ann, columnIds(doc)[0] as string, 'Backlog'))).toBe(true);
    expect(changes(() => addColumn(doc, ann, { projectId: FIRST_PROJECT_ID, name: 'QA' }))).toBe(true);
    expect(changes(() => createProject(doc, ann, { name: 'Other' }))).toBe(true);
    stop();
    expect(changes(() => renameColumn(doc, ann, columnIds(doc)[0] as string, 'Todo'))).toBe(false);
  });

  it('reports added comments only: not edits or deletions', () => {
    const doc = seeded();
    const t = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'a' });
    const seen: string[][] = [];
    observeAddedComments(doc, (ids) => seen.push(ids));
    const c = addComment(doc, ann, t, 'first');
    editComment(doc, ann, c, 'edited');
    deleteComment(doc, ann, c);
    expect(seen).toEqual([[c]]);
  });

  it('lists project and task ids, then reports the ones added, from any source', () => {
    const doc = seeded();
    const t = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'a' });
    expect(listIds(doc, 'project')).toEqual([FIRST_PROJECT_ID]);
    expect(listIds(doc, 'task')).toEqual([t]);
    const projects: string[][] = [];
    const tasks: string[][] = [];
    observeAddedIds(doc, 'project', (ids) => projects.push(ids));
    const stop = observeAddedIds(doc, 'task', (ids) => tasks.push(ids));
    const other = replicaOf(doc);
    const p = createProject(other, ann, { name: 'Other' }).id;
    const u = createTask(other, ann, { projectId: p, title: 'b' });
    updateTask(doc, ann, t, { title: 'edited, not added' });
    syncAll(doc, other);
    expect(projects).toEqual([[p]]);
    expect(tasks).toEqual([[u]]);
    stop();
    createTask(doc, ann, { projectId: p, title: 'c' });
    expect(tasks).toEqual([[u]]);
  });
});
