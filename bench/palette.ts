/**
 * The command palette's query latency on a 10,000-task workspace (issue 14: "palette query latency
 * on 10,000 tasks, aim ≤ 30 ms p99"). Model level, in Node: each query is typed a character at a
 * time and every keystroke runs `searchTasks` as the palette does (the project in view given, 50
 * hits). Titles are 3 to 7 words from a 200-word vocabulary, so a typed word matches hundreds of
 * tasks, as on a real board. Also shown: the first query (which builds the index by one walk), a
 * query right after someone renamed a task (the index re-reads that task only), and, as the floor
 * the index is there to beat, a keystroke that reads every task of the project and filters titles.
 *
 * Run alone: `node --import tsx bench/palette.ts [tasks]`; `npm run bench` runs it as `palette`.
 */
import {
  createProject,
  createTask,
  type Editor,
  numberTasks,
  readBoard,
  readProjectTasks,
  searchTasks,
  seedWorkspace,
  updateTask,
} from '@taskflow/model';
import * as Y from 'yjs';
import { rng } from '../packages/model/src/testing/prng.ts';
import { ms, summarize, table } from './stats.ts';

const NOW = Date.UTC(2026, 11, 1, 9);
const SESSION = 100;
const ROUNDS = Number(process.env.BENCH_PALETTE_ROUNDS ?? 5);

const VOCABULARY = (
  'login page signup form button modal dialog header footer sidebar menu search filter sort table list ' +
  'card board column row cell chart report export import upload download avatar profile settings theme ' +
  'dark light mobile tablet desktop layout grid flex spacing font icon image video audio cache server ' +
  'client api endpoint route token session cookie password email invite member role admin viewer owner ' +
  'project sprint backlog epic story bug task subtask label priority deadline estimate worklog timer ' +
  'comment mention notification bell reminder digest webhook sync offline conflict merge undo redo ' +
  'history activity audit restore archive delete rename move drag drop keyboard shortcut palette focus ' +
  'scroll virtual render paint frame memory leak crash error warning retry timeout latency bench test ' +
  'flaky ci build deploy release rollback migration schema index query database backup snapshot ' +
  'checksum encryption tls certificate proxy cors rate limit throttle queue worker job cron repeat ' +
  'calendar week month day hour zone locale translation copy typo docs readme guide tutorial onboarding ' +
  'empty state loading spinner skeleton toast banner alert badge pill tooltip popover dropdown select ' +
  'checkbox radio toggle slider input textarea editor markdown link code quote heading bullet number'
).split(' ');

type Workspace = { doc: Y.Doc; projectId: string; titles: string[] };

/** `count` tasks: 80% in WEB (the project in view), the rest in OPS; made by sessions, then numbered. */
function workspaceOf(count: number): Workspace {
  const r = rng(14);
  const base = new Y.Doc();
  seedWorkspace(base, { workspaceId: 'w', now: () => NOW });
  const setup: Editor = { origin: { kind: 'user', actorId: 'setup' }, now: () => NOW };
  const web = createProject(base, setup, { name: 'Web', key: 'WEB' }).id;
  const ops = createProject(base, setup, { name: 'Ops', key: 'OPS' }).id;
  const columnsOf = (id: string) => readBoard(base, id)?.columns.map((c) => c.id) ?? [];
  const columns = { [web]: columnsOf(web), [ops]: columnsOf(ops) };
  const baseState = Y.encodeStateAsUpdate(base);
  const baseVector = Y.encodeStateVector(base);
  const doc = new Y.Doc();
  Y.applyUpdate(doc, baseState);
  const titles: string[] = [];
  for (let start = 0; start < count; start += SESSION) {
    const session = new Y.Doc();
    Y.applyUpdate(session, baseState);
    const editor: Editor = { origin: { kind: 'user', actorId: `p${start % 7}` }, now: () => NOW + start };
    session.transact(() => {
      for (let i = start; i < Math.min(start + SESSION, count); i++) {
        const words = Array.from({ length: 3 + r.int(5) }, () => r.pick(VOCABULARY));
        const title = `${(words[0] as string).replace(/^./, (c) => c.toUpperCase())} ${words.slice(1).join(' ')}`;
        titles.push(title);
        const projectId = i % 5 === 4 ? ops : web;
        createTask(session, editor, { projectId, title, columnId: columns[projectId]?.[i % 3] });
      }
    });
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(session, baseVector));
  }
  numberTasks(doc, { origin: { kind: 'server', reason: 'repair' } });
  return { doc, projectId: web, titles };
}

/** What people type: words of titles, a key upper and lower case, a bare number, a miss, a subsequence. */
function queriesOf(w: Workspace, count: number): string[] {
  const r = rng(41);
  const out: string[] = [];
  for (let i = 0; i < 6; i++) {
    const words = r.pick(w.titles).toLowerCase().split(' ');
    out.push(words.slice(0, 2).join(' '), words.slice(-2).join(' '));
  }
  const n = 1 + r.int(Math.floor(count * 0.8));
  out.push(`WEB-${n}`, `web-${1 + r.int(Math.floor(count * 0.8))}`, String(n), 'zebra crossing', 'lgnpgbtn');
  return out;
}

/** Milliseconds per keystroke: each query typed one character at a time. */
function typeAll(doc: Y.Doc, projectId: string, queries: readonly string[], search: SearchFn): number[] {
  const samples: number[] = [];
  for (const q of queries) {
    for (let i = 1; i <= q.length; i++) {
      const t = performance.now();
      search(doc, q.slice(0, i), projectId);
      samples.push(performance.now() - t);
    }
  }
  return samples;
}

type SearchFn = (doc: Y.Doc, query: string, projectId: string) => unknown;

const indexed: SearchFn = (doc, query, projectId) => searchTasks(doc, query, { projectId });

/** The floor to beat: every task of the project read from the document on each keystroke. */
const walked: SearchFn = (doc, query, projectId) => {
  const q = query.toLowerCase();
  return readProjectTasks(doc, projectId)
    .filter((t) => t.title.toLowerCase().includes(q))
    .slice(0, 50);
};

export type PaletteResult = {
  tasks: number;
  first: number;
  keystrokes: number[];
  afterRename: number[];
  walked: number[];
};

export function measurePalette(count = 10_000): PaletteResult {
  const w = workspaceOf(count);
  const queries = queriesOf(w, count);
  const t = performance.now();
  searchTasks(w.doc, 'a', { projectId: w.projectId });
  const first = performance.now() - t;
  const keystrokes: number[] = [];
  for (let round = 0; round < ROUNDS; round++)
    keystrokes.push(...typeAll(w.doc, w.projectId, queries, indexed));
  // A rename elsewhere between two keystrokes: the next one refreshes that task, then searches.
  const afterRename: number[] = [];
  const ids = [...readProjectTasks(w.doc, w.projectId).slice(0, 100)].map((task) => task.id);
  const editor: Editor = { origin: { kind: 'user', actorId: 'bench' }, now: () => NOW };
  ids.forEach((id, i) => {
    updateTask(w.doc, editor, id, { title: `Renamed ${i} login page` });
    const s = performance.now();
    searchTasks(w.doc, 'login pa', { projectId: w.projectId });
    afterRename.push(performance.now() - s);
  });
  // The walk is slow: a few queries are enough to show it.
  const walkedSamples = typeAll(w.doc, w.projectId, queries.slice(0, 2), walked);
  return { tasks: count, first, keystrokes, afterRename, walked: walkedSamples };
}

export function formatPalette(m: PaletteResult): string {
  const row = (name: string, samples: number[]) => {
    const s = summarize(samples);
    return [name, String(s.n), ms(s.p50), ms(s.p99)];
  };
  return [
    `Command palette query latency (${m.tasks.toLocaleString('en')} tasks, model level in Node, 50 hits, aim ≤ 30 ms p99)`,
    '',
    table(
      ['per keystroke', 'n', 'p50 ms', 'p99 ms'],
      [
        row('typed queries (words, keys, number, miss)', m.keystrokes),
        row('right after a rename elsewhere', m.afterRename),
        row('floor: read every task and filter (no index)', m.walked),
      ],
    ),
    '',
    `first query of the session (builds the index by one walk): ${ms(m.first)} ms`,
  ].join('\n');
}

export async function runPaletteBench(): Promise<void> {
  console.log(`\n${formatPalette(measurePalette())}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(formatPalette(measurePalette(Number(process.argv[2] ?? 10_000))));
}
