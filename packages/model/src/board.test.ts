import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoard, readTask } from './board.ts';
import { tasksMap } from './doc.ts';
import { archiveColumn, restoreColumn } from './projects.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { archiveTask, createTask, moveTask, restoreTask } from './tasks.ts';
import { columnIds, columnOf, editor, replicaOf, seeded, syncAll, titlesIn } from './testing/fixtures.ts';

const P = FIRST_PROJECT_ID;

describe('reading the board', () => {
  it('M3: tasks show in their column, in rank order, once each', () => {
    const doc = seeded();
    const [todo, doing] = columnIds(doc) as [string, string];
    const ids = ['one', 'two', 'three'].map((title) =>
      createTask(doc, editor('ann'), { projectId: P, title }),
    );
    moveTask(doc, editor('ann'), ids[2] as string, todo, 0);
    moveTask(doc, editor('ann'), ids[1] as string, doing, 0);
    expect(titlesIn(doc, todo)).toEqual(['three', 'one']);
    expect(titlesIn(doc, doing)).toEqual(['two']);
  });

  it('M6: tasks in an archived column show in the first live column and come back on restore', () => {
    const doc = seeded();
    const [todo, doing] = columnIds(doc) as [string, string];
    const id = createTask(doc, editor('ann'), { projectId: P, title: 'x', columnId: doing });
    archiveColumn(doc, editor('ann'), doing);
    expect(columnOf(doc, id)).toBe(todo);
    restoreColumn(doc, editor('ann'), doing);
    expect(columnOf(doc, id)).toBe(doing);
  });

  it('M6: concurrent archives of every column still leave the tasks a home', () => {
    const a = seeded();
    const id = createTask(a, editor('ann'), { projectId: P, title: 'x' });
    const b = replicaOf(a);
    const c = replicaOf(a);
    const [todo, doing, done] = columnIds(a) as [string, string, string];
    archiveColumn(a, editor('ann'), todo);
    archiveColumn(b, editor('bob'), doing);
    archiveColumn(c, editor('cy'), done);
    syncAll(a, b, c);
    const board = readBoard(a, P);
    expect(board?.columns.map((col) => col.id)).toEqual([todo]);
    expect(columnOf(a, id)).toBe(todo);
  });

  it('M2: archived tasks leave the board, are listed, and restore to their column', () => {
    const doc = seeded();
    const [, doing] = columnIds(doc) as [string, string];
    const id = createTask(doc, editor('ann'), { projectId: P, title: 'x', columnId: doing });
    archiveTask(doc, editor('ann'), id);
    expect(columnOf(doc, id)).toBeUndefined();
    expect(readBoard(doc, P)?.archivedTasks.map((t) => t.id)).toEqual([id]);
    restoreTask(doc, editor('ann'), id);
    expect(columnOf(doc, id)).toBe(doing);
  });

  it('M9: garbage written by a peer is repaired or skipped, never a crash', () => {
    const doc = seeded();
    const id = createTask(doc, editor('ann'), { projectId: P, title: 'ok' });
    const task = tasksMap(doc).get(id) as Y.Map<unknown>;
    doc.transact(() => {
      task.set('priority', 'urgent!!');
      task.set('labels', 'not-an-array');
      task.set('estimate', -5);
      task.set('deadline', 'tomorrow');
      (task.get('placement') as Y.Map<unknown>).set('evil', { col: 42 });
      tasksMap(doc).set('not-a-map', 'hello' as never);
      const orphan = new Y.Map<unknown>();
      orphan.set('title', 'no project');
      tasksMap(doc).set('orphan', orphan);
    });
    const read = readTask(doc, id);
    expect(read).toMatchObject({
      title: 'ok',
      priority: 'medium',
      labels: [],
      estimate: null,
      deadline: null,
    });
    const board = readBoard(doc, P);
    expect(board?.columns.flatMap((c) => c.tasks.map((t) => t.id))).toEqual([id]);
    expect(readTask(doc, 'orphan')).toBeUndefined();
  });

  it('M3: a task whose placement register is missing shows in the first column', () => {
    const doc = seeded();
    const id = createTask(doc, editor('ann'), { projectId: P, title: 'x', columnId: columnIds(doc)[2] });
    (tasksMap(doc).get(id) as Y.Map<unknown>).delete('placement');
    expect(columnOf(doc, id)).toBe(columnIds(doc)[0]);
    syncAll(doc);
  });
});
