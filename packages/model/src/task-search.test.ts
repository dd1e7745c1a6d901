/**
 * Issue 14: the command palette's task search. Hand-picked cases for the ranking, randomized ones
 * (fast-check, seeded: the seed and the replay command are printed on failure) for what must always
 * hold, and a count of reads proving a keystroke reads no task and an edit re-reads only its task.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readTask } from './board.ts';
import type { Editor } from './doc.ts';
import { numberTasks, setProjectKey } from './keys.ts';
import { createProject } from './projects.ts';
import { FIRST_PROJECT_ID } from './seed.ts';
import { taskWalks } from './task-index.ts';
import {
  foldForSearch,
  SEARCH_LIMIT,
  searchTasks,
  TaskSearch,
  taskSearch,
  taskSearchReads,
} from './task-search.ts';
import { archiveTask, createTask, updateTask } from './tasks.ts';
import { editor, replicaOf, seeded, T0 } from './testing/fixtures.ts';
import { rng } from './testing/prng.ts';
import { applyRandomOp } from './testing/random-ops.ts';

const FILE = 'packages/model/src/task-search.test.ts';
const SEED = Number(process.env.TF_SEED ?? Date.now() % 2 ** 31);
const SERVER: Editor = { origin: { kind: 'server', reason: 'repair' } };
const ada = editor('ada');

/** A workspace with a WEB project holding `titles` (numbered WEB-1… in order) and an empty OPS project. */
function workspace(titles: readonly string[]): { doc: Y.Doc; web: string; ops: string; ids: string[] } {
  const doc = seeded();
  const web = createProject(doc, ada, { name: 'Web', key: 'WEB' }).id;
  const ops = createProject(doc, ada, { name: 'Ops', key: 'OPS' }).id;
  const ids = titles.map((title, i) => createTask(doc, editor('ada', T0 + i), { projectId: web, title }));
  numberTasks(doc, SERVER);
  return { doc, web, ops, ids };
}

const titlesOf = (hits: readonly { title: string }[]) => hits.map((h) => h.title);

/** Runs a fast-check property with the suite's seed, naming the replay command should it fail. */
function check<T>(property: fc.IProperty<T>, numRuns = 60): void {
  try {
    fc.assert(property, { seed: SEED, numRuns });
  } catch (e) {
    console.error(`replay: TF_SEED=${SEED} npx vitest run ${FILE}`);
    throw e;
  }
}

describe('task search: keys', () => {
  it('finds a task by its key, in any case, first, before titles that mention it', () => {
    const { doc, ids } = workspace(['Deploy', 'Fix web 2 layout', 'Write docs']);
    for (const q of ['WEB-2', 'web-2', ' Web-2 ']) {
      const [first, ...rest] = searchTasks(doc, q);
      expect(first, q).toMatchObject({ id: ids[1], match: 'key', number: 2 });
      expect(rest.map((h) => h.id)).not.toContain(ids[1]);
    }
    expect(searchTasks(doc, 'WEB-9')).toEqual([]);
  });

  it('finds a bare number in the project in view only', () => {
    const { doc, web, ops, ids } = workspace(['Deploy', 'Fix layout', 'Write docs']);
    expect(searchTasks(doc, '3', { projectId: web })[0]).toMatchObject({ id: ids[2], match: 'key' });
    expect(searchTasks(doc, '#3', { projectId: web })[0]).toMatchObject({ id: ids[2], match: 'key' });
    expect(searchTasks(doc, '3', { projectId: ops })).toEqual([]);
    expect(searchTasks(doc, '3')).toEqual([]);
  });

  it('finds a task by its project’s old key after a rename', () => {
    const { doc, web, ids } = workspace(['Deploy']);
    setProjectKey(doc, ada, web, 'SITE');
    expect(searchTasks(doc, 'site-1')[0]?.id).toBe(ids[0]);
    expect(searchTasks(doc, 'web-1')[0]?.id).toBe(ids[0]);
  });
});

describe('task search: words', () => {
  it('ranks starts-with, then word starts, then contains, then letters in order', () => {
    const { doc } = workspace([
      'Beta login page',
      'Login page redesign',
      'Pagination of the login list',
      'Relogin paging',
      'Log in to the page app',
      'Unrelated',
    ]);
    const hits = searchTasks(doc, 'login pag');
    expect(titlesOf(hits)).toEqual([
      'Login page redesign',
      'Beta login page',
      'Pagination of the login list',
      'Relogin paging',
      'Log in to the page app',
    ]);
    expect(hits.map((h) => h.match)).toEqual(['prefix', 'words', 'words', 'substring', 'subsequence']);
  });

  it('ignores case, accents and punctuation; a blank query finds nothing', () => {
    const { doc } = workspace(['Café “menu” — Über-fix', 'Other']);
    expect(titlesOf(searchTasks(doc, 'cafe menu uber'))).toEqual(['Café “menu” — Über-fix']);
    expect(titlesOf(searchTasks(doc, 'ÜBER FIX'))).toEqual(['Café “menu” — Über-fix']);
    expect(searchTasks(doc, '  ')).toEqual([]);
    expect(searchTasks(doc, '—')).toEqual([]);
    expect(foldForSearch('  Log-in  PÂGE! ')).toBe('log in page');
  });

  it('the project in view ranks first among equal matches; shorter titles before longer', () => {
    const { doc, web, ops } = workspace(['Deploy the site']);
    createTask(doc, ada, { projectId: ops, title: 'Deploy the site' });
    createTask(doc, ada, { projectId: web, title: 'Deploy' });
    expect(searchTasks(doc, 'deploy', { projectId: ops }).map((h) => [h.title, h.projectId])).toEqual([
      ['Deploy the site', ops],
      ['Deploy', web],
      ['Deploy the site', web],
    ]);
  });

  it(`caps the hits at ${SEARCH_LIMIT} (or the limit asked), keeping the best`, () => {
    const titles = Array.from({ length: 120 }, (_, i) => `Task ${i}`);
    const { doc } = workspace([...titles, 'Task']);
    const hits = searchTasks(doc, 'task');
    expect(hits).toHaveLength(SEARCH_LIMIT);
    expect(hits[0]?.title).toBe('Task');
    expect(searchTasks(doc, 'task', { limit: 3 })).toHaveLength(3);
  });

  it('archived tasks are found, marked, after every live one (the typed key still first)', () => {
    const { doc, ids } = workspace(['Deploy old site', 'Deploy new site with a long title']);
    archiveTask(doc, ada, ids[0] as string);
    const hits = searchTasks(doc, 'deploy');
    expect(hits.map((h) => [h.title, h.archived])).toEqual([
      ['Deploy new site with a long title', false],
      ['Deploy old site', true],
    ]);
    expect(searchTasks(doc, 'web-1')[0]).toMatchObject({ id: ids[0], archived: true, match: 'key' });
  });
});

describe('task search: kept fresh without walks', () => {
  it('a keystroke reads no task; an edit re-reads only its task; a remote edit too', () => {
    const { doc, ids } = workspace(Array.from({ length: 200 }, (_, i) => `Task ${i}`));
    searchTasks(doc, 'task');
    const walks = taskWalks(doc);
    const reads = taskSearchReads(doc);
    for (const q of ['t', 'ta', 'tas', 'task', 'task 1', 'task 12']) searchTasks(doc, q);
    expect(taskSearchReads(doc)).toBe(reads);

    updateTask(doc, ada, ids[5] as string, { title: 'Renamed here' });
    expect(titlesOf(searchTasks(doc, 'renamed'))).toEqual(['Renamed here']);
    expect(taskSearchReads(doc)).toBe(reads + 1);

    const peer = replicaOf(doc);
    updateTask(peer, editor('bea'), ids[6] as string, { title: 'Renamed there' });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(peer, Y.encodeStateVector(doc)));
    expect(titlesOf(searchTasks(doc, 'renamed'))).toEqual(['Renamed here', 'Renamed there']);
    expect(taskSearchReads(doc)).toBe(reads + 2);
    expect(taskWalks(doc)).toBe(walks);
  });

  it('typing on narrows from the last matches, and an edit in between is seen', () => {
    const { doc, ids, web } = workspace(['Login page', 'Logout button', 'Log in to the page', 'Blog post']);
    const typed: string[][] = [];
    for (const q of ['l', 'lo', 'log', 'logi', 'login', 'login ', 'login p']) {
      if (q === 'logi') updateTask(doc, ada, ids[3] as string, { title: 'Blog index' });
      if (q === 'login ') createTask(doc, ada, { projectId: web, title: 'Login pane' });
      const hits = searchTasks(doc, q);
      expect(hits, q).toEqual(new TaskSearch(doc).search(q));
      typed.push(titlesOf(hits));
    }
    expect(typed.at(3)).toEqual(['Login page', 'Blog index', 'Log in to the page']);
    expect(typed.at(-1)).toEqual(['Login page', 'Login pane', 'Log in to the page']);
  });

  it('prepare builds the index by one walk; the first keystroke after it reads nothing', () => {
    const { doc } = workspace(['Deploy', 'Write docs']);
    const walks = taskWalks(doc);
    taskSearch(doc).prepare();
    expect(taskWalks(doc)).toBe(walks + 1);
    const reads = taskSearchReads(doc);
    expect(titlesOf(searchTasks(doc, 'dep'))).toEqual(['Deploy']);
    expect(taskSearchReads(doc)).toBe(reads);
    expect(taskWalks(doc)).toBe(walks + 1);
  });

  it('sees tasks created earlier in a transaction still open', () => {
    const { doc, web } = workspace([]);
    searchTasks(doc, 'x');
    doc.transact(() => {
      createTask(doc, ada, { projectId: web, title: 'Made inside' });
      expect(titlesOf(searchTasks(doc, 'inside'))).toEqual(['Made inside']);
    });
  });

  it('agrees with an index built afresh after random operations on replicas', () => {
    const r = rng(SEED);
    const queries = ['task', 't', 'a', 'do', 'new col', 'x y', 'ts', '1', 'mfp-1', 'mfp-2'];
    try {
      for (let run = 0; run < 6; run++) {
        const base = seeded();
        numberTasks(base, SERVER);
        const replicas = [base, replicaOf(base), replicaOf(base)];
        for (const d of replicas) searchTasks(d, 'warm');
        for (let step = 0; step < 150; step++) {
          const i = r.int(replicas.length);
          const doc = replicas[i] as Y.Doc;
          applyRandomOp(doc, editor(`p${i}`, T0 + step * 1000), r);
          if (r.chance(0.2)) numberTasks(doc, SERVER);
          if (r.chance(0.3)) {
            const other = replicas[r.int(replicas.length)] as Y.Doc;
            Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)));
          }
          if (step % 10 === 0) {
            for (const q of queries) {
              const options = { projectId: FIRST_PROJECT_ID };
              expect(searchTasks(doc, q, options), `run ${run} step ${step}: ${q}`).toEqual(
                new TaskSearch(doc).search(q, options),
              );
            }
          }
        }
      }
    } catch (e) {
      console.error(`replay: TF_SEED=${SEED} npx vitest run ${FILE}`);
      throw e;
    }
  });
});

/** Titles of one to four words of letters from `alphabet`. */
function titleFrom(alphabet: string) {
  const word = fc.string({ unit: fc.constantFrom(...alphabet.split('')), minLength: 1, maxLength: 8 });
  return fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' '));
}

describe('task search: properties', () => {
  it('the task whose exact key was typed, in any case, is always the first hit', () => {
    check(
      fc.property(
        fc.array(titleFrom('abcdefghijklmnopqrstuvwxyz0123456789-'), { minLength: 1, maxLength: 30 }),
        fc.nat(),
        fc.boolean(),
        (titles, pick, lower) => {
          const { doc, ids } = workspace(titles);
          const i = pick % titles.length;
          const key = `WEB-${i + 1}`;
          const [first] = searchTasks(doc, lower ? key.toLowerCase() : key);
          expect(first?.id).toBe(ids[i]);
          expect(first?.match).toBe('key');
        },
      ),
    );
  });

  it('a renamed task is found by its new title and not by its old one', () => {
    check(
      fc.property(
        fc.array(titleFrom('abcdefghijklm'), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        titleFrom('nopqrstuvwxyz'),
        (titles, pick, renamed) => {
          const { doc, ids } = workspace(titles);
          const i = pick % titles.length;
          const id = ids[i] as string;
          const old = titles[i] as string;
          expect(searchTasks(doc, old, { limit: 1000 }).map((h) => h.id)).toContain(id);
          updateTask(doc, ada, id, { title: renamed });
          expect(searchTasks(doc, renamed, { limit: 1000 }).map((h) => h.id)).toContain(id);
          expect(searchTasks(doc, old, { limit: 1000 }).map((h) => h.id)).not.toContain(id);
        },
      ),
    );
  });

  it('every hit is marked archived exactly when the task is, and archived ones follow live ones', () => {
    check(
      fc.property(
        fc.array(fc.tuple(titleFrom('abcde'), fc.boolean()), { minLength: 1, maxLength: 25 }),
        titleFrom('abcde'),
        (tasks, query) => {
          const { doc, ids } = workspace(tasks.map(([t]) => t));
          tasks.forEach(([, archived], i) => {
            if (archived) archiveTask(doc, ada, ids[i] as string);
          });
          const hits = searchTasks(doc, query, { limit: 1000 });
          for (const h of hits) expect(h.archived).toBe(readTask(doc, h.id)?.archivedAt !== null);
          const firstArchived = hits.findIndex((h) => h.archived);
          if (firstArchived >= 0) expect(hits.slice(firstArchived).every((h) => h.archived)).toBe(true);
        },
      ),
    );
  });
});
