import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { commentWalks } from './comment-index.ts';
import {
  addComment,
  COMMENT_LIMIT,
  deleteComment,
  editComment,
  readComment,
  readComments,
} from './comments.ts';
import { commentsMap } from './doc.ts';
import { ModelError } from './errors.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask } from './tasks.ts';
import { editor, replicaOf, seeded, syncAll, T0 } from './testing/fixtures.ts';

describe('comments', () => {
  it('M12: people comment on a task; comments show in order with author and time', () => {
    const a = seeded();
    const task = createTask(a, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'x' });
    const b = replicaOf(a);
    addComment(a, editor('ann', T0 + 1000), task, 'First!');
    addComment(b, editor('bob', T0 + 2000), task, '  Second  ');
    syncAll(a, b);
    expect(readComments(b, task).map((c) => [c.authorId, c.body])).toEqual([
      ['ann', 'First!'],
      ['bob', 'Second'],
    ]);
  });

  it('M12: only the author edits or deletes a comment; deleted comments disappear', () => {
    const doc = seeded();
    const task = createTask(doc, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'x' });
    const id = addComment(doc, editor('ann'), task, 'typo');
    expect(() => editComment(doc, editor('bob'), id, 'mine now')).toThrow(ModelError);
    expect(() => deleteComment(doc, editor('bob'), id)).toThrow(ModelError);
    editComment(doc, editor('ann', T0 + 5000), id, 'fixed');
    expect(readComments(doc, task)[0]).toMatchObject({
      body: 'fixed',
      editedAt: new Date(T0 + 5000).toISOString(),
    });
    deleteComment(doc, editor('ann'), id);
    expect(readComments(doc, task)).toEqual([]);
    expect(() => addComment(doc, editor('ann'), task, '   ')).toThrow(ModelError);
    expect(() => addComment(doc, editor('ann'), 'nope', 'hi')).toThrow(ModelError);
  });
});

describe('readComment', () => {
  it('M12: reads one live comment by id, naming its task', () => {
    const doc = seeded();
    const task = createTask(doc, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'x' });
    const id = addComment(doc, editor('ann'), task, 'hello');
    expect(readComment(doc, id)).toEqual({
      id,
      taskId: task,
      body: 'hello',
      authorId: 'ann',
      createdAt: new Date(T0).toISOString(),
      editedAt: null,
    });
    expect(readComment(doc, 'nope')).toBeUndefined();
    deleteComment(doc, editor('ann'), id);
    expect(readComment(doc, id)).toBeUndefined();
  });

  it('M9: a malformed comment from a peer is validated, not trusted', () => {
    const doc = seeded();
    const task = createTask(doc, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'x' });
    const good = { taskId: task, body: 'ok', authorId: 'ann', createdAt: new Date(T0).toISOString() };
    const stored: Record<string, unknown> = {
      'no-task': { ...good, taskId: 42 },
      'empty-body': { ...good, body: '' },
      'long-body': { ...good, body: 'x'.repeat(COMMENT_LIMIT + 1) },
      'no-author': { ...good, authorId: '' },
      'bad-time': { ...good, createdAt: 'yesterday' },
      'bad-edit': { ...good, editedAt: 'later' },
    };
    doc.transact(() => {
      const all = commentsMap(doc) as Y.Map<unknown>;
      for (const [cid, fields] of Object.entries(stored))
        all.set(cid, new Y.Map(Object.entries(fields as object)));
      all.set('not-a-map', 'hello');
    });
    for (const cid of ['no-task', 'empty-body', 'long-body', 'no-author', 'bad-time', 'not-a-map'])
      expect(readComment(doc, cid), cid).toBeUndefined();
    expect(readComment(doc, 'bad-edit')).toMatchObject({ body: 'ok', editedAt: null });
    expect(readComments(doc, task).map((c) => c.id)).toEqual(['bad-edit']);
  });
});

describe('comment index (issue 13)', () => {
  it("a task's comments come from the comment index: after one walk to build it, none", () => {
    const a = seeded();
    const t1 = createTask(a, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'one' });
    const t2 = createTask(a, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'two' });
    expect(readComments(a, t1)).toEqual([]);
    const before = commentWalks(a);
    const c1 = addComment(a, editor('ann', T0 + 1), t1, 'on one');
    const c2 = addComment(a, editor('ann', T0 + 2), t2, 'on two');
    // Several comments in one transaction, read mid-way.
    a.transact(() => {
      addComment(a, editor('bob', T0 + 3), t1, 'again on one', 'c3');
      expect(readComments(a, t1).map((c) => c.id)).toEqual([c1, 'c3']);
    });
    // A peer re-points a comment at another task (a bare write): the index follows.
    const b = replicaOf(a);
    (commentsMap(b).get(c2) as Y.Map<unknown>).set('taskId', t1);
    syncAll(a, b);
    expect(readComments(a, t1).map((c) => c.id)).toEqual([c1, c2, 'c3']);
    expect(readComments(a, t2)).toEqual([]);
    deleteComment(a, editor('ann'), c1);
    commentsMap(a).delete('c3');
    expect(readComments(a, t1).map((c) => c.id)).toEqual([c2]);
    expect(commentWalks(a) - before).toBe(0);
  });
});
