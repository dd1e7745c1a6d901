import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoard, readTask } from './board.ts';
import { addColumn, archiveColumn, renameProject } from './projects.ts';
import { restoreFrom } from './restore.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { archiveTask, createTask, moveTask, updateTask } from './tasks.ts';
import { columnIds, editor, replicaOf, seeded, syncAll } from './testing/fixtures.ts';

const ann = editor('ann');
const admin = editor('admin');
const P = FIRST_PROJECT_ID;

/** A frozen copy of `doc` as it is now: the "past" a restore goes back to. */
const freeze = (doc: Y.Doc) => replicaOf(doc);

describe('restoreFrom: the past written as a new edit', () => {
  it('brings back archived tasks, old titles and columns, and archives what was created since', () => {
    const doc = seeded();
    const [todo, doing] = columnIds(doc) as [string, string];
    const a = createTask(doc, ann, { projectId: P, title: 'a' });
    const b = createTask(doc, ann, { projectId: P, title: 'b' });
    const past = freeze(doc);
    updateTask(doc, ann, a, { title: 'a2', priority: 'high' });
    moveTask(doc, ann, b, doing, 0);
    archiveTask(doc, ann, a);
    const c = createTask(doc, ann, { projectId: P, title: 'c' });
    expect(restoreFrom(doc, admin, past, {}, { dryRun: true })).toBe(3);
    expect(readTask(doc, a)?.title).toBe('a2'); // a dry run writes nothing
    expect(restoreFrom(doc, admin, past)).toBe(3);
    expect(readTask(doc, a)).toMatchObject({
      title: 'a',
      priority: 'medium',
      archivedAt: null,
      updatedBy: 'admin',
    });
    expect(readTask(doc, b)?.columnId).toBe(todo);
    expect(readTask(doc, c)?.archivedAt).not.toBeNull();
    // Nothing left to do: a second restore changes nothing.
    expect(restoreFrom(doc, admin, past)).toBe(0);
  });

  it('writes only what differs, so an offline edit of another field or task merges on top', () => {
    const doc = seeded();
    const ids = [0, 1, 2].map((i) => createTask(doc, ann, { projectId: P, title: `t${i}` }));
    const offline = replicaOf(doc);
    const past = freeze(doc);
    for (const id of ids) archiveTask(doc, ann, id);
    updateTask(offline, editor('bob'), ids[0] as string, { title: 'offline title' });
    expect(restoreFrom(doc, admin, past)).toBe(3);
    syncAll(doc, offline);
    for (const d of [doc, offline]) {
      expect(ids.map((id) => readTask(d, id)?.archivedAt)).toEqual([null, null, null]);
      expect(readTask(d, ids[0] as string)?.title).toBe('offline title');
    }
  });

  it('scopes to a project or to chosen tasks', () => {
    const doc = seeded();
    const a = createTask(doc, ann, { projectId: P, title: 'a' });
    const b = createTask(doc, ann, { projectId: P, title: 'b' });
    const past = freeze(doc);
    updateTask(doc, ann, a, { title: 'a2' });
    updateTask(doc, ann, b, { title: 'b2' });
    renameProject(doc, ann, P, 'Renamed');
    expect(restoreFrom(doc, admin, past, { taskIds: [a] })).toBe(1);
    expect([readTask(doc, a)?.title, readTask(doc, b)?.title]).toEqual(['a', 'b2']);
    expect(restoreFrom(doc, admin, past, { projectId: 'elsewhere' })).toBe(0);
    expect(restoreFrom(doc, admin, past, { projectId: P })).toBe(2);
    expect(readBoard(doc, P)?.project.name).not.toBe('Renamed');
  });

  it('brings a column back before placing its tasks in it', () => {
    const doc = seeded();
    const qa = addColumn(doc, ann, { projectId: P, name: 'QA' });
    const t = createTask(doc, ann, { projectId: P, title: 't', columnId: qa });
    const past = freeze(doc);
    archiveColumn(doc, ann, qa);
    moveTask(doc, ann, t, columnIds(doc)[0] as string, 0);
    expect(restoreFrom(doc, admin, past)).toBe(2);
    expect(readTask(doc, t)?.columnId).toBe(qa);
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeGreaterThan(0);
  });
});
