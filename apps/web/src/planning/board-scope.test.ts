import type { Board, Sprint, Task } from '@taskflow/model';
import { describe, expect, it } from 'vitest';
import { boardFilter, inSprint, matchesSearch } from './board-scope.ts';

function task(id: string, extra: Partial<Task> = {}): Task {
  return { id, projectId: 'p', number: null, title: id, sprintId: null, columnId: 'c1', ...extra } as Task;
}

function sprint(id: string, extra: Partial<Sprint> = {}): Sprint {
  return {
    id,
    projectId: 'p',
    name: id,
    goal: '',
    startDate: null,
    endDate: null,
    createdBy: 'u',
    createdAt: '2026-01-01T00:00:00.000Z',
    state: 'planned',
    start: null,
    completion: null,
    startLost: false,
    ...extra,
  };
}

describe('matchesSearch', () => {
  it('finds a task by its title or by its key, final or provisional, in any case', () => {
    const numbered = task('t1', { number: 12, title: 'Fix login' });
    expect(matchesSearch(numbered, 'WEB', 'web-12')).toBe(true);
    expect(matchesSearch(numbered, 'WEB', 'WEB-1')).toBe(true);
    expect(matchesSearch(numbered, 'WEB', 'login')).toBe(true);
    expect(matchesSearch(numbered, 'WEB', 'WEB-13')).toBe(false);
    expect(matchesSearch(task('abcd9', { title: 'x' }), 'WEB', 'web-·abcd')).toBe(true);
    expect(matchesSearch(numbered, 'WEB', '  ')).toBe(true);
  });
});

describe('inSprint', () => {
  it('follows a completed sprint’s open tasks to where the completion sent them (SPEC M22)', () => {
    const sprints = [
      sprint('old', {
        state: 'closed',
        completion: {
          at: '2026-01-02T00:00:00.000Z',
          by: 'u',
          openTo: 'now',
          doneTaskIds: ['done'],
          openTaskIds: [],
        },
      }),
      sprint('now', { state: 'active' }),
    ];
    const keep = inSprint(sprints, 'now');
    expect(keep(task('a', { sprintId: 'now' }))).toBe(true);
    expect(keep(task('late', { sprintId: 'old' }))).toBe(true);
    expect(keep(task('done', { sprintId: 'old' }))).toBe(false);
    expect(keep(task('b'))).toBe(false);
  });
});

describe('boardFilter', () => {
  const board = {
    columns: [
      { id: 'c1', tasks: [task('a'), task('b')] },
      { id: 'c2', tasks: [task('c')] },
    ],
  } as unknown as Board;

  it('keeps a column whose tasks all pass as the same object, and filters each column once', () => {
    let calls = 0;
    const filter = boardFilter((t) => {
      calls += 1;
      return t.id !== 'b';
    });
    const first = filter(board);
    expect(first.columns[0]?.tasks.map((t) => t.id)).toEqual(['a']);
    expect(first.columns[1]).toBe(board.columns[1]);
    const again = filter(board);
    expect(again.columns[0]).toBe(first.columns[0]);
    expect(calls).toBe(3);
  });
});
