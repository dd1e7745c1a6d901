import {
  addColumn,
  archiveColumn,
  archiveTask,
  type Board,
  createTask,
  type Editor,
  FIRST_PROJECT_ID,
  moveTask,
  readProjects,
  restoreTask,
  seedWorkspace,
  updateTask,
} from '@taskflow/model';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BoardStore } from '../board/board-store.ts';
import { type BoardSnapshot, fromSnapshot, toSnapshot } from './board-snapshot.ts';
import { SnapshotAssembler } from './snapshot-assembler.ts';
import { SnapshotEncoder } from './snapshot-encoder.ts';

const ada: Editor = { origin: { kind: 'user', actorId: 'ada' } };
const PEOPLE = { ada: 'Ada "the first"', bo: 'Bo\u2028Li', cy: 'Çy' };
const ASSIGNEES = [null, 'ada', 'bo', 'cy', 'zed'];

/** The page's end and the worker's end of a write, wired together as the worker would be. */
function pipe() {
  const encoder = new SnapshotEncoder();
  const assembler = new SnapshotAssembler();
  let sent = 0;
  const send = (rows: { ids: number[]; texts: string[] }) => {
    sent += rows.ids.length;
    assembler.add({ type: 'rows', stream: 1, ...rows });
  };
  /** Sends rows, `checks` clock checks at a time (Infinity: all at once); false if interrupted. */
  const sendRows = (board: Board, checks = Number.POSITIVE_INFINITY) => {
    let left = checks;
    return encoder.sendRows(board, send, () => --left < 0);
  };
  const write = (snapshot: BoardSnapshot, savedAt: string) => {
    while (!sendRows(snapshot.board, 3));
    const layout = encoder.layout(snapshot, savedAt);
    return { text: assembler.assemble({ type: 'write', stream: 1, seq: 1, key: KEY, ...layout }), layout };
  };
  return { encoder, assembler, sendRows, write, sent: () => sent };
}
const KEY = { userId: 'ada', workspaceId: 'default', projectId: FIRST_PROJECT_ID };

function workspace() {
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: 'default' });
  const store = new BoardStore(doc, FIRST_PROJECT_ID);
  store.attach();
  return { doc, store };
}

/** The snapshot the writer stores; the people the cards show are counted incrementally, checked here. */
function snapshotOf(doc: Y.Doc, board: Board, encoder: SnapshotEncoder): BoardSnapshot {
  const sprints = [{ id: 's1', projectId: FIRST_PROJECT_ID, name: 'One', state: 'active' }] as never;
  const people = encoder.shownPeople(board, PEOPLE);
  const shown = new Set(board.columns.flatMap((c) => c.tasks.map((t) => t.assignee)));
  expect(people).toEqual(Object.fromEntries(Object.entries(PEOPLE).filter(([id]) => shown.has(id))));
  return { board, projects: readProjects(doc), sprints, people };
}

const tasksIn = (board: Board) => board.columns.reduce((n, c) => n + c.tasks.length, 0);

describe('incremental snapshot encoding', () => {
  it('builds exactly the text of a full encoding after random board changes', () => {
    const seed = Number(process.env.SEED ?? Date.now() % 100_000);
    const op = fc.tuple(fc.nat(9), fc.nat(1000), fc.nat(1000), fc.string({ maxLength: 12, unit: 'binary' }));
    // fast-check prints the seed and path of a failure; replay with SEED=<seed>.
    fc.assert(
      fc.property(fc.array(op, { minLength: 20, maxLength: 70 }), (script) => {
        const { doc, store } = workspace();
        const { encoder, assembler, sendRows, write } = pipe();
        const ids: string[] = [];
        let step = 0;
        for (const [kind, a, b, text] of script) {
          const cols = store.get()?.columns ?? [];
          const col = cols[a % Math.max(cols.length, 1)];
          const id = ids[a % Math.max(ids.length, 1)];
          try {
            if (kind <= 1 || !id)
              ids.push(
                createTask(doc, ada, {
                  projectId: FIRST_PROJECT_ID,
                  title: `t${a} ${text}`,
                  columnId: col?.id,
                }),
              );
            else if (kind === 2 && col) moveTask(doc, ada, id, col.id, b % 5);
            else if (kind === 3) updateTask(doc, ada, id, { title: `${text}x` });
            else if (kind === 4)
              updateTask(doc, ada, id, { assignee: ASSIGNEES[b % ASSIGNEES.length] ?? null });
            else if (kind === 5)
              updateTask(doc, ada, id, { labels: [text.slice(0, 8) || 'l'], priority: 'high' });
            else if (kind === 6) (b % 2 ? archiveTask : restoreTask)(doc, ada, id);
            else if (kind === 7 && col && b % 5 === 0) archiveColumn(doc, ada, col.id);
            else if (kind === 8 && b % 4 === 0)
              addColumn(doc, ada, { projectId: FIRST_PROJECT_ID, name: `c ${text}` });
          } catch {
            // Refusals (the last column, a bad title) leave the board as it was; encoding goes on.
          }
          const board = store.get();
          if (!board) throw new Error('no board');
          // Sometimes a write is cut short and the board changes before the next one.
          if (b % 5 === 1) sendRows(board, b % 3);
          if (b % 3 !== 0) continue;
          const snapshot = snapshotOf(doc, board, encoder);
          const savedAt = `2026-12-03T11:00:${String(step++ % 60).padStart(2, '0')}.000Z`;
          const { text: built } = write(snapshot, savedAt);
          expect(built).toBe(JSON.stringify(toSnapshot(snapshot, savedAt)));
          // Rows that left the board are dropped: the far end holds the board's rows and no more.
          expect(assembler.size).toBe(tasksIn(board));
        }
        store.detach();
      }),
      { seed, numRuns: 40 },
    );
  });

  it('re-encodes and sends only the moved or edited task, and reads back as the board', () => {
    const { doc, store } = workspace();
    const columns = store.get()?.columns ?? [];
    const [todo, doing] = columns;
    if (!todo || !doing) throw new Error('no columns');
    const ids = doc.transact(() =>
      Array.from({ length: 2_000 }, (_, i) =>
        createTask(doc, ada, {
          projectId: FIRST_PROJECT_ID,
          title: `Task ${i}`,
          columnId: columns[i % 3]?.id,
        }),
      ),
    );
    const { encoder, write, sent } = pipe();
    write(snapshotOf(doc, store.get() as Board, encoder), 'first');
    expect(encoder.encoded).toBe(2_000);
    expect(sent()).toBe(2_000);

    const moved = ids[0] ?? '';
    moveTask(doc, ada, moved, doing.id, 1);
    const afterMove = store.get() as Board;
    const { text, layout } = write(snapshotOf(doc, afterMove, encoder), 'after the move');
    expect(encoder.encoded).toBe(2_001);
    expect(sent()).toBe(2_001);
    // The moved task's old row goes; every other row stays where it was held.
    expect(layout.drop).toHaveLength(1);
    const read = fromSnapshot(JSON.parse(text));
    expect(read?.board.columns.map((c) => c.tasks.map((t) => t.id))).toEqual(
      afterMove.columns.map((c) => c.tasks.map((t) => t.id)),
    );
    expect(read?.board.columns[1]?.tasks.some((t) => t.id === moved)).toBe(true);

    updateTask(doc, ada, ids[5] ?? '', { title: 'Typed one more letter' });
    write(snapshotOf(doc, store.get() as Board, encoder), 'after typing');
    expect(encoder.encoded).toBe(2_002);
    expect(sent()).toBe(2_002);

    // Nothing changed: nothing is encoded or sent, only the layout again.
    write(snapshotOf(doc, store.get() as Board, encoder), 'unchanged');
    expect(encoder.encoded).toBe(2_002);
    expect(sent()).toBe(2_002);
    store.detach();
  });

  it('sends everything again after a reset (the far end lost its rows) without encoding it again', () => {
    const { doc, store } = workspace();
    for (let i = 0; i < 50; i++) createTask(doc, ada, { projectId: FIRST_PROJECT_ID, title: `Task ${i}` });
    const first = pipe();
    const board = store.get() as Board;
    first.write(snapshotOf(doc, board, first.encoder), 'one');
    first.encoder.reset();
    const fresh = new SnapshotAssembler();
    const rows: string[] = [];
    const send = (r: { ids: number[]; texts: string[] }) => {
      rows.push(...r.texts);
      fresh.add({ type: 'rows', stream: 1, ...r });
    };
    expect(first.encoder.sendRows(board, send, () => false)).toBe(true);
    const layout = first.encoder.layout(snapshotOf(doc, board, first.encoder), 'two');
    expect(rows).toHaveLength(50);
    expect(first.encoder.encoded).toBe(50);
    expect(fresh.assemble({ type: 'write', stream: 1, seq: 2, key: KEY, ...layout })).toBe(
      JSON.stringify(toSnapshot(snapshotOf(doc, board, first.encoder), 'two')),
    );
    store.detach();
  });
});
