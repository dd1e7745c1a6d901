import {
  createTask,
  type Editor,
  FIRST_PROJECT_ID,
  moveTask,
  readBoard,
  seedWorkspace,
} from '@taskflow/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { withPendingMove } from './pending-move.ts';

const editor: Editor = { origin: { kind: 'user', actorId: 'ada' } };

function board() {
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: 'default' });
  const first = readBoard(doc, FIRST_PROJECT_ID);
  const [todo, doing] = first?.columns ?? [];
  if (!todo || !doing) throw new Error('seeded board lacks columns');
  for (const title of ['a', 'b', 'c'])
    createTask(doc, editor, { projectId: FIRST_PROJECT_ID, columnId: todo.id, title });
  createTask(doc, editor, { projectId: FIRST_PROJECT_ID, columnId: doing.id, title: 'd' });
  return { doc, todo: todo.id, doing: doing.id };
}

const titles = (b: ReturnType<typeof readBoard>) => b?.columns.map((c) => c.tasks.map((t) => t.title));

describe('withPendingMove (a drop drawn before it is written)', () => {
  it('draws each move where moveTask then puts it, within and across columns', () => {
    for (const [title, to, index] of [
      ['a', 'doing', 0],
      ['a', 'doing', 1],
      ['c', 'todo', 0],
      ['a', 'todo', 2],
      ['b', 'doing', 5],
    ] as const) {
      const { doc, todo, doing } = board();
      const before = readBoard(doc, FIRST_PROJECT_ID);
      if (!before) throw new Error('no board');
      const task = before.columns.flatMap((c) => c.tasks).find((t) => t.title === title);
      if (!task) throw new Error('no task');
      const columnId = to === 'todo' ? todo : doing;
      const drawn = withPendingMove(before, { taskId: task.id, columnId, index });
      moveTask(doc, editor, task.id, columnId, index);
      const written = readBoard(doc, FIRST_PROJECT_ID);
      expect(titles(drawn)).toEqual(titles(written));
      // Applied again once written (the write and the pending move meet in one render): the same.
      expect(titles(withPendingMove(written ?? before, { taskId: task.id, columnId, index }))).toEqual(
        titles(written),
      );
      // Untouched columns keep their arrays; the moved card knows its new column.
      drawn.columns.forEach((c, i) => {
        if (c.id !== columnId && c.id !== task.columnId) expect(c.tasks).toBe(before.columns[i]?.tasks);
      });
      expect(drawn.columns.flatMap((c) => c.tasks).find((t) => t.id === task.id)?.columnId).toBe(columnId);
    }
  });

  it('leaves the board as it is when the task or column is gone', () => {
    const { doc, doing } = board();
    const before = readBoard(doc, FIRST_PROJECT_ID);
    if (!before) throw new Error('no board');
    expect(withPendingMove(before, { taskId: 'gone', columnId: doing, index: 0 })).toBe(before);
    const a = before.columns[0]?.tasks[0];
    expect(withPendingMove(before, { taskId: a?.id ?? '', columnId: 'gone', index: 0 })).toBe(before);
  });
});
