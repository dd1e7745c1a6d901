import { describe, expect, it } from 'vitest';
import { readLostMoves } from './conflicts.ts';
import { isPlacement, placementEntries, placementRegister } from './placement.ts';
import { yTask } from './read.ts';
import { placementSchema } from './schema.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, moveTask } from './tasks.ts';
import { columnIds, columnOf, editor, replicaOf, seeded, syncAll, T0 } from './testing/fixtures.ts';

function setup() {
  const a = seeded();
  const id = createTask(a, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'Fix login' });
  const b = replicaOf(a);
  const c = replicaOf(a);
  const [todo, doing, done] = columnIds(a) as [string, string, string];
  return { a, b, c, id, todo, doing, done };
}

describe('placement register', () => {
  it('M4: two concurrent moves converge to the later one on every replica, card not duplicated', () => {
    const { a, b, id, doing, done } = setup();
    moveTask(a, editor('ann', T0 + 1000), id, doing, 0);
    moveTask(b, editor('bob', T0 + 2000), id, done, 0);
    syncAll(a, b);
    expect(columnOf(a, id)).toBe(done);
    expect(columnOf(b, id)).toBe(done);
    const reg = placementRegister(yTask(a, id) as never);
    expect(placementEntries(reg as never)).toHaveLength(2);
  });

  it('M4: a stale offline move never beats later online moves, whatever the client ids', () => {
    for (let trial = 0; trial < 50; trial++) {
      const { a, b, c, id, todo, doing, done } = setup();
      moveTask(a, editor('ann', T0 + 1000), id, done, 0); // offline, early
      moveTask(b, editor('bob', T0 + 2000), id, doing, 0);
      syncAll(b, c);
      moveTask(c, editor('cy', T0 + 3000), id, todo, 0);
      moveTask(b, editor('bob', T0 + 4000), id, doing, 0);
      syncAll(a, b, c);
      for (const d of [a, b, c]) expect(columnOf(d, id)).toBe(doing);
    }
  });

  it('M4: equal timestamps tie-break deterministically on the writer key', () => {
    const { a, b, id, doing, done } = setup();
    moveTask(a, editor('ann', T0 + 5000), id, doing, 0);
    moveTask(b, editor('bob', T0 + 5000), id, done, 0);
    syncAll(a, b);
    const expected = String(a.clientID) > String(b.clientID) ? doing : done;
    expect(columnOf(a, id)).toBe(expected);
    expect(columnOf(b, id)).toBe(expected);
  });

  it('M4: a move after seeing others collapses the register to one entry and wins even with a slow clock', () => {
    const { a, b, id, doing, done, todo } = setup();
    moveTask(a, editor('ann', T0 + 9000), id, doing, 0);
    moveTask(b, editor('bob', T0 + 8000), id, done, 0);
    syncAll(a, b);
    moveTask(b, editor('bob', T0), id, todo, 0); // clock behind what it has seen
    syncAll(a, b);
    expect(columnOf(a, id)).toBe(todo);
    expect(placementEntries(placementRegister(yTask(a, id) as never) as never)).toHaveLength(1);
    expect(readLostMoves(a, 'ann')).toEqual([]);
  });

  it('M9: the hand-written placement check agrees with the zod schema', () => {
    const samples: unknown[] = [
      { col: 'c', rank: 'a0', hlc: 1, moveId: 'm', by: 'x' },
      { col: '', rank: 'a0', hlc: 1, moveId: 'm', by: 'x' },
      { col: 'c', rank: '', hlc: 1, moveId: 'm', by: 'x' },
      { col: 'c', rank: 'a0', hlc: -1, moveId: 'm', by: 'x' },
      { col: 'c', rank: 'a0', hlc: 1.5, moveId: 'm', by: 'x' },
      { col: 'c', rank: 'a0', hlc: '1', moveId: 'm', by: 'x' },
      { col: 'c', rank: 'a0', hlc: 1, moveId: 'm' },
      { col: 'c'.repeat(201), rank: 'a0', hlc: 1, moveId: 'm', by: 'x' },
      null,
      'a0',
      42,
    ];
    for (const s of samples) expect(isPlacement(s)).toBe(placementSchema.safeParse(s).success);
  });
});
