import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type DocChange, observeChanges } from './changes.ts';
import {
  addChecklistItem,
  moveChecklistItem,
  removeChecklistItem,
  renameChecklistItem,
  setChecklistItemDone,
} from './checklists.ts';
import { addComment, deleteComment, editComment } from './comments.ts';
import { addLink, removeLink } from './links.ts';
import { addColumn, archiveColumn, archiveProject, renameColumn, renameProject } from './projects.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { archiveTask, createTask, moveTask, restoreTask, updateTask } from './tasks.ts';
import { columnIds, editor, replicaOf, seeded, T0 } from './testing/fixtures.ts';

const ann = editor('ann', T0 + 60_000);
const brief = (c: DocChange) => ({ kind: c.kind, id: c.entityId, changes: c.changes });

function watch(doc: Y.Doc): DocChange[][] {
  const seen: DocChange[][] = [];
  observeChanges(doc, (changes) => seen.push(changes));
  return seen;
}

describe('observeChanges: what a transaction changed, field by field', () => {
  it('reports a task created with its fields and column, then each edit from → to', () => {
    const doc = seeded();
    const seen = watch(doc);
    const [todo, doing] = columnIds(doc) as [string, string];
    const id = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Write', priority: 'high' });
    updateTask(doc, ann, id, { title: 'Write docs', labels: ['a'] });
    updateTask(doc, ann, id, { title: 'Write docs' }); // no change: nothing reported
    moveTask(doc, ann, id, doing, 0);
    archiveTask(doc, ann, id);
    restoreTask(doc, ann, id);
    expect(seen).toHaveLength(5);
    const [created, edited, moved, archived, restored] = seen.map((s) => s.map(brief));
    expect(created?.[0]?.kind).toBe('task.created');
    expect(created?.[0]?.changes).toEqual(
      expect.arrayContaining([
        { field: 'title', from: null, to: 'Write' },
        { field: 'priority', from: null, to: 'high' },
        { field: 'column', from: null, to: todo },
      ]),
    );
    expect(edited).toEqual([
      {
        kind: 'task.updated',
        id,
        changes: [
          { field: 'title', from: 'Write', to: 'Write docs' },
          { field: 'labels', from: [], to: ['a'] },
        ],
      },
    ]);
    expect(moved?.[0]?.kind).toBe('task.moved');
    expect(moved?.[0]?.changes[0]).toEqual({ field: 'column', from: todo, to: doing });
    expect(archived).toEqual([
      { kind: 'task.archived', id, changes: [{ field: 'archivedAt', from: null, to: expect.any(String) }] },
    ]);
    expect(restored).toEqual([
      { kind: 'task.restored', id, changes: [{ field: 'archivedAt', from: expect.any(String), to: null }] },
    ]);
    // Made-at comes from the model's stamps (the editor's clock), not from when it was observed.
    expect(seen[1]?.[0]?.madeAt).toBe(new Date(T0 + 60_000).toISOString());
    expect(seen[1]?.[0]?.stampedBy).toBe('ann');
  });

  it('reports the same changes when the update arrives from another replica', () => {
    const doc = seeded();
    const other = replicaOf(doc);
    const id = createTask(other, ann, { projectId: FIRST_PROJECT_ID, title: 'x' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    const seen = watch(doc);
    const before = Y.encodeStateVector(other);
    moveTask(other, ann, id, columnIds(other)[2] as string, 0);
    updateTask(other, ann, id, { description: 'd' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, before));
    // Both edits arrive as one update: one transaction, two entries.
    expect(seen).toHaveLength(1);
    expect(seen[0]?.map((c) => c.kind).sort()).toEqual(['task.moved', 'task.updated']);
  });

  it('reports a move that lost to a concurrent later one, marked as lost', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'x' });
    const other = replicaOf(doc);
    const [, doing, done] = columnIds(doc) as [string, string, string];
    moveTask(doc, editor('ann', T0 + 120_000), id, doing, 0);
    moveTask(other, editor('bob', T0 + 61_000), id, done, 0); // older: loses
    const seen = watch(doc);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)));
    expect(seen.flat().map(brief)).toEqual([
      {
        kind: 'task.moved',
        id,
        changes: [
          { field: 'column', from: doing, to: done },
          { field: 'rank', from: expect.any(String), to: expect.any(String) },
          { field: 'outcome', from: null, to: 'lost' },
        ],
      },
    ]);
    expect(seen[0]?.[0]?.stampedBy).toBe('bob');
  });

  it('takes made-at from the change itself even when its updatedAt lost to a concurrent one', () => {
    const a = seeded();
    const id = createTask(a, ann, { projectId: FIRST_PROJECT_ID, title: 'x' });
    const b = replicaOf(a);
    const va = Y.encodeStateVector(a);
    const vb = Y.encodeStateVector(b);
    updateTask(a, editor('ann', T0 + 100_000), id, { title: 'from a' });
    updateTask(b, editor('bob', T0 + 200_000), id, { priority: 'high' });
    const fromA = Y.encodeStateAsUpdate(a, vb);
    const fromB = Y.encodeStateAsUpdate(b, va);
    // Each side receives the other's edit; on one of them its updatedAt loses (last writer wins per key).
    const seenA = watch(a);
    const seenB = watch(b);
    Y.applyUpdate(a, fromB);
    Y.applyUpdate(b, fromA);
    expect(seenA.flat().map((c) => [c.kind, c.madeAt, c.stampedBy])).toEqual([
      ['task.updated', new Date(T0 + 200_000).toISOString(), 'bob'],
    ]);
    expect(seenB.flat().map((c) => [c.kind, c.madeAt, c.stampedBy])).toEqual([
      ['task.updated', new Date(T0 + 100_000).toISOString(), 'ann'],
    ]);
  });

  it('reports checklist items added, renamed, ticked, moved and removed, and links added and removed (issue 14)', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Fix login' });
    const other = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Ship it' });
    // From another replica too: the server reports what arrives, not only what it made.
    const remote = replicaOf(doc);
    const seen = watch(doc);
    const sync = () => Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote, Y.encodeStateVector(doc)));
    const one = addChecklistItem(remote, ann, id, 'Reproduce');
    sync();
    addChecklistItem(remote, ann, id, 'Fix');
    sync();
    renameChecklistItem(remote, ann, id, one, 'Reproduce it');
    sync();
    setChecklistItemDone(remote, ann, id, one, true);
    sync();
    moveChecklistItem(remote, ann, id, one, 1);
    sync();
    removeChecklistItem(remote, ann, id, one);
    sync();
    const link = addLink(remote, ann, id, 'blocks', other);
    sync();
    removeLink(remote, ann, id, link);
    sync();
    const changes = seen.map((s) => s.map(brief));
    expect(changes.every((c) => c.length === 1 && c[0]?.kind === 'task.updated' && c[0].id === id)).toBe(
      true,
    );
    const fields = changes.map((c) => c[0]?.changes);
    const rank0 = (fields[0]?.[0]?.to as { rank: string } | undefined)?.rank;
    const first = { text: 'Reproduce', done: false, rank: rank0 };
    const renamed = { ...first, text: 'Reproduce it' };
    const ticked = { ...renamed, done: true };
    const moved = fields[4]?.[0]?.to as { rank: string };
    expect(fields).toEqual([
      [{ field: 'checklist', from: null, to: first }],
      [{ field: 'checklist', from: null, to: expect.objectContaining({ text: 'Fix' }) }],
      [{ field: 'checklist', from: first, to: renamed }],
      [{ field: 'checklist', from: renamed, to: ticked }],
      [{ field: 'checklist', from: ticked, to: { ...ticked, rank: moved.rank } }],
      [{ field: 'checklist', from: { ...ticked, rank: moved.rank }, to: null }],
      [{ field: 'link', from: null, to: { type: 'blocks', targetId: other, title: 'Ship it' } }],
      [{ field: 'link', from: { type: 'blocks', targetId: other, title: 'Ship it' }, to: null }],
    ]);
    expect(moved.rank).not.toBe(rank0);
  });

  it('reports comments added, edited and deleted; a deletion carries no text', () => {
    const doc = seeded();
    const id = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'x' });
    const seen = watch(doc);
    const cid = addComment(doc, ann, id, 'first');
    editComment(doc, ann, cid, 'second');
    deleteComment(doc, ann, cid);
    expect(seen.map((s) => s.map(brief))).toEqual([
      [{ kind: 'comment.added', id: cid, changes: [{ field: 'body', from: null, to: 'first' }] }],
      [{ kind: 'comment.edited', id: cid, changes: [{ field: 'body', from: 'first', to: 'second' }] }],
      [{ kind: 'comment.deleted', id: cid, changes: [] }],
    ]);
    expect(seen[0]?.[0]?.taskId).toBe(id);
  });

  it('reports project and column changes', () => {
    const doc = seeded();
    const seen = watch(doc);
    const col = addColumn(doc, ann, { projectId: FIRST_PROJECT_ID, name: 'QA' });
    renameColumn(doc, ann, col, 'Review');
    archiveColumn(doc, ann, col);
    renameProject(doc, ann, FIRST_PROJECT_ID, 'Renamed');
    archiveProject(doc, ann, FIRST_PROJECT_ID);
    expect(seen.map((s) => s.map((c) => c.kind))).toEqual([
      ['column.created'],
      ['column.updated'],
      ['column.archived'],
      ['project.updated'],
      ['project.archived'],
    ]);
    expect(seen[1]?.[0]?.changes).toEqual([{ field: 'name', from: 'QA', to: 'Review' }]);
    expect(seen[1]?.[0]?.projectId).toBe(FIRST_PROJECT_ID);
  });

  it('reports everything in a state applied to an empty document as created (a replay from a snapshot)', () => {
    const doc = seeded();
    createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'x' });
    const fresh = new Y.Doc();
    const seen = watch(fresh);
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
    const kinds = (seen[0] ?? []).map((c) => c.kind);
    expect(kinds.filter((k) => k === 'task.created')).toHaveLength(1);
    expect(kinds).toContain('project.created');
    expect(kinds.filter((k) => k === 'column.created').length).toBeGreaterThan(0);
  });
});
