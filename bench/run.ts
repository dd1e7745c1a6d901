/**
 * `npm run bench`, section by section:
 * - sync: how fast a card move reaches the other clients on one document at 2, 50 and 200 clients,
 *   Taskflow next to a bare WebSocket broadcast (the floor) and the y-websocket reference server,
 *   interleaved in one run on this machine, and server memory per idle connection (bench/sync.ts);
 * - ticker: the ticker's cost per tick at 100 and 10,000 workspaces (bench/ticker.ts);
 * - history: bytes per change, the append path with the activity projection, the board as of a
 *   moment and a task's activity on a 10,000-task workspace (bench/history.ts);
 * - reports: each report (burndown, velocity, cumulative flow, cycle time, created vs resolved,
 *   time) on a Scrum project of 10,000 tasks and 100,000 changes over a year, cold, warm and after
 *   one more change (bench/reports.ts);
 * - rest: REST create, read, edit, move, a page of a project's tasks and a worklog at 10, 1,000 and
 *   10,000 tasks as a ratio to 10, with the document loaded and with nobody connected, and the
 *   server memory per loaded 10,000-task document (bench/rest.ts);
 * - palette: the command palette's query latency per keystroke on 10,000 tasks, model level
 *   (bench/palette.ts);
 * - filter: the filter bar's latency per keystroke on a 10,000-task board, model level, next to a
 *   floor that re-reads the document (bench/filter.ts);
 * - browser: a 10,000-task project in Chromium (warm reopen, first open, local and remote move,
 *   typing in the task panel) next to a plain-React floor (bench/browser.ts; about 5 minutes, and it
 *   rebuilds dist/web first when that is stale).
 * - cluster: the doc bus's publish-to-deliver latency over a real redis-server and a lease's takeover
 *   time on a real PostgreSQL (bench/cluster.ts; issue 16, before the server uses them).
 * - cluster-instances: moves per second and move→seen p99 with 1 and 3 Taskflow processes on one
 *   PostgreSQL and one Redis, one busy workspace and 100, as ratios to 1; and the append path (move
 *   to ack) on SQLite, PostgreSQL and PostgreSQL + Redis (bench/cluster-instances.ts; issue 16).
 * BENCH_SECTIONS=sync,ticker,history,reports,rest,palette,filter,browser,cluster,cluster-instances picks sections (default: all).
 */
import { runBrowserBench } from './browser.ts';
import { runClusterBench } from './cluster.ts';
import { runClusterInstancesBench } from './cluster-instances.ts';
import { runDocumentsBench } from './documents.ts';
import { runFilterBench } from './filter.ts';
import { runHistoryBench } from './history.ts';
import { runPaletteBench } from './palette.ts';
import { runReportsBench } from './reports.ts';
import { runRestBench } from './rest.ts';
import { runSyncBench } from './sync.ts';
import { runTickerBench } from './ticker.ts';

// Every provider socket adds a process 'exit' listener; hundreds of peers in one process are expected here.
process.setMaxListeners(0);

async function main(): Promise<void> {
  const all = 'sync,ticker,history,reports,rest,documents,palette,filter,browser,cluster,cluster-instances';
  const sections = (process.env.BENCH_SECTIONS ?? all).split(',');
  if (sections.includes('sync')) await runSyncBench();
  if (sections.includes('ticker')) await runTickerBench();
  if (sections.includes('history')) await runHistoryBench();
  if (sections.includes('reports')) await runReportsBench();
  if (sections.includes('rest')) await runRestBench();
  if (sections.includes('documents')) await runDocumentsBench();
  if (sections.includes('palette')) await runPaletteBench();
  if (sections.includes('filter')) await runFilterBench();
  if (sections.includes('browser')) await runBrowserBench();
  if (sections.includes('cluster')) await runClusterBench();
  if (sections.includes('cluster-instances')) await runClusterInstancesBench();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
