/**
 * The cost of the reports (issue 12, must-show 3): a Scrum project of BENCH_REPORTS_TASKS tasks and
 * about BENCH_REPORTS_CHANGES changes made over a year (bench/reports-year.ts), written through the
 * server's storage path with the activity projection (bench/reports-build.ts), then each report
 * computed as its route does (server/src/http/routes/reports.ts): `ReportTimelines` over the real
 * ActivityStore and ActivityProjector of that database, `projectHistory` over the stored document,
 * the report's function, and the body's JSON. The document stays loaded, as with a board open;
 * the route's direct connection to it is left out.
 *  - cold: the first report after a start, which folds the whole activity (a fresh fold each sample);
 *  - warm: the same report again with nothing new;
 *  - after one more change: a card move stored through the same path, then the report.
 * The fold is incremental: each report reads only the entries stored since the previous one, and
 * the report itself is recomputed from the fold every time; of the document, the reports keep the
 * tasks they read (until a change touches them) and the worklogs (until a change writes one), see
 * server/src/reports/report-reads.ts.
 *
 * BENCH_REPORTS_TASKS=10000, BENCH_REPORTS_CHANGES=100000, BENCH_REPORTS_SAMPLES=30 (warm and
 * after a change, per report), BENCH_REPORTS_COLD=3, BENCH_REPORTS_SEED=1 override the defaults.
 * BENCH_SECTIONS=reports runs only this section.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import {
  placeTask,
  readAllWorklogs,
  readColumns,
  readProjectTasks,
  readSprint,
  readTask,
  seedWorkspace,
} from '@taskflow/model';
import { rng } from '@taskflow/model/testing/prng';
import type * as Y from 'yjs';
import { burndown } from '../server/src/reports/burndown.ts';
import { cfd, createdResolved, cycleTime } from '../server/src/reports/flow.ts';
import { type ProjectHistory, projectHistory } from '../server/src/reports/project-history.ts';
import { addDays, dayOf } from '../server/src/reports/report-days.ts';
import { timeReport } from '../server/src/reports/time-report.ts';
import { ReportTimelines } from '../server/src/reports/timeline-cache.ts';
import { velocity } from '../server/src/reports/velocity.ts';
import { openStoredDoc, type StoredDoc, yieldTurn } from './history-store.ts';
import { type BuiltYear, buildScrumYear } from './reports-build.ts';
import { ms, type Summary, summarize, table } from './stats.ts';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const TASKS = env('BENCH_REPORTS_TASKS', 10_000);
const CHANGES = env('BENCH_REPORTS_CHANGES', 100_000);
const SAMPLES = env('BENCH_REPORTS_SAMPLES', 30);
const COLD = env('BENCH_REPORTS_COLD', 3);
const SEED = env('BENCH_REPORTS_SEED', 1);
const AIM_MS = 500;
const WORKSPACE = 'bench-reports';
/** A zone with summer time, so the days' ends are not all 24 hours apart. */
const ZONE = 'Europe/Paris';

const say = (line: string) => process.stderr.write(`${line}\n`);

type Kind = {
  name: string;
  compute: (h: ProjectHistory, doc: Y.Doc, today: string) => unknown;
  /** What the report holds, to show it is not empty. */
  size: (body: never) => string;
};

/** One report's time, in its parts (ms), and the entries its fold read; `at` = when it started. */
type Sample = {
  at: number;
  total: number;
  fold: number;
  history: number;
  compute: number;
  json: number;
  folded: number;
};

/** Garbage collections seen (delivered after the fact): the time a sample spent in one is shown. */
const pauses: { start: number; duration: number }[] = [];
const gcIn = (s: Sample) =>
  pauses.reduce(
    (sum, p) => sum + Math.max(0, Math.min(p.start + p.duration, s.at + s.total) - Math.max(p.start, s.at)),
    0,
  );

/** A ReportTimelines as a server holds it, with the count of entries folded before each report. */
class Probe {
  readonly cache: ReportTimelines;
  entries = 0;
  constructor(store: StoredDoc) {
    const history = store.history;
    if (!history) throw new Error('the reports bench needs the activity projection');
    this.cache = new ReportTimelines(history.store, history.projector);
  }
}

function measure(store: StoredDoc, probe: Probe, projectId: string, kind: Kind): Sample {
  const now = Date.now();
  const today = dayOf(now, ZONE);
  const t0 = performance.now();
  const timelines = probe.cache.current(WORKSPACE);
  const t1 = performance.now();
  const h = projectHistory(store.doc, timelines, projectId, { now, timeZone: ZONE });
  if (!h) throw new Error('the project is gone');
  const t2 = performance.now();
  const body = kind.compute(h, store.doc, today);
  if (body === null || body === undefined) throw new Error(`${kind.name}: no report`);
  const t3 = performance.now();
  const json = JSON.stringify(body);
  const t4 = performance.now();
  if (json.length < 2) throw new Error(`${kind.name}: empty body`);
  const folded = timelines.entries - probe.entries;
  probe.entries = timelines.entries;
  lastBodies.set(kind.name, body);
  return { at: t0, total: t4 - t0, fold: t1 - t0, history: t2 - t1, compute: t3 - t2, json: t4 - t3, folded };
}
const lastBodies = new Map<string, unknown>();

function kindsOf(doc: Y.Doc, built: BuiltYear): Kind[] {
  const active = built.activeSprintId;
  const closed = built.sprintIds.filter((id) => readSprint(doc, id)?.state === 'closed');
  const lastClosed = closed.at(-1);
  if (!active || readSprint(doc, active)?.state !== 'active' || !lastClosed)
    throw new Error('the year ended without an active sprint after a completed one');
  const sprintOf = (id: string) => {
    const s = readSprint(doc, id);
    if (!s) throw new Error(`sprint ${id} is gone`);
    return s;
  };
  const year = (today: string) => ({ from: addDays(today, -364), to: today });
  return [
    {
      name: 'burndown, last completed sprint',
      compute: (h) => burndown(h, sprintOf(lastClosed)),
      size: (b: { days: unknown[]; committed: number }) =>
        `${b.days.length} days, ${b.committed} pt committed`,
    },
    {
      name: 'burndown, active sprint',
      compute: (h) => burndown(h, sprintOf(active)),
      size: (b: { days: unknown[]; committed: number }) =>
        `${b.days.length} days, ${b.committed} pt committed`,
    },
    {
      name: 'velocity, 7 sprints',
      compute: (h) => velocity(h, 7),
      size: (b: { sprints: unknown[] }) => `${b.sprints.length} sprints`,
    },
    {
      name: 'cumulative flow, 365 days',
      compute: (h, _doc, today) => cfd(h, year(today).from, today),
      size: (b: { days: unknown[]; columns: unknown[] }) =>
        `${b.days.length} days × ${b.columns.length} columns`,
    },
    {
      name: 'cumulative flow, 30 days',
      compute: (h, _doc, today) => cfd(h, addDays(today, -29), today),
      size: (b: { days: unknown[]; columns: unknown[] }) =>
        `${b.days.length} days × ${b.columns.length} columns`,
    },
    {
      name: 'cycle time, 365 days',
      compute: (h, _doc, today) => cycleTime(h, year(today).from, today),
      size: (b: { tasks: unknown[]; medianDays: number | null }) =>
        `${b.tasks.length} tasks, median ${b.medianDays} d`,
    },
    {
      name: 'created vs resolved, 365 days',
      compute: (h, _doc, today) => createdResolved(h, year(today).from, today),
      size: (b: { weeks: { created: number; resolved: number }[] }) =>
        `${b.weeks.length} weeks, ${b.weeks.reduce((s, w) => s + w.created, 0)} created, ${b.weeks.reduce((s, w) => s + w.resolved, 0)} resolved`,
    },
    {
      name: 'time, 365 days',
      compute: (h, doc, today) => timeReport(doc, h, year(today).from, today),
      size: (b: { people: unknown[]; tasks: unknown[] }) =>
        `${b.people.length} people, ${b.tasks.length} tasks`,
    },
  ];
}

/** One more change as a client makes it: a card of the project moved to another column. */
function oneMoreChange(store: StoredDoc, built: BuiltYear, pick: ReturnType<typeof rng>): void {
  const columns = readColumns(store.doc, built.projectId).map((c) => c.id);
  let task = readTask(store.doc, pick.pick(built.taskIds));
  while (task?.archivedAt) task = readTask(store.doc, pick.pick(built.taskIds));
  if (!task) throw new Error('a task of the year is gone');
  const others = columns.filter((c) => c !== task.columnId);
  placeTask(store.doc, { origin: { kind: 'user', actorId: 'u1' } }, task.id, {
    col: pick.pick(others),
    rank: task.rank,
  });
}

type Row = { kind: Kind; cold: Sample[]; warm: Sample[]; changed: Sample[] };

export async function runReportsBench(): Promise<void> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'taskflow-bench-reports-'));
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) pauses.push({ start: e.startTime, duration: e.duration });
  });
  gc.observe({ entryTypes: ['gc'] });
  try {
    say(`reports: writing a year of a Scrum team, ${TASKS} tasks and about ${CHANGES} changes…`);
    const built = await buildScrumYear({
      dataDir,
      workspace: WORKSPACE,
      userIds: ['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8'],
      tasks: TASKS,
      changes: CHANGES,
      days: 365,
      seed: SEED,
      progress: (n) => say(`  ${n} changes`),
    });
    say(`  written in ${built.seconds.toFixed(0)} s`);

    // What a server has after a restart: the stored document loaded, nothing folded yet.
    const store = await openStoredDoc({
      dataDir,
      document: WORKSPACE,
      history: true,
      seed: (doc, name) => seedWorkspace(doc, { workspaceId: name }),
    });
    try {
      const entries = store.history?.store.count(WORKSPACE) ?? 0;
      const kinds = kindsOf(store.doc, built);
      const rows: Row[] = kinds.map((kind) => ({ kind, cold: [], warm: [], changed: [] }));
      say('reports: cold (the whole activity folded each time)…');
      for (let i = 0; i < COLD; i++) {
        for (const row of rows) row.cold.push(measure(store, new Probe(store), built.projectId, row.kind));
        await yieldTurn();
      }
      const probe = new Probe(store);
      probe.cache.current(WORKSPACE);
      probe.entries = probe.cache.current(WORKSPACE).entries;
      say('reports: warm, then after one more change each…');
      for (let i = 0; i < SAMPLES; i++) {
        for (const row of rows) row.warm.push(measure(store, probe, built.projectId, row.kind));
        await yieldTurn();
      }
      const pick = rng(SEED + 1);
      for (let i = 0; i < SAMPLES; i++) {
        for (const row of rows) {
          oneMoreChange(store, built, pick);
          // Compaction runs off the append path (setImmediate), not inside the report's time.
          await yieldTurn();
          const sample = measure(store, probe, built.projectId, row.kind);
          if (sample.folded < 1) throw new Error(`${row.kind.name}: the change was not folded`);
          row.changed.push(sample);
        }
      }
      // GC entries arrive after the fact: let the last ones in before reading them.
      await new Promise((resolve) => setTimeout(resolve, 100));
      printReports(store.doc, built, entries, rows);
    } finally {
      store.close();
    }
  } finally {
    gc.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function printReports(doc: Y.Doc, built: BuiltYear, entries: number, rows: Row[]): void {
  const total = (xs: Sample[]) => summarize(xs.map((x) => x.total));
  const worst = (a: Summary, b: Summary) => Math.max(a.p99, b.p99);
  const sprints = built.sprintIds.map((id) => readSprint(doc, id));
  const worklogs = readAllWorklogs(doc).length;
  const tasks = readProjectTasks(doc, built.projectId).length;
  const k = built.counts.byKind;
  console.log(
    `\nReports on one Scrum project (ms; ${tasks} tasks, ${built.changes} changes made over 365 days, ` +
      `${entries} activity entries)\n`,
  );
  console.log(
    table(
      [
        'report',
        'result',
        `cold first / p50 (n=${rows[0]?.cold.length ?? 0})`,
        'warm p50',
        'warm p99',
        '+1 change p50',
        '+1 change p99',
        'entries folded',
        `p99 ≤ ${AIM_MS} ms`,
      ],
      rows.map((r) => {
        const warm = total(r.warm);
        const changed = total(r.changed);
        const folded = summarize(r.changed.map((x) => x.folded));
        const body = lastBodies.get(r.kind.name) as never;
        return [
          r.kind.name,
          r.kind.size(body),
          `${ms(r.cold[0]?.total ?? Number.NaN)} / ${ms(total(r.cold).p50)}`,
          ms(warm.p50),
          ms(warm.p99),
          ms(changed.p50),
          ms(changed.p99),
          `${folded.p50}–${folded.p99}`,
          worst(warm, changed) <= AIM_MS ? 'yes' : `NO (${ms(worst(warm, changed))})`,
        ];
      }),
    ),
  );
  console.log(
    `\nincremental: the fold reads only entries stored since the previous report; the report is recomputed` +
      `\nfrom the fold and the document (its task reads kept until a change touches the task, its worklogs until` +
      `\na change writes a worklog: server/src/reports/report-reads.ts). cold = the first report after a start:` +
      `\nthe whole activity folded (a fresh fold each sample; the first sample also reads the document's tasks,` +
      `\nwhich later ones find kept); warm = again with nothing new (n=${rows[0]?.warm.length ?? 0}); +1 change =` +
      `\na card move stored through the storage path with the activity projection just before each report` +
      `\n(n=${rows[0]?.changed.length ?? 0}); entries folded = entries that report's fold read (p50–p99).` +
      `\nEach time: ReportTimelines.current + projectHistory + the report + JSON.stringify, zone ${ZONE}.` +
      `\nThe year: ${built.counts.sprints} two-week sprints (${sprints.filter((s) => s?.state === 'closed').length} completed, ` +
      `${sprints.filter((s) => s?.state === 'active').length} active), ${worklogs} worklogs, ` +
      `${(k['move.progress'] ?? 0) + (k['move.done'] ?? 0) + (k['move.todo'] ?? 0)} moves ` +
      `(${k['move.done'] ?? 0} into Done), ${(k.estimate ?? 0) + (k['re-estimate'] ?? 0)} estimates ` +
      `(${k['re-estimate'] ?? 0} changed), ${k.plan ?? 0} plannings, ${built.counts.offline} changes made offline ` +
      `(synced 1–30 h later); written in ${built.seconds.toFixed(0)} s.`,
  );
  console.log(
    '\nWhere a report after one more change spends its time (ms): p50 of each part, and the slowest' +
      '\nsample with the garbage collection inside it\n',
  );
  const p50 = (xs: Sample[], part: keyof Sample) => ms(summarize(xs.map((x) => x[part])).p50);
  console.log(
    table(
      ['report', 'fold', 'projectHistory', 'report', 'JSON', 'total', 'slowest', 'GC in slowest'],
      rows.map((r) => {
        const slowest = r.changed.reduce((a, b) => (b.total > a.total ? b : a));
        return [
          r.kind.name,
          p50(r.changed, 'fold'),
          p50(r.changed, 'history'),
          p50(r.changed, 'compute'),
          p50(r.changed, 'json'),
          p50(r.changed, 'total'),
          ms(slowest.total),
          ms(gcIn(slowest)),
        ];
      }),
    ),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runReportsBench().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
