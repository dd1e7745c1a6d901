import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { type DocChange, observeChanges } from './changes.ts';
import { deleteProject, deleteTask } from './deletion.ts';
import { applyChanges, decodeFlatState, encodeFlatState, readFlatState, viewOfFlat } from './flat-state.ts';
import { createProject } from './projects.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask } from './tasks.ts';
import { editor, seeded } from './testing/fixtures.ts';
import { rng } from './testing/prng.ts';
import { applyRandomOp } from './testing/random-ops.ts';
import { UndoHistory } from './undo.ts';
import { readWorkspaceView } from './workspace-view.ts';

/**
 * The board as of a moment is rolled forward on the server from a stored flat state and the
 * changes history recorded after it. Three replicas edit at random and exchange updates in random
 * batches (concurrent moves, edits, archives, column changes, offline stretches); the observed
 * replica's recorded changes, applied to a flat state taken at any earlier point, must give
 * exactly the view read from the document at the later point.
 */
describe('flat state rolled forward by recorded changes', () => {
  it('equals the view read from the document, for 60 seeds × 300 operations', () => {
    for (let seed = 1; seed <= 60; seed++) {
      const r = rng(seed);
      const base = seeded();
      const replicas = [
        base,
        ...[1, 2].map(() => {
          const d = new Y.Doc();
          Y.applyUpdate(d, Y.encodeStateAsUpdate(base));
          return d;
        }),
      ];
      const [watched] = replicas as [Y.Doc];
      const recorded: DocChange[][] = [];
      observeChanges(watched, (changes) => recorded.push(changes));
      const marks: { at: number; flat: string; view: unknown }[] = [];
      const sync = (from: Y.Doc, to: Y.Doc) =>
        Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
      for (let i = 0; i < 300; i++) {
        const who = r.int(replicas.length);
        applyRandomOp(
          replicas[who] as Y.Doc,
          editor(`p${who}`, 1_800_000_000_000 + i * 1000 + r.int(900)),
          r,
        );
        if (r.chance(0.3)) {
          const a = replicas[r.int(replicas.length)] as Y.Doc;
          const b = replicas[r.int(replicas.length)] as Y.Doc;
          if (a !== b) sync(a, b);
        }
        if (r.chance(0.1))
          marks.push({
            at: recorded.length,
            flat: encodeFlatState(readFlatState(watched)),
            view: readWorkspaceView(watched),
          });
      }
      for (const d of replicas.slice(1)) sync(d, watched);
      const finalView = readWorkspaceView(watched);
      for (const m of marks) {
        // The stored flat state alone reads as the document did.
        expect(viewOfFlat(decodeFlatState(m.flat))).toEqual(m.view);
        const flat = decodeFlatState(m.flat);
        applyChanges(flat, recorded.slice(m.at).flat());
        expect({ seed, view: viewOfFlat(flat) }).toEqual({ seed, view: finalView });
      }
    }
  });

  it('a task or a project deleted (and one brought back) leaves the board as of later, read or rolled forward (issue 14)', () => {
    const doc = seeded();
    const ann = editor('ann', 1_800_000_000_000);
    const { id: project } = createProject(doc, ann, { name: 'Launch' });
    createTask(doc, ann, { projectId: project, title: 'Launch work' });
    const gone = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Deleted work' });
    const back = createTask(doc, ann, { projectId: FIRST_PROJECT_ID, title: 'Brought back' });
    const start = encodeFlatState(readFlatState(doc));
    const recorded: DocChange[][] = [];
    observeChanges(doc, (changes) => recorded.push(changes));
    const history = new UndoHistory(doc, 'ann');
    deleteTask(doc, ann, back);
    history.undo();
    deleteTask(doc, ann, gone);
    deleteProject(doc, ann, project);
    const titles = (view: ReturnType<typeof readWorkspaceView>) =>
      view.flatMap((p) => p.columns.flatMap((c) => c.tasks.map((t) => t.title)));
    const view = readWorkspaceView(doc);
    expect(view.map((p) => p.name)).not.toContain('Launch');
    expect(titles(view)).toContain('Brought back');
    expect(titles(view)).not.toContain('Deleted work');
    expect(titles(view)).not.toContain('Launch work');
    expect(recorded.flat().map((c) => c.kind)).toEqual([
      'task.deleted',
      'task.undeleted',
      'task.deleted',
      'project.deleted',
      'task.deleted',
    ]);
    expect(recorded.flat().find((c) => c.kind === 'project.deleted')?.changes).toContainEqual({
      field: 'name',
      from: 'Launch',
      to: 'Launch',
    });
    const flat = decodeFlatState(start);
    applyChanges(flat, recorded.flat());
    expect(viewOfFlat(flat)).toEqual(view);
  });
});
