/**
 * The history bench's readings and tables: storage before and after a run of changes (update rows,
 * activity entries, and the pages each table with its indexes fills), and one table per measure
 * with its aim beside it.
 */
import Database from 'better-sqlite3';
import { DEFAULTS } from '../server/src/config.ts';
import { ActivityStore } from '../server/src/history/activity-store.ts';
import { HistoryLog } from '../server/src/persistence/history-log.ts';
import type { AppendSamples } from './history-build.ts';
import { diskBytes, PHASES, type profileBoardAt } from './history-queries.ts';
import { ms, ratio, summarize, table } from './stats.ts';

const perChange = (bytes: number, changes: number) => (changes > 0 ? (bytes / changes).toFixed(0) : 'n/a');
const bytesOf = (m: Map<string, number>, t: string) => m.get(t) ?? 0;

export type Storage = {
  label: string;
  changes: number;
  rows: number;
  data: number;
  entries: number;
  disk: Map<string, number>;
};

/** What the log and the activity hold now; `document` names whose entries are counted. */
export function readStorage(file: string, document: string) {
  const db = new Database(file, { readonly: true });
  try {
    return {
      size: new HistoryLog(db).size(),
      entries: new ActivityStore(db).count(document),
      disk: diskBytes(db),
    };
  } finally {
    db.close();
  }
}

export type StorageReading = ReturnType<typeof readStorage>;

export function storageDelta(
  label: string,
  changes: number,
  before: StorageReading,
  after: StorageReading,
): Storage {
  const disk = new Map<string, number>();
  for (const t of ['updates', 'activity', 'checkpoints'])
    disk.set(t, bytesOf(after.disk, t) - bytesOf(before.disk, t));
  return {
    label,
    changes,
    rows: after.size.rows - before.size.rows,
    data: after.size.bytes - before.size.bytes,
    entries: after.entries - before.entries,
    disk,
  };
}

/** Tasks on a board as of a moment, archived ones included. */
export function countTasks(body: string): number {
  const board = JSON.parse(body) as { projects: { columns: { tasks: unknown[] }[] }[] };
  return board.projects.reduce((n, p) => n + p.columns.reduce((m, c) => m + c.tasks.length, 0), 0);
}

export function printStorage(rows: Storage[]): void {
  console.log('\nHistory kept per change (bytes; every update row is kept, with its activity entries)\n');
  console.log(
    table(
      [
        'history',
        'changes',
        'rows',
        'update data',
        'updates on disk',
        'entries/change',
        'activity on disk',
        'checkpoints on disk',
      ],
      rows.map((s) => [
        s.label,
        String(s.changes),
        String(s.rows),
        perChange(s.data, s.rows),
        perChange(bytesOf(s.disk, 'updates'), s.changes),
        (s.entries / s.changes).toFixed(2),
        perChange(bytesOf(s.disk, 'activity'), s.changes),
        perChange(bytesOf(s.disk, 'checkpoints'), s.changes),
      ]),
    ),
  );
  console.log(
    '\nupdate data = SUM(LENGTH(data))/COUNT(*) of the new update rows; "on disk" = the pages the table and' +
      '\nits indexes grew by (dbstat), per change. Checkpoints (a full state every ' +
      `${DEFAULTS.checkpointEvery} rows) grow with the board.`,
  );
}

export function printAppend(a: AppendSamples, roundTrips: number[]): void {
  const alone = summarize(a.alone);
  const hist = summarize(a.history);
  const rt = summarize(roundTrips);
  const us = (x: number) => (x / 1000).toFixed(3);
  console.log(
    `\nAppend path: one stored update (ms; ${a.updates} updates, ${(a.bytes / a.updates).toFixed(0)} B avg)\n`,
  );
  console.log(
    table(
      ['path', 'measured', 'n', 'p50', 'p99', 'p50 / alone', 'p99 / alone'],
      [
        ['append alone', 'in process', String(alone.n), us(alone.p50), us(alone.p99), '1.00×', '1.00×'],
        [
          'append + activity projection',
          'in process',
          String(hist.n),
          us(hist.p50),
          us(hist.p99),
          ratio(hist.p50, alone.p50),
          ratio(hist.p99, alone.p99),
        ],
        ['card move, edit → ack (history on)', 'real server', String(rt.n), ms(rt.p50), ms(rt.p99), '', ''],
      ],
    ),
  );
  console.log(
    '\nin process = the same updates applied in turn to two documents stored by SqlitePersistence on two' +
      '\nSQLite files, one with the ActivityProjector attached and in afterAppend (no switch turns history off' +
      '\nin the server); time = Yjs apply + observers + the committed row and entries. real server = a' +
      '\nprovider client over loopback, all of afterAppend included; its history-off twin cannot be run.' +
      "\nThe p99s are SQLite's WAL auto-checkpoints (every 1,000 pages; with them off both p99s drop below" +
      "\n1 ms): history's entries and their indexes fill pages faster, so an append meets one more often." +
      `\nHistory adds ${ms(hist.p50 / 1000 - alone.p50 / 1000)} ms per update at p50: ` +
      `${(((hist.p50 - alone.p50) / 1000 / rt.p50) * 100).toFixed(0)}% of a card move's edit → ack here.`,
  );
}

export function printQueries(q: {
  tasks: number;
  changes: number;
  days: number;
  random: number[];
  scrub: number[];
  activity: number[];
  shownTasks: number;
}): void {
  const rows = [
    ['board?at, random instants', q.random, 'p99 ≤ 500'],
    ['board?at, scrub forward (7 days)', q.scrub, 'p99 ≤ 500'],
    ['task activity (limit 50)', q.activity, 'p99 ≤ 20'],
  ] as const;
  console.log(
    `\nHistory queries over REST (ms; ${q.tasks} tasks, ${q.changes} changes over ${q.days} days, one at a time)\n`,
  );
  console.log(
    table(
      ['query', 'n', 'p50', 'p99', 'aim'],
      rows.map(([label, samples, aim]) => {
        const s = summarize(samples);
        return [label, String(s.n), ms(s.p50), ms(s.p99), aim];
      }),
    ),
  );
  console.log(
    `\nThe board at the newest instant showed ${q.shownTasks} tasks (${q.tasks} created). The first request of` +
      '\neach kind is not timed (JIT, and the task lookup loading the workspace).',
  );
}

export function printProfile(p: ReturnType<typeof profileBoardAt>): void {
  const totals = PHASES.map((ph) => summarize(p.phases.get(ph) ?? []).p50);
  const sum = totals.reduce((a, b) => a + b, 0);
  console.log(
    '\nBoard as of a moment, step by step (ms, p50 of 10 random instants: the kept view rolled forward)\n',
  );
  console.log(
    table(
      ['step', 'p50', 'share'],
      PHASES.map((ph, i) => [
        ph,
        ms(totals[i] ?? Number.NaN),
        `${(((totals[i] ?? 0) / sum) * 100).toFixed(0)}%`,
      ]),
    ),
  );
  const rows = summarize(p.replayed);
  const cp = summarize(p.checkpointBytes);
  console.log(`\nentries applied p50 ${rows.p50}, board view parsed p50 ${(cp.p50 / 1024).toFixed(0)} KiB.`);
}
