import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readAllTasks, readBoard, readProjectTasks, readTask } from './board.ts';
import { addComment } from './comments.ts';
import { deleteProject, deleteTask } from './deletion.ts';
import type { Editor } from './doc.ts';
import { addLink } from './links.ts';
import { createProject } from './projects.ts';
import { readProjects } from './read.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { readLinks, readSubtasks, subtaskProgress } from './structure.ts';
import { searchTasks } from './task-search.ts';
import { archiveTask, createTask, updateTask } from './tasks.ts';
import { editor, replicaOf, seeded, syncAll, T0 } from './testing/fixtures.ts';
import { UndoHistory } from './undo.ts';
import { inspectUpdate } from './update-inspection.ts';
import { findForgery } from './update-inspection-rules.ts';

function boardIds(doc: Y.Doc, projectId = FIRST_PROJECT_ID): string[] {
  const board = readBoard(doc, projectId);
  return [
    ...(board?.columns.flatMap((c) => c.tasks.map((t) => t.id)) ?? []),
    ...(board?.archivedTasks.map((t) => t.id) ?? []),
  ];
}

/** Every reader a person reaches a task by, asked whether `id` is there. */
function seenAnywhere(doc: Y.Doc, id: string, title: string): string[] {
  const where: string[] = [];
  if (readTask(doc, id)) where.push('readTask');
  if (boardIds(doc).includes(id)) where.push('board');
  if (readProjectTasks(doc, FIRST_PROJECT_ID).some((t) => t.id === id)) where.push('project tasks');
  if (searchTasks(doc, title).some((h) => h.id === id)) where.push('search');
  return where;
}

describe('deleting tasks and projects (issue 14)', () => {
  it('a deleted task is gone from every reader, with its subtasks; its links go too; nothing edits it', () => {
    const doc = seeded();
    const ann = editor('ann');
    const parent = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Parent work' });
    const child = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Child work' });
    updateTask(doc, ann, child, { parentId: parent } as never);
    const other = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Other work' });
    addLink(doc, ann, other, 'blocks', parent);
    // Warm the indexes first: they must drop it on the change, not only on a fresh build.
    expect(seenAnywhere(doc, parent, 'Parent work')).toHaveLength(4);
    expect(readSubtasks(doc, parent).map((t) => t.id)).toEqual([child]);

    deleteTask(doc, editor('bea', T0 + 1000), parent);
    expect(seenAnywhere(doc, parent, 'Parent work')).toEqual([]);
    expect(seenAnywhere(doc, child, 'Child work')).toEqual([]);
    expect(seenAnywhere(doc, other, 'Other work')).toHaveLength(4);
    expect(readLinks(doc, other)).toEqual([]);
    // A deleted subtask counts in no parent's progress.
    const sibling = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Another parent' });
    const kid = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Its subtask' });
    updateTask(doc, ann, kid, { parentId: sibling } as never);
    expect(subtaskProgress(doc, sibling).total).toBe(1);
    deleteTask(doc, ann, kid);
    expect(subtaskProgress(doc, sibling).total).toBe(0);
    expect(() => updateTask(doc, ann, parent, { title: 'back?' })).toThrow('does not exist');
    expect(() => archiveTask(doc, ann, parent)).toThrow('does not exist');
    expect(() => deleteTask(doc, ann, parent)).toThrow('does not exist');
    expect(() => addComment(doc, ann, parent, 'still there?')).toThrow('does not exist');
    expect(() => addComment(doc, ann, child, 'and the subtask?')).toThrow('does not exist');
    // The tombstone says who and when.
    const map = doc.getMap<Y.Map<unknown>>('tasks').get(parent);
    expect(map?.get('deletedBy')).toBe('bea');
    expect(map?.get('deletedAt')).toBe(new Date(T0 + 1000).toISOString());
  });

  it('one undo brings a deleted task and its subtasks back; redo deletes them again', () => {
    const doc = seeded();
    const ann = editor('ann');
    const parent = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Parent work' });
    const child = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Child work' });
    updateTask(doc, ann, child, { parentId: parent } as never);
    const history = new UndoHistory(doc, 'ann', { now: () => T0 + 5000 });
    deleteTask(doc, ann, parent);
    expect(history.state.undoLabel).toBe('delete of 2 tasks');
    history.undo();
    expect(readTask(doc, parent)?.title).toBe('Parent work');
    expect(readSubtasks(doc, parent).map((t) => t.id)).toEqual([child]);
    history.redo();
    expect(readTask(doc, parent)).toBeUndefined();
    expect(readTask(doc, child)).toBeUndefined();
  });

  it('a deleted project goes with every task in it, archived ones too; one undo brings all back', () => {
    const doc = seeded();
    const ann = editor('ann');
    const { id: project } = createProject(doc, ann, { name: 'Launch' });
    const ids = [0, 1, 2].map((n) => createTask(doc, ann, { projectId: project, title: `Launch task ${n}` }));
    archiveTask(doc, ann, ids[2] as string);
    const kept = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Elsewhere' });
    const history = new UndoHistory(doc, 'ann', { now: () => T0 + 5000 });
    deleteProject(doc, ann, project);
    expect(history.state.undoLabel).toBe('delete of project “Launch”');
    expect(readProjects(doc).map((p) => p.id)).not.toContain(project);
    expect(readBoard(doc, project)).toBeUndefined();
    for (const id of ids) expect(readTask(doc, id)).toBeUndefined();
    expect(searchTasks(doc, 'Launch task')).toEqual([]);
    expect(readTask(doc, kept)?.title).toBe('Elsewhere');
    history.undo();
    expect(readProjects(doc).map((p) => p.id)).toContain(project);
    expect(ids.map((id) => readTask(doc, id)?.title)).toEqual([
      'Launch task 0',
      'Launch task 1',
      'Launch task 2',
    ]);
    expect(readTask(doc, ids[2] as string)?.archivedAt).not.toBeNull();
  });

  it('a task made offline in a project deleted meanwhile goes with it on every replica; one undo brings it back', () => {
    const ann = editor('ann', T0 + 1000);
    for (const order of ['deletion first', 'task first'] as const) {
      const server = seeded();
      const { id: project } = createProject(server, editor('ann'), { name: 'Launch' });
      const known = createTask(server, editor('ann'), { projectId: project, title: 'Known launch work' });
      const kept = createTask(server, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'Kept work' });
      const offline = replicaOf(server);
      const deleter = replicaOf(server);
      const history = new UndoHistory(deleter, 'ann', { now: () => T0 + 2000 });
      // Warm every index on both sides first: they must drop it on the change, not on a fresh build.
      for (const doc of [offline, deleter]) expect(seenAnywhere(doc, known, 'launch work')).toHaveLength(2);
      deleteProject(deleter, ann, project);
      const late = createTask(offline, editor('bob'), { projectId: project, title: 'Offline launch work' });
      addLink(offline, editor('bob'), kept, 'blocks', late);
      const [first, second] = order === 'deletion first' ? [deleter, offline] : [offline, deleter];
      syncAll(server, first);
      syncAll(server, second);
      syncAll(server, offline, deleter);
      for (const doc of [server, offline, deleter]) {
        expect(seenAnywhere(doc, late, 'launch work'), order).toEqual([]);
        expect(readAllTasks(doc).map((t) => t.id)).not.toContain(late);
        expect(readLinks(doc, kept), order).toEqual([]);
        expect(() => updateTask(doc, ann, late, { title: 'Edited anyway' })).toThrow('does not exist');
        expect(readTask(doc, kept)?.title).toBe('Kept work');
      }
      history.undo();
      syncAll(server, offline, deleter);
      for (const doc of [server, offline, deleter]) {
        expect(readTask(doc, late)?.title, order).toBe('Offline launch work');
        expect(readTask(doc, known)?.title).toBe('Known launch work');
        expect(readLinks(doc, kept).map((l) => l.taskId)).toEqual([late]);
      }
    }
  });

  it('property: a project deleted on one replica while others add tasks to it, synced in any order, leaves no task of it anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(2), fc.boolean()), { minLength: 1, maxLength: 12 }),
        fc.nat(11),
        fc.array(fc.nat(2), { maxLength: 8 }),
        (ops, deleteAt, syncs) => {
          const origin = seeded();
          const { id: project } = createProject(origin, editor('ann'), { name: 'Launch' });
          const docs = [origin, replicaOf(origin), replicaOf(origin)];
          const made: string[] = [];
          ops.forEach(([who, inProject], step) => {
            const doc = docs[who] as Y.Doc;
            if (step === deleteAt && readProjects(docs[0] as Y.Doc).some((p) => p.id === project))
              deleteProject(docs[0] as Y.Doc, editor('ann', T0 + step), project);
            if (readProjects(doc).some((p) => p.id === project) || !inProject) {
              const projectId = inProject ? project : FIRST_PROJECT_ID;
              made.push(createTask(doc, editor(`p${who}`, T0 + step), { projectId, title: `Task ${step}` }));
            }
            const peer = syncs[step % Math.max(1, syncs.length)];
            if (peer !== undefined && peer !== who)
              Y.applyUpdate(docs[peer] as Y.Doc, Y.encodeStateAsUpdate(doc));
          });
          syncAll(...docs);
          const gone = !readProjects(docs[0] as Y.Doc).some((p) => p.id === project);
          for (const doc of docs) {
            for (const id of made) {
              const projectId = (doc.getMap<Y.Map<unknown>>('tasks').get(id) as Y.Map<unknown>).get(
                'projectId',
              );
              if (gone && projectId === project) expect(seenAnywhere(doc, id, 'Task')).toEqual([]);
              else expect(readTask(doc, id)).toBeDefined();
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });

  it('sync: a member may delete a task; deleting a project is for owners and admins; who deleted is the sender', () => {
    const server = seeded();
    const bob = editor('bob');
    const task = createTask(server, bob, { projectId: FIRST_PROJECT_ID, title: 'Bob’s task' });
    const { id: project } = createProject(server, bob, { name: 'Bob’s project' });
    const judged = (edit: (doc: Y.Doc, ann: Editor) => void, admin = false) => {
      const client = replicaOf(server);
      edit(client, editor('ann'));
      const r = inspectUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
      if (!r.ok) throw new Error(r.reason);
      return findForgery(server, r.writes, { id: 'ann', name: 'Ann', admin })?.reason ?? null;
    };
    expect(judged((d, a) => deleteTask(d, a, task))).toBeNull();
    expect(judged((d, a) => deleteProject(d, a, project))).toBe('not-writable');
    expect(judged((d, a) => deleteProject(d, a, project), true)).toBeNull();
    // A raw client claiming Bob deleted it.
    expect(
      judged((d) => {
        const map = d.getMap<Y.Map<unknown>>('tasks').get(task);
        d.transact(() => {
          map?.set('deletedAt', new Date(T0).toISOString());
          map?.set('deletedBy', 'bob');
        });
      }),
    ).toBe('forged-identity');
  });

  it('property: deletions on several replicas, delivered in any order, leave every reader agreeing and no deleted task anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(2), fc.nat(7), fc.boolean()), { minLength: 1, maxLength: 20 }),
        fc.array(fc.nat(2), { maxLength: 6 }),
        (ops, syncs) => {
          const origin = seeded();
          const ids = Array.from({ length: 8 }, (_, n) =>
            createTask(origin, editor('ann'), { projectId: FIRST_PROJECT_ID, title: `Task number ${n}` }),
          );
          const docs = [origin, replicaOf(origin), replicaOf(origin)];
          ops.forEach(([who, n, del], step) => {
            const doc = docs[who] as Y.Doc;
            const id = ids[n] as string;
            if (!readTask(doc, id)) return;
            if (del) deleteTask(doc, editor(`p${who}`, T0 + step), id);
            else
              updateTask(doc, editor(`p${who}`, T0 + step), id, { title: `Task number ${n} edited ${step}` });
            const peer = syncs[step % Math.max(1, syncs.length)];
            if (peer !== undefined && peer !== who)
              Y.applyUpdate(docs[peer] as Y.Doc, Y.encodeStateAsUpdate(doc));
          });
          syncAll(...docs);
          const deleted = ids.filter((id) =>
            (docs[0] as Y.Doc).getMap<Y.Map<unknown>>('tasks').get(id)?.get('deletedAt'),
          );
          for (const doc of docs) {
            expect(boardIds(doc).sort()).toEqual(boardIds(docs[0] as Y.Doc).sort());
            for (const id of deleted) expect(seenAnywhere(doc, id, 'Task number')).toEqual([]);
            for (const id of ids.filter((i) => !deleted.includes(i))) expect(readTask(doc, id)).toBeDefined();
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
