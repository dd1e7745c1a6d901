import {
  addColumn,
  archiveColumn,
  archiveTask,
  createTask,
  type Editor,
  FIRST_PROJECT_ID,
  moveTask,
  readBoard,
  restoreTask,
  seedWorkspace,
  taskIndex,
  taskWalks,
  updateTask,
} from '@taskflow/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardStore } from './board-store.ts';

const editor: Editor = { origin: { kind: 'user', actorId: 'ada' } };

/** Plain data; archived tasks with equal archive times may come in either order, so sort them. */
function strip(board: ReturnType<typeof readBoard>) {
  const plain = JSON.parse(JSON.stringify(board ?? null));
  plain?.archivedTasks.sort((a: { archivedAt: string; id: string }, b: { archivedAt: string; id: string }) =>
    a.archivedAt === b.archivedAt ? (a.id < b.id ? -1 : 1) : a.archivedAt < b.archivedAt ? 1 : -1,
  );
  return plain;
}

describe('BoardStore', () => {
  it('matches readBoard after every operation, also for changes that arrive from another replica', () => {
    const seed = Number(process.env.SEED ?? Date.now() % 100_000);
    const ops = fc.array(fc.tuple(fc.nat(6), fc.nat(1000), fc.nat(1000)), { minLength: 30, maxLength: 80 });
    // fast-check prints the seed and path of a failure; replay with SEED=<seed>.
    fc.assert(
      fc.property(ops, (script) => {
        const doc = new Y.Doc();
        const remote = new Y.Doc();
        seedWorkspace(doc, { workspaceId: 'default' });
        Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
        remote.on('update', (u: Uint8Array) => Y.applyUpdate(doc, u));
        const store = new BoardStore(doc, FIRST_PROJECT_ID);
        store.attach();
        const ids: string[] = [];
        for (const [op, a, b] of script) {
          const target = op % 2 === 0 ? doc : remote;
          const board = readBoard(target, FIRST_PROJECT_ID);
          const cols = board?.columns ?? [];
          const col = cols[a % Math.max(cols.length, 1)];
          const id = ids[a % Math.max(ids.length, 1)];
          try {
            if (op <= 1 || !id)
              ids.push(
                createTask(target, editor, {
                  projectId: FIRST_PROJECT_ID,
                  title: `t${a}`,
                  columnId: col?.id,
                }),
              );
            else if (op === 2 && col) moveTask(target, editor, id, col.id, b % 5);
            else if (op === 3) updateTask(target, editor, id, { title: `renamed ${b}` });
            else if (op === 4) (b % 2 ? archiveTask : restoreTask)(target, editor, id);
            else if (op === 5 && col && b % 4 === 0) archiveColumn(target, editor, col.id);
            else if (op === 6 && b % 4 === 0)
              addColumn(target, editor, { projectId: FIRST_PROJECT_ID, name: `c${b}` });
          } catch {
            // Refusals (e.g. the last column) are fine; the store must still agree afterwards.
          }
          if (b % 3 === 0) expect(strip(store.get())).toEqual(strip(readBoard(doc, FIRST_PROJECT_ID)));
        }
        expect(strip(store.get())).toEqual(strip(readBoard(doc, FIRST_PROJECT_ID)));
        store.detach();
      }),
      { seed, numRuns: 20 },
    );
  });

  it('keeps unchanged columns and tasks as the same objects', () => {
    const doc = new Y.Doc();
    seedWorkspace(doc, { workspaceId: 'default' });
    const [todo, doing] = readBoard(doc, FIRST_PROJECT_ID)?.columns ?? [];
    if (!todo || !doing) throw new Error('seed has columns');
    const a = createTask(doc, editor, { projectId: FIRST_PROJECT_ID, title: 'a', columnId: todo.id });
    createTask(doc, editor, { projectId: FIRST_PROJECT_ID, title: 'b', columnId: doing.id });
    const store = new BoardStore(doc, FIRST_PROJECT_ID);
    store.attach();
    const before = store.get();
    updateTask(doc, editor, a, { title: 'a2' });
    const after = store.get();
    expect(after?.columns[1]).toBe(before?.columns[1]);
    expect(after?.columns[0]).not.toBe(before?.columns[0]);
    expect(after?.columns[0]?.tasks[0]?.title).toBe('a2');
    expect(store.get()).toBe(after);
  });

  it('keeps the board read before it attached when nothing changed in between (no second full read)', () => {
    const doc = new Y.Doc();
    seedWorkspace(doc, { workspaceId: 'default' });
    const [todo, doing] = readBoard(doc, FIRST_PROJECT_ID)?.columns ?? [];
    if (!todo || !doing) throw new Error('seed has columns');
    const a = createTask(doc, editor, { projectId: FIRST_PROJECT_ID, title: 'a', columnId: todo.id });
    taskIndex(doc).column(FIRST_PROJECT_ID, todo.id);
    const store = new BoardStore(doc, FIRST_PROJECT_ID);
    // As React does it: the first render reads, then the effect attaches.
    store.get();
    const walks = taskWalks(doc);
    store.attach();
    moveTask(doc, editor, a, doing.id, 0);
    expect(store.get()?.columns[1]?.tasks.map((t) => t.title)).toEqual(['a']);
    expect(taskWalks(doc)).toBe(walks);
    store.detach();
  });

  it('reads everything again when the document changed between the first read and attaching', () => {
    const doc = new Y.Doc();
    seedWorkspace(doc, { workspaceId: 'default' });
    const [todo] = readBoard(doc, FIRST_PROJECT_ID)?.columns ?? [];
    if (!todo) throw new Error('seed has columns');
    const store = new BoardStore(doc, FIRST_PROJECT_ID);
    store.get();
    createTask(doc, editor, { projectId: FIRST_PROJECT_ID, title: 'while detached', columnId: todo.id });
    store.attach();
    expect(store.get()?.columns[0]?.tasks.map((t) => t.title)).toEqual(['while detached']);
    store.detach();
  });
});
