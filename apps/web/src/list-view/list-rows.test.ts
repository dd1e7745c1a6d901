import {
  bulkUpdateTasks,
  createTask,
  FIRST_PROJECT_ID,
  readBoard,
  seedWorkspace,
  updateTask,
} from '@taskflow/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { listRows, nextSort, type Sort, sortRows, textKey } from './list-rows.ts';
import { EMPTY_SELECTION, headerState, keepShown, toggleAll, toggleOne, toggleRange } from './selection.ts';

const P = FIRST_PROJECT_ID;
const me = { origin: { kind: 'user' as const, actorId: 'ann' }, now: () => Date.UTC(2026, 0, 1) };

function board() {
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: 'w', now: () => Date.UTC(2026, 0, 1) });
  const ids = ['Cherry', 'apple', 'Banana', 'date'].map((title) =>
    createTask(doc, me, { projectId: P, title }),
  );
  const [a, b, c, d] = ids as [string, string, string, string];
  updateTask(doc, me, a, { priority: 'high', assignee: 'bob', estimate: 3, deadline: '2026-02-01' });
  updateTask(doc, me, b, { priority: 'lowest', labels: ['ui'], estimate: 10 });
  updateTask(doc, me, c, { assignee: 'ann', deadline: '2026-01-15' });
  const done = readBoard(doc, P)?.columns[2]?.id as string;
  bulkUpdateTasks(doc, me, [d], { kind: 'move', columnId: done });
  const read = readBoard(doc, P);
  if (!read) throw new Error('no board');
  return { rows: listRows(read, { ann: 'Ann', bob: 'Bob' }), ids };
}

const titles = (rows: { task: { title: string } }[]) => rows.map((r) => r.task.title);
const sorted = (sort: Sort) => titles(sortRows(board().rows, sort));

describe('list rows', () => {
  it('lists live tasks in board order with their column and assignee names', () => {
    const { rows } = board();
    expect(titles(rows)).toEqual(['Cherry', 'apple', 'Banana', 'date']);
    expect(rows.map((r) => r.columnName)).toEqual(['To Do', 'To Do', 'To Do', 'Done']);
    expect(rows.map((r) => r.assigneeName)).toEqual(['Bob', '', 'Ann', '']);
  });

  it('sorts by each header, ties in board order, empty values last both ways', () => {
    expect(sorted({ key: 'title', direction: 'ascending' })).toEqual(['apple', 'Banana', 'Cherry', 'date']);
    expect(sorted({ key: 'title', direction: 'descending' })).toEqual(['date', 'Cherry', 'Banana', 'apple']);
    expect(sorted({ key: 'priority', direction: 'descending' })).toEqual([
      'Cherry',
      'Banana',
      'date',
      'apple',
    ]);
    expect(sorted({ key: 'status', direction: 'descending' })).toEqual(['date', 'Cherry', 'apple', 'Banana']);
    expect(sorted({ key: 'assignee', direction: 'ascending' })).toEqual([
      'Banana',
      'Cherry',
      'apple',
      'date',
    ]);
    expect(sorted({ key: 'assignee', direction: 'descending' })).toEqual([
      'Cherry',
      'Banana',
      'apple',
      'date',
    ]);
    expect(sorted({ key: 'estimate', direction: 'ascending' })).toEqual([
      'Cherry',
      'apple',
      'Banana',
      'date',
    ]);
    expect(sorted({ key: 'due', direction: 'descending' })).toEqual(['Cherry', 'Banana', 'apple', 'date']);
    expect(sorted({ key: 'labels', direction: 'ascending' })).toEqual(['apple', 'Cherry', 'Banana', 'date']);
    expect(sorted(null)).toEqual(['Cherry', 'apple', 'Banana', 'date']);
  });

  it('compares text without case and numbers by value', () => {
    const [ten, two, twoPadded, oneB] = ['Task 10', 'task 2', 'Task 002', 'Task 1b'].map(textKey) as [
      string,
      string,
      string,
      string,
    ];
    expect(two < ten).toBe(true);
    expect(two).toBe(twoPadded);
    expect(oneB < two).toBe(true);
  });

  it('cycles a header through ascending, descending and board order', () => {
    const first = nextSort(null, 'title');
    expect(first).toEqual({ key: 'title', direction: 'ascending' });
    const second = nextSort(first, 'title');
    expect(second).toEqual({ key: 'title', direction: 'descending' });
    expect(nextSort(second, 'title')).toBeNull();
    expect(nextSort(second, 'due')).toEqual({ key: 'due', direction: 'ascending' });
  });
});

describe('selection', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];

  it('toggles one row and makes it the anchor', () => {
    const s = toggleOne(EMPTY_SELECTION, 'b');
    expect([...s.ids]).toEqual(['b']);
    expect(s.anchor).toBe('b');
    expect(toggleOne(s, 'b').ids.size).toBe(0);
  });

  it('shift-click selects the range from the anchor in the order shown, either direction', () => {
    const s = toggleRange(toggleOne(EMPTY_SELECTION, 'b'), 'd', order);
    expect([...s.ids].sort()).toEqual(['b', 'c', 'd']);
    const up = toggleRange(toggleOne(EMPTY_SELECTION, 'e'), 'c', order);
    expect([...up.ids].sort()).toEqual(['c', 'd', 'e']);
    // Shift-clicking a selected row clears the range instead.
    const cleared = toggleRange({ ids: new Set(order), anchor: 'a' }, 'c', order);
    expect([...cleared.ids].sort()).toEqual(['d', 'e']);
  });

  it('selects all shown rows, or clears them when all are selected; keeps only rows still shown', () => {
    const all = toggleAll(toggleOne(EMPTY_SELECTION, 'a'), order);
    expect(all.ids.size).toBe(5);
    expect(headerState(all, order)).toBe('all');
    expect(headerState(toggleOne(all, 'a'), order)).toBe('some');
    expect(toggleAll(all, order).ids.size).toBe(0);
    expect([...keepShown(all, new Set(['a', 'c'])).ids]).toEqual(['a', 'c']);
  });
});
