import { createTask, FIRST_PROJECT_ID, readBoard, readProjects, updateTask } from '@taskflow/model';
import { editor, seeded } from '@taskflow/model/testing/fixtures';
import { describe, expect, it } from 'vitest';
import { type BoardSnapshot, fromSnapshot, SNAPSHOT_VERSION, toSnapshot } from './board-snapshot.ts';

function liveSnapshot(): BoardSnapshot {
  const doc = seeded();
  const ada = editor('ada');
  const columns = readBoard(doc, FIRST_PROJECT_ID)?.columns ?? [];
  const first = createTask(doc, ada, { projectId: FIRST_PROJECT_ID, title: 'Write the brief' });
  updateTask(doc, ada, first, { priority: 'high', labels: ['docs'], assignee: 'ada', estimate: 3 });
  createTask(doc, ada, { projectId: FIRST_PROJECT_ID, title: 'Ship it', columnId: columns[1]?.id });
  const board = readBoard(doc, FIRST_PROJECT_ID);
  if (!board) throw new Error('no board');
  return { board, projects: readProjects(doc), sprints: [], people: { ada: 'Ada' } };
}

/** What the card shows and is memoized on (task-card.tsx), column by column. */
const cards = (s: BoardSnapshot) =>
  s.board.columns.map((c) => ({
    id: c.id,
    name: c.name,
    tasks: c.tasks.map((t) => ({
      id: t.id,
      title: t.title,
      priority: t.priority,
      labels: t.labels,
      assignee: t.assignee,
      deadline: t.deadline,
      estimate: t.estimate,
      number: t.number,
      updatedAt: t.updatedAt,
      columnId: t.columnId,
      rank: t.rank,
      sprintId: t.sprintId,
    })),
  }));

describe('board snapshot', () => {
  it('reads back what the cards of the live board show, through JSON', () => {
    const live = liveSnapshot();
    const read = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(live))));
    expect(read).not.toBeNull();
    if (!read) return;
    expect(cards(read)).toEqual(cards(live));
    expect(cards(read).flatMap((c) => c.tasks.map((t) => t.title))).toEqual(['Write the brief', 'Ship it']);
    expect(read.board.project).toEqual(live.board.project);
    expect(read.projects).toEqual(live.projects);
    expect(read.people).toEqual({ ada: 'Ada' });
  });

  it('ignores a snapshot of another version', () => {
    const stored = toSnapshot(liveSnapshot());
    expect(fromSnapshot({ ...stored, version: SNAPSHOT_VERSION + 1 })).toBeNull();
    expect(fromSnapshot({ ...stored, version: 0 })).toBeNull();
  });

  it('ignores damaged data instead of throwing', () => {
    const stored = toSnapshot(liveSnapshot());
    const column = stored.columns[0];
    if (!column) throw new Error('no column');
    const badTask = { ...stored, columns: [{ ...column, tasks: [['only-an-id']] }] };
    expect(fromSnapshot(badTask)).toBeNull();
    // The rows are checked as one list: a bad row after good ones, or no list at all, fails it.
    const good = column.tasks[0];
    const lastBad = { ...stored, columns: [{ ...column, tasks: [good, good, ['only-an-id']] }] };
    expect(good).toBeDefined();
    expect(fromSnapshot(lastBad)).toBeNull();
    expect(fromSnapshot({ ...stored, columns: [{ ...column, tasks: { 0: good, length: 1 } }] })).toBeNull();
    expect(fromSnapshot({ ...stored, project: null })).toBeNull();
    expect(fromSnapshot(null)).toBeNull();
    expect(fromSnapshot('{"version":1')).toBeNull();
    expect(fromSnapshot([])).toBeNull();
  });
});
