/**
 * Bulk actions under fast-check: two people each do bulk actions and single edits on the same
 * tasks while their updates cross in random order (some overtaking, some twice). Once everything is
 * delivered both replicas show the same board, every task exactly once (SPEC M3), and undoing a
 * bulk action afterwards still converges.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoard } from './board.ts';
import { type BulkAction, bulkUpdateTasks } from './bulk.ts';
import { ModelError } from './errors.ts';
import { PRIORITIES } from './schema.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, moveTask, updateTask } from './tasks.ts';
import { editor, seeded, T0 } from './testing/fixtures.ts';
import { Network } from './testing/network.ts';
import { rng } from './testing/prng.ts';
import { UndoHistory } from './undo.ts';

const SEED = process.env.TF_SEED === undefined ? undefined : Number(process.env.TF_SEED);
const P = FIRST_PROJECT_ID;
const TASKS = 12;

function view(doc: Y.Doc) {
  const board = readBoard(doc, P);
  return {
    columns: board?.columns.map((c) => ({
      id: c.id,
      tasks: c.tasks.map((t) => `${t.id} ${t.title} ${t.priority} ${t.assignee} ${t.labels.join(',')}`),
    })),
    archived: board?.archivedTasks.map((t) => t.id).sort(),
  };
}

type Op = { who: number; kind: number; a: number; picks: number[]; deliver: number };

function action(kind: number, a: number, columns: string[]): BulkAction {
  switch (kind) {
    case 0:
      return { kind: 'move', columnId: columns[a % columns.length] as string };
    case 1:
      return { kind: 'assign', assignee: a % 3 === 0 ? null : `p${a % 3}` };
    case 2:
      return { kind: 'add-label', label: `l${a % 3}` };
    case 3:
      return { kind: 'remove-label', label: `l${a % 3}` };
    case 4:
      return { kind: 'priority', priority: PRIORITIES[a % PRIORITIES.length] as (typeof PRIORITIES)[number] };
    default:
      return { kind: 'archive' };
  }
}

function apply(doc: Y.Doc, history: UndoHistory, actor: string, op: Op, now: () => number): void {
  const me = editor(actor, now);
  const board = readBoard(doc, P);
  if (!board) return;
  const columns = board.columns.map((c) => c.id);
  const all = [...board.columns.flatMap((c) => c.tasks), ...board.archivedTasks].map((t) => t.id).sort();
  const chosen = [...new Set(op.picks.map((i) => all[i % all.length] as string))];
  const one = chosen[0] as string;
  try {
    if (op.kind < 6) bulkUpdateTasks(doc, me, chosen, action(op.kind, op.a, columns));
    else if (op.kind === 6) updateTask(doc, me, one, { priority: PRIORITIES[op.a % PRIORITIES.length] });
    else if (op.kind === 7) moveTask(doc, me, one, columns[op.a % columns.length] as string, op.a % 3);
    else if (op.kind === 8) updateTask(doc, me, one, { title: `t${op.a}` });
    else history.undo();
  } catch (error) {
    if (!(error instanceof ModelError)) throw error;
  }
}

describe('bulk actions, randomized', () => {
  it('M3: two replicas doing bulk actions and single edits, delivered in any order, converge', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.array(
          fc.record({
            who: fc.nat(1),
            kind: fc.integer({ min: 0, max: 9 }),
            a: fc.nat(20),
            picks: fc.array(fc.nat(TASKS * 2), { minLength: 1, maxLength: 8 }),
            deliver: fc.nat(4),
          }),
          { minLength: 1, maxLength: 30 },
        ),
        (seed, ops) => {
          const origin = seeded();
          for (let i = 0; i < TASKS; i++)
            createTask(origin, editor('setup'), { projectId: P, title: `task ${i}` });
          const net = new Network(2, Y.encodeStateAsUpdate(origin), rng(seed));
          const actors = ['ann', 'bob'];
          let time = T0;
          const now = () => (time += 1_000);
          const histories = net.replicas.map((r, i) => new UndoHistory(r.doc, actors[i] as string, { now }));
          for (const op of ops) {
            const r = net.replicas[op.who] as (typeof net.replicas)[number];
            apply(r.doc, histories[op.who] as UndoHistory, actors[op.who] as string, op, now);
            for (let i = 0; i < op.deliver; i++) net.deliverOne();
          }
          net.settle();
          const [a, b] = net.replicas.map((r) => r.doc) as [Y.Doc, Y.Doc];
          expect(view(b)).toEqual(view(a));
          const shown = view(a).columns?.flatMap((c) => c.tasks.map((t) => t.split(' ')[0])) ?? [];
          expect(shown.length + (view(a).archived?.length ?? 0)).toBe(TASKS);
          expect(new Set(shown).size).toBe(shown.length);
        },
      ),
      { numRuns: 150, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });
});
