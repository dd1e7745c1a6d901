import { describe, expect, it } from 'vitest';
import { addComment, deleteComment, editComment, readComments } from './comments.ts';
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
