/** M4 under fast-check: with honest clocks, the move made last wins, however long its rivals were offline. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, moveTask } from './tasks.ts';
import { columnIds, columnOf, editor, replicaOf, seeded, syncAll, T0 } from './testing/fixtures.ts';

const SEED = process.env.TF_SEED === undefined ? undefined : Number(process.env.TF_SEED);

describe('stale offline moves', () => {
  it('M4: after any mix of online and offline moves of one task, every replica shows the last move made', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            replica: fc.integer({ min: 0, max: 4 }),
            column: fc.integer({ min: 0, max: 2 }),
            gap: fc.integer({ min: 1, max: 60_000 }),
            /** Whether the mover is online: online moves are seen by every online replica at once. */
            online: fc.boolean(),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        (moves) => {
          const origin = seeded();
          const id = createTask(origin, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'x' });
          const replicas = Array.from({ length: 5 }, () => replicaOf(origin));
          const cols = columnIds(origin);
          const onlineNow = new Set<number>();
          let time = T0;
          for (const m of moves) {
            time += m.gap;
            const doc = replicas[m.replica];
            if (!doc) continue;
            if (m.online) onlineNow.add(m.replica);
            else onlineNow.delete(m.replica);
            moveTask(doc, editor(`p${m.replica}`, time), id, cols[m.column] as string, 0);
            syncAll(...replicas.filter((_, i) => onlineNow.has(i)));
          }
          syncAll(...replicas);
          const last = moves[moves.length - 1];
          for (const doc of replicas) expect(columnOf(doc, id)).toBe(cols[last?.column ?? 0]);
        },
      ),
      { numRuns: 300, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });
});
