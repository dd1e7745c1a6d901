/**
 * SPEC M14, M17, M18: what a person may write through sync. The model's operations, done as the
 * sender, always pass; each forgery a raw Yjs client can make is refused with its reason.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { addComment, deleteComment, editComment } from './comments.ts';
import type { Editor } from './doc.ts';
import { numberTasks } from './keys.ts';
import { setPersonName } from './people.ts';
import { addColumn, archiveColumn, createProject, renameProject, updateProject } from './projects.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { completeSprint, createSprint, planTask, startSprint, updateSprint } from './sprints.ts';
import { archiveTask, createTask, moveTask, placeTask, restoreTask, updateTask } from './tasks.ts';
import { editor, replicaOf, seeded, T0 } from './testing/fixtures.ts';
import { applyPlanningOp } from './testing/planning-ops.ts';
import { rng } from './testing/prng.ts';
import { applyRandomOp } from './testing/random-ops.ts';
import { discardTimer, startTimer, stopTimer } from './timers.ts';
import { inspectUpdate } from './update-inspection.ts';
import { type Forgery, findForgery } from './update-inspection-rules.ts';
import { createView, deleteView, renameView } from './views.ts';
import { watchTask } from './watchers.ts';
import { addWorklog, deleteWorklog, editWorklog } from './worklogs.ts';

const ANN = { id: 'ann', name: 'Ann' };

/** A workspace with a task, a project and a comment of Bob's. */
function workspace() {
  const server = seeded();
  const bob = editor('bob');
  const task = createTask(server, bob, { projectId: FIRST_PROJECT_ID, title: 'Bob’s task' });
  const comment = addComment(server, bob, task, 'Bob says');
  const project = createProject(server, bob, { name: 'Bob’s project' }).id;
  return { server, task, comment, project };
}

/** What Ann's client sends after `edit` (its SyncStep2), judged as coming from Ann. */
function judged(server: Y.Doc, edit: (doc: Y.Doc, ann: Editor) => void): Forgery['reason'] | null {
  const client = replicaOf(server);
  edit(client, editor('ann'));
  const r = inspectUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
  if (!r.ok) throw new Error(`not integrable: ${r.reason}`);
  return findForgery(server, r.writes, ANN)?.reason ?? null;
}

const map = (doc: Y.Doc, root: string, key: string) =>
  doc.getMap<Y.Map<unknown>>(root).get(key) as Y.Map<unknown>;

describe('M17: the model’s operations pass', () => {
  it('M17: everything a person does through the model, as themself, is accepted', () => {
    const { server, task, comment } = workspace();
    const ops: ((doc: Y.Doc, ann: Editor) => void)[] = [
      (d, a) => createTask(d, a, { projectId: FIRST_PROJECT_ID, title: 'mine' }),
      (d, a) => updateTask(d, a, task, { title: 'renamed', labels: ['x'], assignee: 'bob' }),
      (d, a) => moveTask(d, a, task, `${FIRST_PROJECT_ID}:col2`, 0),
      (d, a) => placeTask(d, a, task, { col: `${FIRST_PROJECT_ID}:col3`, rank: 'a0' }),
      (d, a) => archiveTask(d, a, task),
      (d, a) => {
        archiveTask(d, a, task);
        restoreTask(d, a, task);
      },
      (d, a) => watchTask(d, a, task, true),
      (d, a) => {
        const mine = addComment(d, a, task, 'first');
        editComment(d, a, mine, 'second');
        deleteComment(d, a, mine);
      },
      (d, a) => createProject(d, a, { name: 'Ann’s project' }),
      (d, a) => renameProject(d, a, FIRST_PROJECT_ID, 'Renamed'),
      (d, a) => addColumn(d, a, { projectId: FIRST_PROJECT_ID, name: 'Review' }),
      (d, a) => archiveColumn(d, a, `${FIRST_PROJECT_ID}:col3`),
      (d, a) => setPersonName(d, a, 'ann', 'Ann'),
    ];
    for (const op of ops) expect(judged(server, op)).toBeNull();
    // Offline: many operations in one SyncStep2, including a comment made and edited.
    expect(
      judged(server, (d, a) => {
        for (const op of ops) op(d, a);
      }),
    ).toBeNull();
    expect(comment).toBeTruthy();
  });

  it('M17 (randomized): random operations as the sender, delivered as SyncStep2, are never taken for forgeries', () => {
    const seed = Number(process.env.TF_SEED ?? Date.now() % 2 ** 31);
    const r = rng(seed);
    try {
      for (let run = 0; run < 30; run++) {
        const { server } = workspace();
        const client = replicaOf(server);
        for (let i = 0; i < 20; i++) applyRandomOp(client, editor('ann'), r);
        const result = inspectUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
        expect(result.ok).toBe(true);
        expect(result.ok && findForgery(server, result.writes, ANN)).toBeNull();
      }
    } catch (e) {
      console.error(
        `replay: TF_SEED=${seed} npx vitest run packages/model/src/update-inspection-rules.test.ts`,
      );
      throw e;
    }
  });
});

describe('M17: identity is the sender’s', () => {
  it('M17: a comment’s author is the sender, and only its author writes it', () => {
    const { server, task, comment } = workspace();
    expect(judged(server, (d) => addComment(d, editor('bob'), task, 'as Bob'))).toBe('forged-identity');
    expect(judged(server, (d) => map(d, 'comments', comment).set('body', 'Ann was here'))).toBe(
      'foreign-comment',
    );
    expect(judged(server, (d) => map(d, 'comments', comment).delete('body'))).toBe('foreign-comment');
    expect(judged(server, (d) => deleteComment(d, editor('bob'), comment))).toBe('foreign-comment');
    expect(judged(server, (d) => d.getMap('comments').set(comment, new Y.Map()))).toBe('foreign-comment');
    expect(judged(server, (d) => d.getMap('comments').delete(comment))).toBe('foreign-comment');
    // Her own comment: the author cannot be rewritten afterwards.
    const own = addComment(server, editor('ann'), task, 'mine');
    expect(judged(server, (d) => map(d, 'comments', own).set('authorId', 'ann'))).toBe('forged-identity');
    expect(judged(server, (d) => editComment(d, editor('ann'), own, 'still mine'))).toBeNull();
  });

  it('M17: a person writes only their own `people` entry, with their account’s name', () => {
    const { server } = workspace();
    setPersonName(server, { origin: { kind: 'server', reason: 'repair' } }, 'bob', 'Bob');
    expect(judged(server, (d) => setPersonName(d, editor('ann'), 'bob', 'Bobby'))).toBe('forged-identity');
    expect(judged(server, (d) => setPersonName(d, editor('ann'), 'ann', 'Bob'))).toBe('forged-identity');
    expect(judged(server, (d) => d.getMap('people').delete('bob'))).toBe('forged-identity');
    expect(judged(server, (d) => setPersonName(d, editor('ann'), 'ann', 'Ann'))).toBeNull();
  });

  it('M17: createdBy is the sender and written only with its task or project; updatedBy is the sender', () => {
    const { server, task, project } = workspace();
    expect(
      judged(server, (d) => createTask(d, editor('bob'), { projectId: FIRST_PROJECT_ID, title: 'x' })),
    ).toBe('forged-identity');
    expect(judged(server, (d) => createProject(d, editor('bob'), { name: 'x' }))).toBe('forged-identity');
    expect(judged(server, (d) => map(d, 'tasks', task).set('createdBy', 'ann'))).toBe('forged-identity');
    expect(judged(server, (d) => map(d, 'projects', project).set('createdBy', 'ann'))).toBe(
      'forged-identity',
    );
    expect(judged(server, (d) => map(d, 'tasks', task).delete('createdBy'))).toBe('forged-identity');
    expect(judged(server, (d) => updateTask(d, editor('bob'), task, { title: 'x' }))).toBe('forged-identity');
  });

  it('M17: a placement entry names the sender and sits under the writer’s own clientID', () => {
    const { server, task } = workspace();
    expect(judged(server, (d) => moveTask(d, editor('bob'), task, `${FIRST_PROJECT_ID}:col2`, 0))).toBe(
      'forged-identity',
    );
    expect(
      judged(server, (d) => {
        const register = map(d, 'tasks', task).get('placement') as Y.Map<unknown>;
        register.set(String(server.clientID), { col: 'x', rank: 'a0', hlc: 1, moveId: 'm', by: 'ann' });
      }),
    ).toBe('forged-identity');
  });

  it('M14: a watch key is set or cleared only by the person it names', () => {
    const { server, task } = workspace();
    watchTask(server, editor('bob'), task, true);
    expect(judged(server, (d) => watchTask(d, editor('bob'), task, false))).toBe('foreign-watch');
    expect(judged(server, (d) => map(d, 'tasks', task).set('watch:carol', true))).toBe('foreign-watch');
    expect(judged(server, (d) => map(d, 'tasks', task).delete('watch:bob'))).toBe('foreign-watch');
    expect(judged(server, (d) => watchTask(d, editor('ann'), task, true))).toBeNull();
  });
});

describe('M18: what a client may write at all', () => {
  it('M18: never `meta`, never a root map outside the layout, never replacing or deleting an entry', () => {
    const { server, task, project } = workspace();
    expect(judged(server, (d) => d.getMap('meta').set('schemaVersion', 99))).toBe('not-writable');
    expect(judged(server, (d) => d.getMap('junk').set('x', 1))).toBe('not-writable');
    expect(judged(server, (d) => d.getMap('tasks').set(task, new Y.Map()))).toBe('not-writable');
    expect(judged(server, (d) => d.getMap('tasks').delete(task))).toBe('not-writable');
    expect(judged(server, (d) => d.getMap('projects').delete(project))).toBe('not-writable');
    expect(judged(server, (d) => d.getMap('columns').delete(`${FIRST_PROJECT_ID}:col1`))).toBe(
      'not-writable',
    );
  });
});

describe('M21 M23: planning writes through sync', () => {
  /** Bob's scrum project state: a numbered task, a sprint, a worklog and a running timer of his. */
  function planning() {
    const server = seeded();
    const bob = editor('bob');
    updateProject(server, bob, FIRST_PROJECT_ID, { mode: 'scrum' });
    const task = createTask(server, bob, { projectId: FIRST_PROJECT_ID, title: 'Bob’s task' });
    numberTasks(server, { origin: { kind: 'server', reason: 'repair' } });
    const sprint = createSprint(server, bob, { projectId: FIRST_PROJECT_ID });
    const worklog = addWorklog(server, bob, task, { seconds: 600 });
    startTimer(server, bob, task);
    return { server, task, sprint, worklog };
  }

  it('M17 M21 M22 M23: planning through the model, as the sender, passes — also completing a sprint that clears someone’s lost start', () => {
    const { server, task, sprint } = planning();
    const ops: ((doc: Y.Doc, ann: Editor) => void)[] = [
      (d, a) => createTask(d, a, { projectId: FIRST_PROJECT_ID, title: 'mine', sprintId: sprint }),
      (d, a) => planTask(d, a, task, { sprintId: sprint, index: 0 }),
      (d, a) => updateSprint(d, a, sprint, { goal: 'ship' }),
      (d, a) => {
        startSprint(d, a, sprint);
        completeSprint(d, a, sprint, createSprint(d, a, { projectId: FIRST_PROJECT_ID }));
      },
      (d, a) => {
        const w = addWorklog(d, a, task, { seconds: 60, remainingEstimateSeconds: 600 });
        editWorklog(d, a, w, { seconds: 120 });
        deleteWorklog(d, a, w);
      },
      (d, a) => {
        startTimer(d, a, task);
        stopTimer(d, a);
      },
      (d, a) => {
        startTimer(d, a, task);
        discardTimer(d, a);
      },
      (d, a) => updateTask(d, a, task, { originalEstimateSeconds: 3600, remainingEstimateSeconds: 60 }),
      (d, a) =>
        updateProject(d, a, FIRST_PROJECT_ID, { mode: 'kanban', estimationUnit: 'hours', key: 'WEB' }),
    ];
    for (const op of ops) expect(judged(server, op)).toBeNull();
    // Bob's start, which lost to Ann's earlier one, is cleared by Ann's completion: a null, not a forgery.
    const other = createSprint(server, editor('bob'), { projectId: FIRST_PROJECT_ID });
    const client = replicaOf(server);
    startSprint(client, editor('ann', T0), sprint);
    startSprint(server, editor('bob', T0 + 1000), other);
    Y.applyUpdate(client, Y.encodeStateAsUpdate(server, Y.encodeStateVector(client)));
    expect(judged(client, (d, a) => void completeSprint(d, a, sprint, null))).toBeNull();
  });

  it('M21: a task’s number and a project’s counter are the server’s alone (not-writable), new or not', () => {
    const { server, task } = planning();
    expect(judged(server, (d) => map(d, 'tasks', task).set('number', 99))).toBe('not-writable');
    expect(judged(server, (d) => map(d, 'tasks', task).delete('number'))).toBe('not-writable');
    expect(judged(server, (d) => map(d, 'projects', FIRST_PROJECT_ID).set('lastNumber', 0))).toBe(
      'not-writable',
    );
    expect(
      judged(server, (d, a) => {
        const mine = createTask(d, a, { projectId: FIRST_PROJECT_ID, title: 'pre-numbered' });
        map(d, 'tasks', mine).set('number', 2);
      }),
    ).toBe('not-writable');
    expect(
      judged(server, (d, a) => {
        const p = createProject(d, a, { name: 'Mine' }).id;
        map(d, 'projects', p).set('lastNumber', 50);
      }),
    ).toBe('not-writable');
  });

  it('M23: a timer is written only by its person (foreign-timer)', () => {
    const { server, task } = planning();
    expect(judged(server, (d) => stopTimer(d, editor('bob')))).toBe('foreign-timer');
    expect(judged(server, (d) => discardTimer(d, editor('bob')))).toBe('foreign-timer');
    expect(judged(server, (d) => startTimer(d, editor('carol'), task))).toBe('foreign-timer');
    expect(judged(server, (d) => d.getMap('timers').delete('bob'))).toBe('foreign-timer');
    expect(judged(server, (d) => d.getMap('timers').set('bob', null))).toBe('foreign-timer');
    expect(judged(server, (d, a) => startTimer(d, a, task))).toBeNull();
  });

  it('M23: a worklog is written by its author as the sender, then touched only by them (foreign-worklog)', () => {
    const { server, task, worklog } = planning();
    expect(judged(server, (d) => addWorklog(d, editor('bob'), task, { seconds: 60 }))).toBe(
      'forged-identity',
    );
    expect(judged(server, (d) => editWorklog(d, editor('bob'), worklog, { seconds: 6000 }))).toBe(
      'foreign-worklog',
    );
    expect(judged(server, (d) => deleteWorklog(d, editor('bob'), worklog))).toBe('foreign-worklog');
    expect(judged(server, (d) => map(d, 'worklogs', worklog).set('authorId', 'ann'))).toBe('foreign-worklog');
    expect(judged(server, (d) => d.getMap('worklogs').set(worklog, new Y.Map()))).toBe('foreign-worklog');
    expect(judged(server, (d) => d.getMap('worklogs').delete(worklog))).toBe('foreign-worklog');
    const own = addWorklog(server, editor('ann'), task, { seconds: 60 });
    expect(judged(server, (d) => map(d, 'worklogs', own).set('authorId', 'bob'))).toBe('forged-identity');
  });

  it('M17 M22: a sprint’s start or completion names the sender', () => {
    const { server, sprint } = planning();
    expect(judged(server, (d) => startSprint(d, editor('bob'), sprint))).toBe('forged-identity');
    startSprint(server, editor('bob'), sprint);
    expect(judged(server, (d) => completeSprint(d, editor('bob'), sprint, null))).toBe('forged-identity');
    expect(judged(server, (d, a) => completeSprint(d, a, sprint, null))).toBeNull();
  });

  it('M22: nobody un-starts or un-completes someone’s sprint (not-writable), a concurrent start still counts', () => {
    const { server, sprint } = planning();
    const offline = replicaOf(server);
    startSprint(server, editor('bob'), sprint);
    const bobsStart = map(server, 'sprints', sprint).get('start');
    const unStart: ((d: Y.Doc) => void)[] = [
      (d) => map(d, 'sprints', sprint).set('start', null),
      (d) => map(d, 'sprints', sprint).delete('start'),
      (d) => map(d, 'sprints', sprint).set('start', { ...(bobsStart as object), by: 'ann' }),
      (d) => {
        // A write placed after Bob's start and deleted at once: Yjs drops Bob's start on integration.
        d.transact(() => {
          map(d, 'sprints', sprint).set('start', { by: 'ann' });
          map(d, 'sprints', sprint).delete('start');
        });
      },
    ];
    for (const edit of unStart) expect(judged(server, edit)).toBe('not-writable');
    // Ann started it too while offline, over the null she saw: a concurrent start, not a removal.
    startSprint(offline, editor('ann'), sprint);
    const r = inspectUpdate(server, Y.encodeStateAsUpdate(offline, Y.encodeStateVector(server)));
    expect(r.ok && findForgery(server, r.writes, ANN)).toBeNull();

    completeSprint(server, editor('bob'), sprint, null);
    expect(judged(server, (d) => map(d, 'sprints', sprint).set('completion', null))).toBe('not-writable');
    expect(judged(server, (d) => map(d, 'sprints', sprint).delete('completion'))).toBe('not-writable');
    expect(judged(server, (d) => map(d, 'sprints', sprint).delete('start'))).toBe('not-writable');
  });

  it('M17 M21 M23 (randomized): random planning operations as the sender are never taken for forgeries', () => {
    const seed = Number(process.env.TF_SEED ?? Date.now() % 2 ** 31);
    const r = rng(seed);
    try {
      for (let run = 0; run < 30; run++) {
        const { server } = planning();
        const client = replicaOf(server);
        // Ann also tries Bob's worklogs and sprints: the model refuses those before anything is written.
        for (let i = 0; i < 30; i++) applyPlanningOp(client, editor('ann', T0 + i * 60_000), r);
        const result = inspectUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
        expect(result.ok).toBe(true);
        expect(result.ok && findForgery(server, result.writes, ANN)).toBeNull();
      }
    } catch (e) {
      console.error(
        `replay: TF_SEED=${seed} npx vitest run packages/model/src/update-inspection-rules.test.ts`,
      );
      throw e;
    }
  });
});

describe('M17: saved views through sync', () => {
  /** Bob's personal view and his shared one. */
  function views() {
    const server = seeded();
    const bob = editor('bob');
    const input = { projectId: FIRST_PROJECT_ID, query: 'assignee=me' };
    const personal = createView(server, bob, { ...input, name: 'Bob’s own', shared: false });
    const shared = createView(server, bob, { ...input, name: 'Team', shared: true });
    return { server, personal, shared };
  }

  it('M17: views made, renamed and deleted through the model, as the sender, pass', () => {
    const { server, shared } = views();
    const input = { projectId: FIRST_PROJECT_ID, query: 'due=overdue' };
    expect(judged(server, (d, a) => createView(d, a, { ...input, name: 'Mine', shared: false }))).toBeNull();
    expect(
      judged(server, (d, a) => {
        const mine = createView(d, a, { ...input, name: 'Mine', shared: true });
        renameView(d, a, mine, 'Renamed');
        deleteView(d, a, mine);
      }),
    ).toBeNull();
    // A shared view is the project's: anyone may rename or delete it.
    expect(judged(server, (d, a) => renameView(d, a, shared, 'Our view'))).toBeNull();
    expect(judged(server, (d, a) => deleteView(d, a, shared))).toBeNull();
  });

  it('M17: a view’s creator is the sender, written once', () => {
    const { server, shared } = views();
    const input = { projectId: FIRST_PROJECT_ID, query: '', name: 'x', shared: true };
    expect(judged(server, (d) => createView(d, editor('bob'), input))).toBe('forged-identity');
    expect(judged(server, (d) => map(d, 'views', shared).set('createdBy', 'ann'))).toBe('forged-identity');
    expect(judged(server, (d) => map(d, 'views', shared).delete('createdBy'))).toBe('forged-identity');
  });

  it('M17: a personal view is changed only by its creator, and only they share or unshare it', () => {
    const { server, personal, shared } = views();
    expect(judged(server, (d) => map(d, 'views', personal).set('name', 'Ann’s now'))).toBe('foreign-view');
    expect(judged(server, (d) => map(d, 'views', personal).set('deletedAt', T0_ISO))).toBe('foreign-view');
    expect(judged(server, (d) => map(d, 'views', personal).set('shared', true))).toBe('foreign-view');
    expect(judged(server, (d) => map(d, 'views', shared).set('shared', false))).toBe('foreign-view');
    // M2: no view entry is replaced or deleted whole, shared or not.
    expect(judged(server, (d) => d.getMap('views').delete(shared))).toBe('not-writable');
    expect(judged(server, (d) => d.getMap('views').set(personal, new Y.Map()))).toBe('not-writable');
    // Bob himself may.
    const asBob = (edit: (doc: Y.Doc) => void) => {
      const client = replicaOf(server);
      edit(client);
      const r = inspectUpdate(server, Y.encodeStateAsUpdate(client, Y.encodeStateVector(server)));
      return r.ok ? (findForgery(server, r.writes, { id: 'bob', name: 'Bob' })?.reason ?? null) : r.reason;
    };
    expect(asBob((d) => renameView(d, editor('bob'), personal, 'Still mine'))).toBeNull();
    expect(asBob((d) => map(d, 'views', personal).set('shared', true))).toBeNull();
  });
});

const T0_ISO = new Date(T0).toISOString();
