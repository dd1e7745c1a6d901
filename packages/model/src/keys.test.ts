/** SPEC M21: task numbers, keys, provisional keys, project key renames. */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readTask } from './board.ts';
import { type Editor, projectsMap } from './doc.ts';
import { ModelError } from './errors.ts';
import {
  isTaskKey,
  numberNewTasks,
  numberTasks,
  projectAliases,
  projectOfKey,
  resolveTaskKey,
  setProjectKey,
  taskKey,
} from './keys.ts';
import { createProject, updateProject } from './projects.ts';
import { readProject } from './read.ts';
import { projectKeySchema } from './schema.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { createTask } from './tasks.ts';
import { editor, replicaOf, seeded, syncAll, T0 } from './testing/fixtures.ts';

const SERVER: Editor = { origin: { kind: 'server', reason: 'repair' } };

const numberOf = (doc: Y.Doc, id: string) => readTask(doc, id)?.number ?? null;
const lastNumberOf = (doc: Y.Doc, projectId = FIRST_PROJECT_ID) =>
  (projectsMap(doc).get(projectId) as Y.Map<unknown>).get('lastNumber');

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ModelError) return e.code;
    throw e;
  }
  return 'accepted';
}

/** The server's side: a replica that numbers what it receives, as server/src/sync/task-numbering.ts does. */
function serverReplica(from: Y.Doc): Y.Doc {
  const doc = replicaOf(from);
  numberNewTasks(doc, SERVER, (fn) => doc.transact(fn, 'server'));
  return doc;
}

describe('M21: task numbers', () => {
  it('M21: numbers go per project in (createdAt, id) order after the project’s counter, which is stored', () => {
    const doc = seeded();
    const other = createProject(doc, editor('ann'), { name: 'Other', key: 'OTH' }).id;
    const late = createTask(doc, editor('ann', T0 + 2000), {
      projectId: FIRST_PROJECT_ID,
      title: 'late',
      id: 'a',
    });
    const early = createTask(doc, editor('bob', T0 + 1000), {
      projectId: FIRST_PROJECT_ID,
      title: 'early',
      id: 'z',
    });
    const tieB = createTask(doc, editor('ann', T0 + 3000), {
      projectId: FIRST_PROJECT_ID,
      title: 'x',
      id: 'tb',
    });
    const tieA = createTask(doc, editor('ann', T0 + 3000), {
      projectId: FIRST_PROJECT_ID,
      title: 'x',
      id: 'ta',
    });
    const elsewhere = createTask(doc, editor('ann'), { projectId: other, title: 'other' });
    expect(numberTasks(doc, SERVER)).toBe(5);
    expect([early, late, tieA, tieB].map((id) => numberOf(doc, id))).toEqual([1, 2, 3, 4]);
    expect(numberOf(doc, elsewhere)).toBe(1);
    expect(lastNumberOf(doc)).toBe(4);
    expect(lastNumberOf(doc, other)).toBe(1);
    // The next ones continue after the counter, and nothing is numbered twice.
    const next = createTask(doc, editor('ann', T0), { projectId: FIRST_PROJECT_ID, title: 'next' });
    expect(numberTasks(doc, SERVER)).toBe(1);
    expect(numberOf(doc, next)).toBe(5);
    expect(numberTasks(doc, SERVER)).toBe(0);
    expect([early, late, tieA, tieB].map((id) => numberOf(doc, id))).toEqual([1, 2, 3, 4]);
  });

  it('M21: a project from before keys existed (no counter) continues after its highest number', () => {
    const doc = seeded();
    const a = createTask(doc, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'a' });
    numberTasks(doc, SERVER);
    (projectsMap(doc).get(FIRST_PROJECT_ID) as Y.Map<unknown>).delete('lastNumber');
    const b = createTask(doc, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'b' });
    numberTasks(doc, SERVER);
    expect([numberOf(doc, a), numberOf(doc, b)]).toEqual([1, 2]);
  });

  it('M21: numbering only the given tasks leaves the others provisional', () => {
    const doc = seeded();
    const a = createTask(doc, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'a' });
    const b = createTask(doc, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'b' });
    expect(numberTasks(doc, SERVER, [b])).toBe(1);
    expect([numberOf(doc, a), numberOf(doc, b)]).toEqual([null, 1]);
  });

  it('M21: a task created offline shows a provisional key, final once the server has numbered it', () => {
    const server = serverReplica(seeded());
    const client = replicaOf(server);
    const id = createTask(client, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'offline' });
    const provisional = taskKey('MFP', { id, number: numberOf(client, id) });
    expect(provisional.final).toBe(false);
    expect(provisional.text).toMatch(/^MFP-·[a-zA-Z0-9]{4}$/);
    expect(isTaskKey(provisional.text)).toBe(false);
    syncAll(client, server);
    // The server numbered it in a transaction of its own, which the client then received.
    expect(numberOf(server, id)).toBe(1);
    syncAll(client, server);
    expect(taskKey('MFP', { id, number: numberOf(client, id) })).toEqual({ text: 'MFP-1', final: true });
  });

  it('M21: the server numbers tasks from two offline clients so all are distinct, and numbers never change', () => {
    const server = serverReplica(seeded());
    const ann = replicaOf(server);
    const bob = replicaOf(server);
    const mine = Array.from({ length: 20 }, (_, i) =>
      createTask(ann, editor('ann', T0 + i), { projectId: FIRST_PROJECT_ID, title: `a${i}` }),
    );
    syncAll(ann, server);
    const seen = new Map(mine.map((id) => [id, numberOf(ann, id)]));
    expect([...seen.values()].every((n) => n !== null)).toBe(true);
    const theirs = Array.from({ length: 20 }, (_, i) =>
      createTask(bob, editor('bob', T0 - i), { projectId: FIRST_PROJECT_ID, title: `b${i}` }),
    );
    syncAll(bob, server);
    syncAll(ann, bob, server);
    const numbers = [...mine, ...theirs].map((id) => numberOf(ann, id));
    expect(new Set(numbers).size).toBe(40);
    expect(numbers.every((n) => n !== null && n >= 1 && n <= 40)).toBe(true);
    // Bob's tasks were created earlier but reached the server later: they come after Ann's.
    for (const [id, n] of seen) expect(numberOf(bob, id)).toBe(n);
    expect(Math.min(...theirs.map((id) => numberOf(bob, id) ?? 0))).toBe(21);
  });

  it('M21: a task that reaches the server before its project is numbered when the project arrives', () => {
    const server = serverReplica(seeded());
    const ann = replicaOf(server);
    const project = createProject(ann, editor('ann'), { name: 'New', key: 'NEW' }).id;
    const projectUpdate = Y.encodeStateAsUpdate(ann, Y.encodeStateVector(server));
    // Bob got the project from Ann directly (another tab, BroadcastChannel) and adds a task to it.
    const bob = replicaOf(ann);
    const before = Y.encodeStateVector(bob);
    const task = createTask(bob, editor('bob'), { projectId: project, title: 'early bird' });
    Y.applyUpdate(server, Y.encodeStateAsUpdate(bob, before));
    expect(readProject(server, project)).toBeUndefined();
    expect(numberOf(server, task)).toBeNull();
    Y.applyUpdate(server, projectUpdate);
    expect(numberOf(server, task)).toBe(1);
    expect(lastNumberOf(server, project)).toBe(1);
  });
});

describe('M21: numbers from an allocator (several server processes, issue 16)', () => {
  it('M21: the allocator gives the numbers, in (createdAt, id) order; the counter follows the highest', () => {
    const doc = seeded();
    const a = createTask(doc, editor('ann', T0 + 1000), { projectId: FIRST_PROJECT_ID, title: 'a', id: 'a' });
    const b = createTask(doc, editor('ann', T0 + 2000), { projectId: FIRST_PROJECT_ID, title: 'b', id: 'b' });
    const asked: [string, string[], number][] = [];
    numberTasks(doc, SERVER, undefined, (projectId, ids, last) => {
      asked.push([projectId, [...ids], last]);
      return ids.map((_, i) => 40 + i * 2);
    });
    expect(asked).toEqual([[FIRST_PROJECT_ID, [a, b], 0]]);
    expect([numberOf(doc, a), numberOf(doc, b)]).toEqual([40, 42]);
    expect(lastNumberOf(doc)).toBe(42);
  });

  it('M21: tasks added by a skipped origin (another process appended them) are not numbered here', () => {
    const doc = seeded();
    const FROM_ELSEWHERE = { source: 'cluster' };
    numberNewTasks(doc, SERVER, (fn) => doc.transact(fn, 'server'), {
      skip: (origin) => origin === FROM_ELSEWHERE,
    });
    const elsewhere = new Y.Doc();
    Y.applyUpdate(elsewhere, Y.encodeStateAsUpdate(doc));
    const t = createTask(elsewhere, editor('bob'), { projectId: FIRST_PROJECT_ID, title: 'x' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(elsewhere), FROM_ELSEWHERE);
    expect(numberOf(doc, t)).toBeNull();
    const mine = createTask(doc, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'y' });
    expect(numberOf(doc, mine)).toBe(1);
  });
});

describe('M21: keys resolve', () => {
  function numbered() {
    const doc = seeded();
    const id = createTask(doc, editor('ann'), { projectId: FIRST_PROJECT_ID, title: 'a' });
    numberTasks(doc, SERVER);
    return { doc, id };
  }

  it('M21: a key resolves to its task, case-insensitively; unknown keys and numbers do not', () => {
    const { doc, id } = numbered();
    expect(resolveTaskKey(doc, 'MFP-1')).toBe(id);
    expect(resolveTaskKey(doc, ' mfp-1 ')).toBe(id);
    expect(resolveTaskKey(doc, 'MFP-2')).toBeUndefined();
    expect(resolveTaskKey(doc, 'XYZ-1')).toBeUndefined();
    expect(resolveTaskKey(doc, 'not a key')).toBeUndefined();
    expect(isTaskKey('web-12')).toBe(true);
    expect(isTaskKey('12-web')).toBe(false);
  });

  it('M21: after renames, the old keys keep resolving to the same tasks; the new key too', () => {
    const { doc, id } = numbered();
    setProjectKey(doc, editor('ann'), FIRST_PROJECT_ID, 'web');
    updateProject(doc, editor('ann'), FIRST_PROJECT_ID, { key: 'APP' });
    expect(readProject(doc, FIRST_PROJECT_ID)?.key).toBe('APP');
    for (const key of ['APP-1', 'WEB-1', 'MFP-1']) expect(resolveTaskKey(doc, key)).toBe(id);
    expect(projectAliases(doc, FIRST_PROJECT_ID)).toEqual(['MFP', 'WEB']);
    // Back to an old key of its own: allowed, and the current key is not listed as an old one.
    setProjectKey(doc, editor('ann'), FIRST_PROJECT_ID, 'MFP');
    expect(projectAliases(doc, FIRST_PROJECT_ID)).toEqual(['APP', 'WEB']);
    expect(resolveTaskKey(doc, 'APP-1')).toBe(id);
  });

  it('M21: a key another project holds, now or as an old key, is refused (conflict); a bad key is invalid', () => {
    const doc = seeded();
    const other = createProject(doc, editor('ann'), { name: 'Other', key: 'OTH' }).id;
    setProjectKey(doc, editor('ann'), other, 'OLD');
    expect(refusal(() => setProjectKey(doc, editor('ann'), FIRST_PROJECT_ID, 'OLD'))).toBe('conflict');
    expect(refusal(() => setProjectKey(doc, editor('ann'), FIRST_PROJECT_ID, 'oth'))).toBe('conflict');
    expect(refusal(() => createProject(doc, editor('ann'), { name: 'x', key: 'OLD' }))).toBe('conflict');
    expect(refusal(() => setProjectKey(doc, editor('ann'), FIRST_PROJECT_ID, '1AB'))).toBe('invalid_input');
    expect(refusal(() => setProjectKey(doc, editor('ann'), FIRST_PROJECT_ID, 'A'))).toBe('invalid_input');
    expect(refusal(() => setProjectKey(doc, editor('ann'), FIRST_PROJECT_ID, 'ABCDEFGHIJK'))).toBe(
      'invalid_input',
    );
    expect(readProject(doc, FIRST_PROJECT_ID)?.key).toBe('MFP');
    // A project named like another gets a free key of its own.
    expect(createProject(doc, editor('ann'), { name: 'My first project' }).key).toBe('MFP2');
  });

  it('M21: a key made from any project name is a valid key, so its tasks’ keys resolve', () => {
    const doc = seeded();
    for (const name of ['x', '2026 roadmap', '日本語', 'Q3', 'Über alles', '42']) {
      const project = createProject(doc, editor('ann'), { name });
      expect(projectKeySchema.safeParse(project.key).success, `${name} → ${project.key}`).toBe(true);
      const id = createTask(doc, editor('ann'), { projectId: project.id, title: 't' });
      numberTasks(doc, SERVER);
      expect(resolveTaskKey(doc, `${project.key}-1`)).toBe(id);
    }
  });

  it('M21: two concurrent renames of one project: both keys keep resolving, whichever wins', () => {
    const { doc: ann, id } = numbered();
    const bob = replicaOf(ann);
    setProjectKey(ann, editor('ann'), FIRST_PROJECT_ID, 'APP');
    setProjectKey(bob, editor('bob'), FIRST_PROJECT_ID, 'SITE');
    syncAll(ann, bob);
    const current = readProject(ann, FIRST_PROJECT_ID)?.key;
    expect(['APP', 'SITE']).toContain(current);
    for (const key of ['APP-1', 'SITE-1', 'MFP-1']) {
      expect(resolveTaskKey(ann, key)).toBe(id);
      expect(resolveTaskKey(bob, key)).toBe(id);
    }
  });

  it('M21: two projects given one key concurrently: the earliest-created project wins the key', () => {
    const ann = seeded();
    const bob = replicaOf(ann);
    const later = createProject(bob, editor('bob', T0 + 5000), { name: 'B', key: 'SAME', id: 'p-b' }).id;
    const earlier = createProject(ann, editor('ann', T0 + 1000), { name: 'A', key: 'SAME', id: 'p-z' }).id;
    syncAll(ann, bob);
    expect(projectOfKey(ann, 'SAME')?.id).toBe(earlier);
    expect(projectOfKey(bob, 'same')?.id).toBe(earlier);
    expect(later).toBe('p-b');
  });
});
