/**
 * "Your move lost" (SPEC M10). When two people move one task concurrently, both entries stay in
 * its placement register until someone moves it again; the one that is not the winner tells its
 * author that their move lost, to whom, and where the task went.
 */
import type * as Y from 'yjs';
import { getYMap, tasksMap } from './doc.ts';
import { observeTouchedTasks } from './observe.ts';
import { placementEntries, placementRegister, winningEntry } from './placement.ts';
import { readColumns, readTaskFields } from './read.ts';
import { countTaskWalk } from './task-index.ts';

export type LostMove = {
  taskId: string;
  taskTitle: string;
  /** The move that lost: where I put the task. */
  mine: { moveId: string; col: string; colName: string; rank: string; at: number };
  /** The move that won: who moved it, where, when (ms since epoch). */
  winner: { by: string; col: string; colName: string; at: number };
};

function lostMovesOf(doc: Y.Doc, taskId: string, actorId: string): LostMove[] {
  const map = getYMap(tasksMap(doc) as Y.Map<unknown>, taskId);
  const register = map && placementRegister(map);
  if (!map || !register) return [];
  const entries = placementEntries(register);
  const win = winningEntry(entries);
  if (!win || win.by === actorId || !entries.some((e) => e.by === actorId && e.key !== win.key)) return [];
  // Read (and validated) only for a task with a losing move: a reopen touches every task.
  const fields = readTaskFields(taskId, map);
  if (!fields || fields.archivedAt !== null) return [];
  const names = new Map(readColumns(doc, fields.projectId).map((c) => [c.id, c.name]));
  return entries
    .filter((e) => e.by === actorId && e.key !== win.key)
    .map((e) => ({
      taskId,
      taskTitle: fields.title,
      mine: {
        moveId: e.moveId,
        col: e.col,
        colName: names.get(e.col) ?? 'a removed column',
        rank: e.rank,
        at: e.hlc,
      },
      winner: { by: win.by, col: win.col, colName: names.get(win.col) ?? 'a removed column', at: win.hlc },
    }));
}

/** Every move by `actorId` that currently loses to someone else's. */
export function readLostMoves(doc: Y.Doc, actorId: string): LostMove[] {
  const out: LostMove[] = [];
  countTaskWalk(doc);
  for (const taskId of tasksMap(doc).keys()) out.push(...lostMovesOf(doc, taskId, actorId));
  return out;
}

/**
 * Calls `onLost` with moves by `actorId` that newly lose, as changes arrive (from the server, another
 * tab, or IndexedDB at start). Only the tasks a transaction touched are examined. Returns unsubscribe.
 */
export function observeLostMoves(
  doc: Y.Doc,
  actorId: string,
  onLost: (lost: LostMove[]) => void,
): () => void {
  const reported = new Set<string>();
  return observeTouchedTasks(doc, (touched) => {
    const fresh: LostMove[] = [];
    for (const taskId of touched) {
      for (const lost of lostMovesOf(doc, taskId, actorId)) {
        if (reported.has(lost.mine.moveId)) continue;
        reported.add(lost.mine.moveId);
        fresh.push(lost);
      }
    }
    if (fresh.length > 0) onLost(fresh);
  });
}
