import { describe, expect, test } from 'vitest';
import { nestsDeeperThan } from '../http/json-depth.ts';
import { parseTrelloBoard } from './trello-board.ts';

const options = { maxDepth: 16, nestsDeeperThan };
const board = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: 'B',
    lists: [
      { id: 'l2', name: 'Later', pos: 2 },
      { id: 'l1', name: 'Now', pos: 1 },
      { id: 'l3', name: 'Gone', pos: 3, closed: true },
    ],
    cards: [
      { id: 'c1', name: 'One', idList: 'l1', idMembers: ['m1'], pos: 2 },
      { id: 'c2', name: 'Two', idList: 'l1', pos: 1, closed: true },
      { id: 'c3', name: 'Three', idList: 'l3', pos: 1 },
      { id: 'c4', name: 'Four', idList: 'nowhere', pos: 1 },
    ],
    members: [{ id: 'm1', username: 'dd', fullName: 'Dana Doe' }],
    actions: [
      {
        type: 'commentCard',
        date: '2026-01-02T00:00:00Z',
        data: { text: 'second', card: { id: 'c1' } },
        idMemberCreator: 'm1',
      },
      {
        type: 'commentCard',
        date: '2026-01-01T00:00:00Z',
        data: { text: 'first', card: { id: 'c1' } },
        idMemberCreator: 'm1',
      },
    ],
    ...extra,
  });

describe('trello board', () => {
  test('open lists in order are the statuses; archived cards and lists are skipped with reasons', () => {
    const plan = parseTrelloBoard(board(), options);
    expect(plan.statuses).toEqual(['Now', 'Later']);
    expect(plan.tasks.map((t) => [t.title, t.status])).toEqual([['One', 'Now']]);
    expect(plan.skipped).toEqual([
      { ref: 'c2', reason: 'archived card' },
      { ref: 'c3', reason: 'in the archived list "Gone"' },
      { ref: 'c4', reason: 'in a list the file does not hold' },
    ]);
  });

  test('comments oldest first; a member gets the email the importer gave for their username', () => {
    const plan = parseTrelloBoard(board(), { ...options, members: { dd: 'dana@example.com' } });
    const task = plan.tasks[0];
    expect(task?.comments.map((c) => [c.author, c.body])).toEqual([
      ['Dana Doe', 'first'],
      ['Dana Doe', 'second'],
    ]);
    expect(task?.assignee).toEqual({ email: 'dana@example.com', name: 'Dana Doe' });
  });

  test('not JSON, not a board, or nested too deep: refused with what it is', () => {
    expect(() => parseTrelloBoard('Summary,Status', options)).toThrow(/not JSON/);
    expect(() => parseTrelloBoard('{"cards": 3}', options)).toThrow(/not a Trello board export/);
    expect(() => parseTrelloBoard(`${'['.repeat(17)}${']'.repeat(17)}`, options)).toThrow(
      /nests deeper than 16/,
    );
  });
});
