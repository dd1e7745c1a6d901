/**
 * Undo under fast-check: whatever mix of my own creates, edits, moves, archives, column changes,
 * undos and redos, when nobody else edits, undoing everything gives back the board I started
 * with, and redoing everything gives back the board my latest step left.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { readBoard } from './board.ts';
import { ModelError } from './errors.ts';
import { addColumn, archiveColumn, moveColumn, renameColumn } from './projects.ts';
import { PRIORITIES } from './schema.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { archiveTask, createTask, moveTask, restoreTask, updateTask } from './tasks.ts';
import { editor, seeded, T0 } from './testing/fixtures.ts';
import { UndoHistory } from './undo.ts';

const SEED = process.env.TF_SEED === undefined ? undefined : Number(process.env.TF_SEED);
const P = FIRST_PROJECT_ID;

/** What a person sees: live columns in order with their tasks in order, and which tasks are archived. */
function view(doc: Y.Doc, only?: Set<string>) {
  const board = readBoard(doc, P);
  const keep = (id: string) => !only || only.has(id);
  return {
    columns: board?.columns.map((c) => ({
      id: c.id,
      name: c.name,
      tasks: c.tasks.filter((t) => keep(t.id)).map((t) => `${t.id} ${t.title} ${t.priority}`),
    })),
    archived: board?.archivedTasks
      .filter((t) => keep(t.id))
      .map((t) => t.id)
      .sort(),
  };
}

type Op = { kind: number; a: number; b: number };

function apply(doc: Y.Doc, history: UndoHistory, op: Op, now: () => number): void {
  const me = editor('ann', now);
  const board = readBoard(doc, P);
  if (!board) return;
  const live = board.columns;
  const tasks = [...live.flatMap((c) => c.tasks), ...board.archivedTasks];
  const col = live[op.a % live.length];
  const task = tasks[op.b % Math.max(1, tasks.length)];
  try {
    switch (op.kind) {
      case 0:
        createTask(doc, me, { projectId: P, title: `new ${op.a}`, ...(col ? { columnId: col.id } : {}) });
        break;
      case 1:
        if (task) updateTask(doc, me, task.id, { title: `title ${op.a}` });
        break;
      case 2:
        if (task) updateTask(doc, me, task.id, { priority: PRIORITIES[op.a % PRIORITIES.length] });
        break;
      case 3:
        if (task && col) moveTask(doc, me, task.id, col.id, op.b % 4);
        break;
      case 4:
        if (task) (task.archivedAt ? restoreTask : archiveTask)(doc, me, task.id);
        break;
      case 5:
        if (col) renameColumn(doc, me, col.id, `col ${op.b}`);
        break;
      case 6:
        if (col) moveColumn(doc, me, col.id, op.b % live.length);
        break;
      case 7:
        if (col) archiveColumn(doc, me, col.id);
        break;
      case 8:
        addColumn(doc, me, { projectId: P, name: `added ${op.a}`, index: op.b % (live.length + 1) });
        break;
      case 9:
        history.undo();
        break;
      default:
        history.redo();
    }
  } catch (error) {
    // The model refuses some random ops (the last live column); a refusal records nothing.
    if (!(error instanceof ModelError)) throw error;
  }
}

describe('undo, randomized', () => {
  it('undoing all my steps restores the board I started with; redoing all restores the one I had', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ kind: fc.integer({ min: 0, max: 10 }), a: fc.nat(50), b: fc.nat(50) }), {
          minLength: 1,
          maxLength: 60,
        }),
        (ops) => {
          const doc = seeded();
          for (const title of ['one', 'two', 'three'])
            createTask(doc, editor('bob'), { projectId: P, title });
          let time = T0;
          const now = () => (time += 1_000);
          const history = new UndoHistory(doc, 'ann', { now });
          const start = view(doc);
          const startIds = new Set(readBoard(doc, P)?.columns.flatMap((c) => c.tasks.map((t) => t.id)));
          for (const op of ops) apply(doc, history, op, now);
          // The latest state my steps reach: what was undone at the end of the ops, done again.
          while (history.canRedo) history.redo();
          const end = view(doc);
          while (history.canUndo) {
            const result = history.undo();
            expect(result).toMatchObject({ changedSince: 0, refused: 0 });
          }
          expect(view(doc, startIds)).toEqual(start);
          const board = readBoard(doc, P);
          const liveIds = board?.columns.flatMap((c) => c.tasks.map((t) => t.id)) ?? [];
          expect(liveIds.filter((id) => !startIds.has(id))).toEqual([]);
          while (history.canRedo) history.redo();
          expect(view(doc)).toEqual(end);
        },
      ),
      { numRuns: 200, ...(SEED === undefined ? {} : { seed: SEED }) },
    );
  });
});
