import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readTask } from './board.ts';
import { userOrigin } from './origin.ts';
import { seedWorkspace } from './seed.ts';
import { createTask } from './tasks.ts';
import { taskFollowers, watchTask } from './watchers.ts';

const as = (actor: string) => ({ origin: userOrigin(actor), now: () => Date.parse('2026-12-01T10:00:00Z') });

function board() {
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: 'w' });
  const id = createTask(doc, as('ann'), { projectId: 'first', title: 'Watch me' });
  return { doc, id };
}

describe('watchers', () => {
  it('M14: a person watches and unwatches a task; the list is sorted and has each once', () => {
    const { doc, id } = board();
    watchTask(doc, as('zoe'), id, true);
    watchTask(doc, as('bob'), id, true);
    watchTask(doc, as('bob'), id, true);
    expect(readTask(doc, id)?.watchers).toEqual(['bob', 'zoe']);
    watchTask(doc, as('zoe'), id, false);
    expect(readTask(doc, id)?.watchers).toEqual(['bob']);
  });

  it('M14: watching does not count as an edit of the task', () => {
    const { doc, id } = board();
    const before = readTask(doc, id);
    watchTask(doc, as('bob'), id, true);
    expect(readTask(doc, id)?.updatedBy).toBe(before?.updatedBy);
    expect(readTask(doc, id)?.updatedAt).toBe(before?.updatedAt);
  });

  it('M14: two people watching at once on two replicas both end up watching', () => {
    const { doc: a, id } = board();
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    watchTask(a, as('bob'), id, true);
    watchTask(b, as('cat'), id, true);
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readTask(a, id)?.watchers).toEqual(['bob', 'cat']);
    expect(readTask(b, id)?.watchers).toEqual(['bob', 'cat']);
  });

  it('M14: garbage under a watch key reads as not watching; an unknown task is refused', () => {
    const { doc, id } = board();
    doc.getMap<Y.Map<unknown>>('tasks').get(id)?.set('watch:eve', 'yes');
    expect(readTask(doc, id)?.watchers).toEqual([]);
    expect(() => watchTask(doc, as('bob'), 'nope', true)).toThrow(/does not exist/);
  });

  it('followers: creator, assignee and watchers, each once; placeholders are nobody', () => {
    expect(taskFollowers({ createdBy: 'ann', assignee: 'bob', watchers: ['ann', 'cat'] })).toEqual([
      'ann',
      'bob',
      'cat',
    ]);
    expect(taskFollowers({ createdBy: 'unknown', assignee: null, watchers: [] })).toEqual([]);
  });
});
