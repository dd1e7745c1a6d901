/**
 * Where a task sits: a small multi-value register per task (SPEC M3, M4).
 *
 * Each writer (one Yjs client: a tab, a test replica, the server) keeps at most one entry
 * `{col, rank, hlc, moveId, by}` under its own key. A move deletes every entry its writer has
 * seen and writes its own with a hybrid-logical-clock stamp above all of them, so:
 * - sequential moves leave one entry; concurrent moves leave one entry each, never a copy of the task;
 * - every replica shows the entry with the greatest (hlc, key): the later move wins, ties break
 *   on the key, and a stale offline move (small hlc) never beats a later one;
 * - a writer whose entry survives but is not the winner knows its move lost (conflicts.ts).
 * Column and rank live in one atomic value, so they never tear.
 */
import * as Y from 'yjs';
import { getYMap, type YTask } from './doc.ts';
import type { Placement } from './schema.ts';

export type PlacementEntry = Placement & { key: string };

export function placementRegister(task: YTask): Y.Map<unknown> | undefined {
  return getYMap(task, 'placement');
}

/**
 * The same check as `placementSchema`, by hand: this runs for every task on every board render
 * and every move, where a zod parse per entry was the dominant cost. placement.test.ts keeps the
 * two in agreement.
 */
export function isPlacement(v: unknown): v is Placement {
  if (typeof v !== 'object' || v === null) return false;
  const p = v as Record<string, unknown>;
  return (
    isId(p.col) &&
    typeof p.rank === 'string' &&
    p.rank.length > 0 &&
    p.rank.length <= 200 &&
    typeof p.hlc === 'number' &&
    Number.isSafeInteger(p.hlc) &&
    p.hlc >= 0 &&
    isId(p.moveId) &&
    isId(p.by)
  );
}

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 200;
}

/** Valid entries of a register; anything a peer wrote that does not parse is ignored. */
export function placementEntries(register: Y.Map<unknown>): PlacementEntry[] {
  const out: PlacementEntry[] = [];
  register.forEach((value, key) => {
    if (isPlacement(value))
      out.push({ col: value.col, rank: value.rank, hlc: value.hlc, moveId: value.moveId, by: value.by, key });
  });
  return out;
}

export function beats(a: PlacementEntry, b: PlacementEntry): boolean {
  return a.hlc > b.hlc || (a.hlc === b.hlc && a.key > b.key);
}

/** The shown placement: greatest (hlc, key). Identical on every replica that has the same entries. */
export function winningEntry(entries: readonly PlacementEntry[]): PlacementEntry | undefined {
  let best: PlacementEntry | undefined;
  for (const e of entries) if (!best || beats(e, best)) best = e;
  return best;
}

/** A writer's key in the register: its Yjs clientID, unique per replica and session. */
export function writerKey(doc: Y.Doc): string {
  return String(doc.clientID);
}

/**
 * Supersedes every entry this replica has seen and records a new placement. Must run inside a
 * transaction. Returns the entry written.
 */
export function writePlacement(
  doc: Y.Doc,
  task: YTask,
  place: { col: string; rank: string; by: string; moveId: string; now: number },
): Placement {
  let register = placementRegister(task);
  if (!register) {
    // Only possible for a task a peer stored without a register; replacing a missing map is safe.
    register = new Y.Map<unknown>();
    task.set('placement', register);
  }
  let maxSeen = 0;
  const key = writerKey(doc);
  for (const k of Array.from(register.keys())) {
    const value = register.get(k);
    if (isPlacement(value)) maxSeen = Math.max(maxSeen, value.hlc);
    if (k !== key) register.delete(k);
  }
  const entry: Placement = {
    col: place.col,
    rank: place.rank,
    hlc: Math.max(Math.floor(place.now), maxSeen + 1),
    moveId: place.moveId,
    by: place.by,
  };
  register.set(key, entry);
  return entry;
}
