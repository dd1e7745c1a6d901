/**
 * The reports' kept reads (report-reads.ts) are a cache of the document: after any change, made
 * here or received from another replica, each kept task and the kept worklogs equal a fresh read.
 * Randomized and seeded; a failing seed prints the command that replays it.
 */
import {
  addWorklog,
  archiveColumn,
  archiveTask,
  createProject,
  createTask,
  deleteWorklog,
  type Editor,
  editWorklog,
  FIRST_PROJECT_ID,
  listIds,
  liveColumns,
  moveTask,
  readAllWorklogs,
  readColumns,
  readTask,
  restoreColumn,
  restoreTask,
  seedWorkspace,
  updateProject,
  updateTask,
} from '@taskflow/model';
import { type Rng, rng } from '@taskflow/model/testing/prng';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { ReportReads } from './report-reads.ts';

const ann: Editor = { origin: { kind: 'user', actorId: 'ann' } };

type World = { doc: Y.Doc; other: Y.Doc; projects: string[]; tasks: string[]; worklogs: string[] };

/** One random change, on the document itself or on another replica whose update it receives. */
function change(w: World, r: Rng): void {
  const remote = r.chance(0.3);
  const doc = remote ? w.other : w.doc;
  if (remote) Y.applyUpdate(w.other, Y.encodeStateAsUpdate(w.doc, Y.encodeStateVector(w.other)));
  const task = w.tasks.length > 0 ? r.pick(w.tasks) : undefined;
  const project = r.pick(w.projects);
  const roll = r.int(12);
  try {
    if (roll === 0 || !task)
      w.tasks.push(createTask(doc, ann, { projectId: project, title: `t${r.int(99)}` }));
    else if (roll === 1) updateTask(doc, ann, task, { title: `title ${r.int(99)}` });
    else if (roll === 2) updateTask(doc, ann, task, { originalEstimateSeconds: 600 * r.int(20) });
    else if (roll === 3) {
      const projectId = readTask(doc, task)?.projectId ?? project;
      moveTask(doc, ann, task, r.pick(liveColumns(readColumns(doc, projectId))).id, r.int(3));
    } else if (roll === 4) archiveTask(doc, ann, task);
    else if (roll === 5) restoreTask(doc, ann, task);
    else if (roll === 6) {
      const col = r.pick(readColumns(doc, project));
      if (col.archivedAt === null) archiveColumn(doc, ann, col.id);
      else restoreColumn(doc, ann, col.id);
    } else if (roll === 7) updateProject(doc, ann, project, { key: `K${r.int(900) + 100}` });
    else if (roll === 8) w.worklogs.push(addWorklog(doc, ann, task, { seconds: 60 * (1 + r.int(90)) }));
    else if (roll === 9 && w.worklogs.length > 0)
      editWorklog(doc, ann, r.pick(w.worklogs), { seconds: 60 * (1 + r.int(90)) });
    else if (roll === 10 && w.worklogs.length > 0) deleteWorklog(doc, ann, r.pick(w.worklogs));
    else if (roll === 11) updateTask(doc, ann, task, { estimate: r.int(13) });
  } catch {
    // Refused by the model (the last live column, a key in use, a deleted worklog): no change.
  }
  if (remote) Y.applyUpdate(w.doc, Y.encodeStateAsUpdate(w.other, Y.encodeStateVector(w.doc)));
}

function agrees(doc: Y.Doc, reads: ReportReads): void {
  for (const id of [...listIds(doc, 'task'), 'no-such-task'])
    expect(reads.task(id)).toEqual(readTask(doc, id));
  expect(reads.worklogs()).toEqual(readAllWorklogs(doc));
}

describe('report reads', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`equal a fresh read after every change, here or received (seed ${seed})`, () => {
      const replay = `npx vitest run server/src/reports/report-reads.test.ts -t "seed ${seed}"`;
      const doc = new Y.Doc();
      seedWorkspace(doc, { workspaceId: 'w' });
      const projects = [FIRST_PROJECT_ID, createProject(doc, ann, { name: 'Second' }).id];
      const other = new Y.Doc();
      Y.applyUpdate(other, Y.encodeStateAsUpdate(doc));
      const w: World = { doc, other, projects, tasks: [], worklogs: [] };
      const reads = new ReportReads(doc);
      const r = rng(seed);
      for (let step = 0; step < 150; step++) {
        change(w, r);
        // Read every few steps, so changes also pile up between two reads.
        if (r.chance(0.5)) {
          try {
            agrees(doc, reads);
          } catch (error) {
            throw new Error(`seed ${seed}, step ${step} (replay: ${replay}): ${String(error)}`);
          }
        }
      }
      agrees(doc, reads);
      expect(w.tasks.length).toBeGreaterThan(5);
      expect(readAllWorklogs(doc).length).toBeGreaterThan(0);
    });
  }
});
