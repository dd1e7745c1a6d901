import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { readBoard, readTask } from './board.ts';
import { bulkUpdateTasks } from './bulk.ts';
import { ModelError } from './errors.ts';
import { archiveColumn } from './projects.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, updateTask } from './tasks.ts';
import { columnIds, editor, replicaOf, seeded, syncAll, T0, titlesIn } from './testing/fixtures.ts';
import { UndoHistory } from './undo.ts';

const P = FIRST_PROJECT_ID;
const ann = editor('ann', T0 + 1_000);

/** Ann's replica with `count` tasks in To Do (`task 0`…), her undo history, and Bob's replica. */
function setup(count = 50) {
  const a = seeded();
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push(createTask(a, editor('bob'), { projectId: P, title: `task ${i}` }));
  const b = replicaOf(a);
  let clock = T0 + 10_000;
  const history = new UndoHistory(a, 'ann', { now: () => (clock += 1_000) });
  const [todo, doing, done] = columnIds(a) as [string, string, string];
  return { a, b, ids, history, todo, doing, done };
}

function field<K extends 'priority' | 'assignee' | 'labels' | 'archivedAt'>(
  doc: Y.Doc,
  ids: string[],
  key: K,
) {
  return ids.map((id) => readTask(doc, id)?.[key]);
}

function refusal(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof ModelError) return error.code;
    throw error;
  }
  return undefined;
}

describe('bulk actions: one transaction, one undo step', () => {
  it('sets the priority of 50 tasks as one step; one undo puts all 50 back', () => {
    const { a, ids, history } = setup();
    let transactions = 0;
    a.on('afterTransaction', () => transactions++);
    expect(bulkUpdateTasks(a, ann, ids, { kind: 'priority', priority: 'highest' })).toEqual({
      changed: 50,
      unchanged: 0,
    });
    expect(transactions).toBe(1);
    expect(new Set(field(a, ids, 'priority'))).toEqual(new Set(['highest']));
    expect(history.state.undoLabel).toBe('priority of 50 tasks');
    expect(history.undo()).toEqual({
      label: 'priority of 50 tasks',
      applied: 50,
      changedSince: 0,
      refused: 0,
    });
    expect(new Set(field(a, ids, 'priority'))).toEqual(new Set(['medium']));
    expect(history.canUndo).toBe(false);
    history.redo();
    expect(new Set(field(a, ids, 'priority'))).toEqual(new Set(['highest']));
  });

  it('leaves tasks already as asked untouched, and counts them', () => {
    const { a, ids, history } = setup(4);
    updateTask(a, editor('bob'), ids[0] as string, { priority: 'high' });
    expect(bulkUpdateTasks(a, ann, ids, { kind: 'priority', priority: 'high' })).toEqual({
      changed: 3,
      unchanged: 1,
    });
    expect(history.state.undoLabel).toBe('priority of 3 tasks');
    history.undo();
    expect(field(a, ids, 'priority')).toEqual(['high', 'medium', 'medium', 'medium']);
  });

  it('assigns and unassigns, each one step', () => {
    const { a, ids, history } = setup(3);
    bulkUpdateTasks(a, ann, ids, { kind: 'assign', assignee: 'carol' });
    expect(field(a, ids, 'assignee')).toEqual(['carol', 'carol', 'carol']);
    bulkUpdateTasks(a, ann, ids, { kind: 'assign', assignee: null });
    expect(field(a, ids, 'assignee')).toEqual([null, null, null]);
    expect(history.state.undoLabel).toBe('assignee of 3 tasks');
    history.undo();
    expect(field(a, ids, 'assignee')).toEqual(['carol', 'carol', 'carol']);
    history.undo();
    expect(field(a, ids, 'assignee')).toEqual([null, null, null]);
  });

  it('adds a label after the ones a task has, and removes it, keeping the others', () => {
    const { a, ids, history } = setup(2);
    updateTask(a, editor('bob'), ids[0] as string, { labels: ['ui'] });
    bulkUpdateTasks(a, ann, ids, { kind: 'add-label', label: 'urgent' });
    expect(field(a, ids, 'labels')).toEqual([['ui', 'urgent'], ['urgent']]);
    expect(bulkUpdateTasks(a, ann, ids, { kind: 'add-label', label: 'urgent' }).changed).toBe(0);
    bulkUpdateTasks(a, ann, ids, { kind: 'remove-label', label: 'urgent' });
    expect(field(a, ids, 'labels')).toEqual([['ui'], []]);
    expect(history.state.undoLabel).toBe('labels of 2 tasks');
    history.undo();
    expect(field(a, ids, 'labels')).toEqual([['ui', 'urgent'], ['urgent']]);
  });

  it('archives as one step; undo restores every one', () => {
    const { a, ids, history } = setup(5);
    bulkUpdateTasks(a, ann, ids, { kind: 'archive' });
    expect(readBoard(a, P)?.archivedTasks).toHaveLength(5);
    expect(history.state.undoLabel).toBe('archive of 5 tasks');
    history.undo();
    expect(readBoard(a, P)?.archivedTasks).toHaveLength(0);
    expect(field(a, ids, 'archivedAt')).toEqual([null, null, null, null, null]);
  });

  it('M4: moves to the end of a column keeping their board order; undo puts each back where it was', () => {
    const { a, ids, history, todo, doing } = setup(6);
    bulkUpdateTasks(a, editor('bob'), [ids[4] as string], { kind: 'move', columnId: doing });
    // Chosen out of order, from two columns: they arrive in board order (To Do first, by rank).
    const chosen = [ids[3], ids[0], ids[5], ids[1]] as string[];
    expect(bulkUpdateTasks(a, ann, chosen, { kind: 'move', columnId: doing }).changed).toBe(4);
    expect(titlesIn(a, doing)).toEqual(['task 4', 'task 0', 'task 1', 'task 3', 'task 5']);
    expect(history.state.undoLabel).toBe('move of 4 tasks');
    history.undo();
    expect(titlesIn(a, todo)).toEqual(['task 0', 'task 1', 'task 2', 'task 3', 'task 5']);
    expect(titlesIn(a, doing)).toEqual(['task 4']);
  });

  it('leaves a task already in the target column where it is', () => {
    const { a, ids, todo } = setup(3);
    expect(bulkUpdateTasks(a, ann, ids, { kind: 'move', columnId: todo })).toEqual({
      changed: 0,
      unchanged: 3,
    });
    expect(titlesIn(a, todo)).toEqual(['task 0', 'task 1', 'task 2']);
  });

  it('refuses, changing nothing, an unknown task, an unknown or archived column, or too many labels', () => {
    const { a, ids, history, done } = setup(3);
    expect(
      refusal(() => bulkUpdateTasks(a, ann, [...ids, 'nope'], { kind: 'priority', priority: 'low' })),
    ).toBe('not_found');
    expect(refusal(() => bulkUpdateTasks(a, ann, ids, { kind: 'move', columnId: 'nope' }))).toBe('not_found');
    archiveColumn(a, editor('bob'), done);
    expect(refusal(() => bulkUpdateTasks(a, ann, ids, { kind: 'move', columnId: done }))).toBe('archived');
    expect(refusal(() => bulkUpdateTasks(a, ann, [], { kind: 'archive' }))).toBe('invalid_input');
    expect(
      refusal(() => bulkUpdateTasks(a, ann, ids, { kind: 'priority', priority: 'urgent' } as never)),
    ).toBe('invalid_input');
    // The third task is full: the first two must not get the label either.
    const full = Array.from({ length: 20 }, (_, i) => `l${i}`);
    updateTask(a, editor('bob'), ids[2] as string, { labels: full });
    expect(refusal(() => bulkUpdateTasks(a, ann, ids, { kind: 'add-label', label: 'x' }))).toBe(
      'invalid_input',
    );
    expect(field(a, ids, 'labels')).toEqual([[], [], full]);
    expect(field(a, ids, 'priority')).toEqual(['medium', 'medium', 'medium']);
    expect(history.canUndo).toBe(false);
  });

  it('undo leaves the tasks someone else changed since as they are, and puts back the rest', () => {
    const { a, b, ids, history } = setup();
    bulkUpdateTasks(a, ann, ids, { kind: 'priority', priority: 'high' });
    syncAll(a, b);
    // Bob changes the priority of 5 of them afterwards, and the title of another 5.
    for (const id of ids.slice(0, 5)) updateTask(b, editor('bob', T0 + 50_000), id, { priority: 'lowest' });
    for (const id of ids.slice(5, 10)) updateTask(b, editor('bob', T0 + 50_000), id, { title: 'renamed' });
    syncAll(a, b);
    expect(history.undo()).toMatchObject({ applied: 45, changedSince: 5 });
    syncAll(a, b);
    for (const doc of [a, b]) {
      expect(field(doc, ids.slice(0, 5), 'priority')).toEqual(Array(5).fill('lowest'));
      expect(new Set(field(doc, ids.slice(5), 'priority'))).toEqual(new Set(['medium']));
      expect(ids.slice(5, 10).map((id) => readTask(doc, id)?.title)).toEqual(Array(5).fill('renamed'));
    }
  });
});
