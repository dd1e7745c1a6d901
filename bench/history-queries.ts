/**
 * Timing the history's read side: `board?at=` and a task's activity over REST on a real server,
 * and, for the board as of a moment, where its time goes (the same steps PastBoards and the route
 * take, each timed on its own, on the same SQLite file).
 */
import { applyChanges, decodeFlatState, viewOfFlat } from '@taskflow/model';
import type Database from 'better-sqlite3';
import { ActivityStore } from '../server/src/history/activity-store.ts';
import { HistoryLog } from '../server/src/persistence/history-log.ts';

export type Timed = { ms: number[]; bodies: string[] };

/** GETs each path in order (one at a time, as a person scrubbing would), keeping the bodies asked for. */
export async function timeGets(
  baseUrl: string,
  token: string,
  paths: readonly string[],
  o: { keep?: (i: number) => boolean; budgetMs?: number } = {},
): Promise<Timed> {
  const out: Timed = { ms: [], bodies: [] };
  const started = performance.now();
  for (const [i, p] of paths.entries()) {
    if (o.budgetMs !== undefined && performance.now() - started > o.budgetMs) break;
    const t = performance.now();
    const res = await fetch(`${baseUrl}/api/v1${p}`, { headers: { authorization: `Bearer ${token}` } });
    const body = await res.text();
    out.ms.push(performance.now() - t);
    if (res.status !== 200) throw new Error(`GET ${p}: ${res.status} ${body.slice(0, 300)}`);
    if (o.keep?.(i)) out.bodies.push(body);
  }
  return out;
}

export const PHASES = [
  'find row + view (SQL)',
  'parse view (JSON)',
  'read entries (SQL)',
  'apply entries',
  'viewOfFlat',
  'JSON.stringify',
] as const;
export type Phase = (typeof PHASES)[number];

/**
 * The board as of each instant, the route's way (PastBoards): the board view kept beside the
 * checkpoint before it, rolled forward by the activity entries after it, each step timed on its
 * own. Also how many entries each roll applied and the size of the view parsed.
 */
export function profileBoardAt(
  db: Database.Database,
  document: string,
  instants: readonly number[],
): { phases: Map<Phase, number[]>; replayed: number[]; checkpointBytes: number[] } {
  const log = new HistoryLog(db);
  const store = new ActivityStore(db);
  const phases = new Map<Phase, number[]>(PHASES.map((p) => [p, []]));
  const replayed: number[] = [];
  const checkpointBytes: number[] = [];
  const lap = (phase: Phase, t: number) => {
    phases.get(phase)?.push(performance.now() - t);
    return performance.now();
  };
  for (const at of instants) {
    let t = performance.now();
    const rowId = log.rowIdAt(document, at) ?? 0;
    const view = log.viewAtOrBefore(document, rowId);
    t = lap('find row + view (SQL)', t);
    const flat = view
      ? decodeFlatState(view.data)
      : { projects: new Map(), columns: new Map(), tasks: new Map() };
    t = lap('parse view (JSON)', t);
    const entries = store.changesBetween(document, view?.uptoId ?? 0, rowId);
    t = lap('read entries (SQL)', t);
    applyChanges(flat, entries);
    t = lap('apply entries', t);
    const board = viewOfFlat(flat);
    t = lap('viewOfFlat', t);
    JSON.stringify(board);
    lap('JSON.stringify', t);
    replayed.push(entries.length);
    checkpointBytes.push(view?.data.length ?? 0);
  }
  return { phases, replayed, checkpointBytes };
}

/** Bytes on disk per table, its indexes included (SQLite's dbstat: whole pages, as the file grows). */
export function diskBytes(db: Database.Database): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT s.tbl_name AS tbl, SUM(d.pgsize) AS bytes FROM dbstat d
       JOIN sqlite_schema s ON s.name = d.name GROUP BY s.tbl_name`,
    )
    .all() as { tbl: string; bytes: number }[];
  return new Map(rows.map((r) => [r.tbl, r.bytes]));
}
