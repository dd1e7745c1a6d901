import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readBoard } from './board.ts';
import { metaMap } from './doc.ts';
import { ModelError } from './errors.ts';
import {
  addColumn,
  archiveColumn,
  createProject,
  moveColumn,
  projectKeyFrom,
  renameColumn,
} from './projects.ts';
import { readProjects } from './read.ts';
import { FIRST_PROJECT_ID, schemaState, seedWorkspace } from './seed.ts';
import { createTask } from './tasks.ts';
import { editor, seeded, T0 } from './testing/fixtures.ts';

describe('projects and columns', () => {
  it('M7: a new project has To Do, In Progress, Done', () => {
    const doc = seeded();
    const p = createProject(doc, editor('ann'), { name: 'Website relaunch' });
    expect(p.key).toBe('WR');
    expect(readBoard(doc, p.id)?.columns.map((c) => c.name)).toEqual(['To Do', 'In Progress', 'Done']);
    expect(projectKeyFrom('taskflow')).toBe('TASKF');
  });

  it('M7: columns can be added, renamed and reordered; the last live column stays', () => {
    const doc = seeded();
    const P = FIRST_PROJECT_ID;
    const review = addColumn(doc, editor('ann'), { projectId: P, name: 'Review', index: 2 });
    expect(readBoard(doc, P)?.columns.map((c) => c.name)).toEqual(['To Do', 'In Progress', 'Review', 'Done']);
    renameColumn(doc, editor('ann'), review, 'Code review');
    moveColumn(doc, editor('ann'), review, 0);
    const cols = readBoard(doc, P)?.columns ?? [];
    expect(cols.map((c) => c.name)).toEqual(['Code review', 'To Do', 'In Progress', 'Done']);
    for (const c of cols.slice(1)) archiveColumn(doc, editor('ann'), c.id);
    expect(() => archiveColumn(doc, editor('ann'), review)).toThrow(ModelError);
  });

  it('M8: the seed is deterministic, carries the schema version, and writers refuse a newer schema', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    seedWorkspace(a, { workspaceId: 'w', now: () => T0 });
    seedWorkspace(b, { workspaceId: 'w', now: () => T0 });
    expect(readProjects(a)).toEqual(readProjects(b));
    expect(schemaState(a)).toBe('ok');
    expect(schemaState(new Y.Doc())).toBe('unseeded');
    const doc = seeded();
    metaMap(doc).set('schemaVersion', 99);
    expect(schemaState(doc)).toBe('newer');
    expect(() => createTask(doc, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'x' })).toThrow(
      /newer Taskflow/,
    );
  });
});
