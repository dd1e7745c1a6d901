import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readTask } from './board.ts';
import { ModelError } from './errors.ts';
import type { Origin } from './origin.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask, moveTask, updateTask } from './tasks.ts';
import { columnIds, editor, seeded, T0 } from './testing/fixtures.ts';

const P = FIRST_PROJECT_ID;

describe('task operations', () => {
  it('M1: every operation is one transaction tagged with its typed origin', () => {
    const doc = seeded();
    const origins: unknown[] = [];
    doc.on('afterTransaction', (tr: Y.Transaction) => origins.push(tr.origin));
    const id = createTask(doc, editor('ann'), { projectId: P, title: 'x' });
    updateTask(doc, editor('ann'), id, { title: 'y', priority: 'high' });
    moveTask(doc, editor('ann'), id, columnIds(doc)[1] as string, 0);
    const expected: Origin = { kind: 'user', actorId: 'ann' };
    expect(origins).toEqual([expected, expected, expected]);
  });

  it('M1: bad input is refused with a clear code and changes nothing', () => {
    const doc = seeded();
    const before = Y.encodeStateVector(doc);
    const attempts = [
      () => createTask(doc, editor('ann'), { projectId: P, title: '   ' }),
      () => createTask(doc, editor('ann'), { projectId: 'nope', title: 'x' }),
      () => createTask(doc, editor('ann'), { projectId: P, title: 'x', columnId: 'nope' }),
      () => createTask(doc, editor('ann'), { projectId: P, title: 'x', priority: 'urgent' as never }),
      () => createTask(doc, editor('ann'), { projectId: P, title: 'x'.repeat(501) }),
      () => updateTask(doc, editor('ann'), 'nope', { title: 'y' }),
      () => updateTask(doc, editor('ann'), 'nope', { deadline: '22/11/2026' }),
      () => moveTask(doc, editor('ann'), 'nope', 'x', 0),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(ModelError);
    }
    expect(Y.encodeStateVector(doc)).toEqual(before);
  });

  it('M1: editing records who and when; unchanged values are not rewritten', () => {
    const doc = seeded();
    const id = createTask(doc, editor('ann', T0), { projectId: P, title: 'x', labels: ['ui'], estimate: 3 });
    updateTask(doc, editor('bob', T0 + 60_000), id, { deadline: '2026-12-01', assignee: 'bob' });
    expect(readTask(doc, id)).toMatchObject({
      createdBy: 'ann',
      updatedBy: 'bob',
      updatedAt: new Date(T0 + 60_000).toISOString(),
      deadline: '2026-12-01',
      assignee: 'bob',
      labels: ['ui'],
      estimate: 3,
    });
    const sv = Y.encodeStateVector(doc);
    updateTask(doc, editor('cy', T0 + 120_000), id, { deadline: '2026-12-01' });
    expect(Y.encodeStateVector(doc)).toEqual(sv);
  });
});
