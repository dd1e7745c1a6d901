import {
  createTask,
  FIRST_PROJECT_ID,
  LIMITS,
  readBoard,
  readTask,
  seedWorkspace,
  UndoHistory,
  userOrigin,
} from '@taskflow/model';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { actOnTasks, editTasks } from './edit-tasks.ts';

function board() {
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: 'w' });
  const editor = { origin: userOrigin('ada') };
  const history = new UndoHistory(doc, 'ada');
  const ids = ['One', 'Two', 'Three'].map((title) =>
    createTask(doc, editor, { projectId: FIRST_PROJECT_ID, title }),
  );
  return { doc, editor, history, ids };
}

describe('a picker’s choice on several tasks', () => {
  it('sets the deadline of every task in one step that one undo takes back', () => {
    const { doc, editor, history, ids } = board();
    expect(editTasks(doc, editor, ids, () => ({ deadline: '2026-12-04' }))).toBe(true);
    expect(ids.map((id) => readTask(doc, id)?.deadline)).toEqual(['2026-12-04', '2026-12-04', '2026-12-04']);
    history.undo();
    expect(ids.map((id) => readTask(doc, id)?.deadline)).toEqual([null, null, null]);
  });

  it('writes nothing when one patch is refused, not half of them', () => {
    const { doc, editor, ids } = board();
    const many = Array.from({ length: LIMITS.labels + 1 }, (_, i) => `l${i}`);
    const [first, second] = ids;
    const ok = editTasks(doc, editor, ids, (t) => (t.id === second ? { labels: many } : { labels: ['a'] }));
    expect(ok).toBe(false);
    expect(readTask(doc, first ?? '')?.labels).toEqual([]);
  });

  it('moves, assigns and prioritises through the model’s bulk actions, one undo step each', () => {
    const { doc, editor, history, ids } = board();
    const done = readBoard(doc, FIRST_PROJECT_ID)?.columns.at(-1)?.id ?? '';
    const [first, , third] = ids;
    const picked = [first ?? '', third ?? ''];
    expect(actOnTasks(doc, editor, picked, { kind: 'priority', priority: 'high' })).toBe(true);
    expect(actOnTasks(doc, editor, picked, { kind: 'move', columnId: done })).toBe(true);
    expect(
      readBoard(doc, FIRST_PROJECT_ID)
        ?.columns.at(-1)
        ?.tasks.map((t) => t.title),
    ).toEqual(['One', 'Three']);
    history.undo();
    expect(readBoard(doc, FIRST_PROJECT_ID)?.columns.at(-1)?.tasks).toEqual([]);
    expect(picked.map((id) => readTask(doc, id)?.priority)).toEqual(['high', 'high']);
    history.undo();
    expect(picked.map((id) => readTask(doc, id)?.priority)).toEqual(['medium', 'medium']);
  });
});
