import { describe, expect, it } from 'vitest';
import type { LostMove } from './conflicts.ts';
import { observeLostMoves, readLostMoves } from './conflicts.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, moveTask, placeTask } from './tasks.ts';
import { columnIds, columnOf, editor, replicaOf, seeded, syncAll, T0 } from './testing/fixtures.ts';

describe('lost moves', () => {
  it('M10: the author of the losing move is told who won and where the task went', () => {
    const a = seeded();
    const id = createTask(a, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'Fix login' });
    const b = replicaOf(a);
    const [, doing, done] = columnIds(a) as [string, string, string];
    const seen: LostMove[] = [];
    observeLostMoves(a, 'ann', (lost) => seen.push(...lost));
    moveTask(a, editor('ann', T0 + 1000), id, doing, 0);
    moveTask(b, editor('bea', T0 + 2000), id, done, 0);
    syncAll(a, b);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({
      taskId: id,
      taskTitle: 'Fix login',
      mine: { col: doing, colName: 'In Progress' },
      winner: { by: 'bea', col: done, colName: 'Done' },
    });
    expect(readLostMoves(b, 'bea')).toEqual([]);
    expect(readLostMoves(b, 'ann')).toHaveLength(1);
  });

  it('M10: re-applying my move makes it win everywhere and clears the notice', () => {
    const a = seeded();
    const id = createTask(a, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'Fix login' });
    const b = replicaOf(a);
    const [, doing, done] = columnIds(a) as [string, string, string];
    moveTask(a, editor('ann', T0 + 1000), id, doing, 0);
    moveTask(b, editor('bea', T0 + 2000), id, done, 0);
    syncAll(a, b);
    const [lost] = readLostMoves(a, 'ann');
    if (!lost) throw new Error('expected a lost move');
    placeTask(a, editor('ann', T0 + 3000), id, lost.mine);
    syncAll(a, b);
    expect(columnOf(a, id)).toBe(doing);
    expect(columnOf(b, id)).toBe(doing);
    expect(readLostMoves(a, 'ann')).toEqual([]);
    expect(readLostMoves(b, 'bea')).toEqual([]);
  });

  it('M10: a sequential move by someone who saw mine is not reported as a conflict', () => {
    const a = seeded();
    const id = createTask(a, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'Fix login' });
    const [, doing, done] = columnIds(a) as [string, string, string];
    moveTask(a, editor('ann', T0 + 1000), id, doing, 0);
    const b = replicaOf(a);
    const seen: LostMove[] = [];
    observeLostMoves(a, 'ann', (lost) => seen.push(...lost));
    moveTask(b, editor('bea', T0 + 2000), id, done, 0);
    syncAll(a, b);
    expect(seen).toEqual([]);
    expect(columnOf(a, id)).toBe(done);
  });
});
