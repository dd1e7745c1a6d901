/**
 * "Your title lost" (issue 14): a task's title is one value, so when two people retitle a task at
 * once (online, or one of them offline) Yjs keeps one and the other's text is gone without a word.
 * Moves already tell their loser (conflicts.ts); this tells the person whose title lost, with both
 * texts, so they can put theirs back.
 *
 * How a loss is told apart from a later edit: each write of a map key is an item written after the
 * item its writer saw (its `origin`). When a remote transaction replaces my value, the new value
 * either was written on top of mine (they saw my title, then changed it: an ordinary later edit) or
 * was not (they never saw mine: we wrote at once, and mine lost). A third person's edit built on
 * mine and arriving in the same batch also counts as seen. Only remote transactions are examined:
 * my own undo or edit never "loses". Which items are mine is the caller's to say (`isMine`, by
 * Yjs client id): a reload starts a new client id, and offline edits made before it are still mine.
 */
import * as Y from 'yjs';
import { tasksMap } from './doc.ts';
import { readTaskFields } from './read.ts';

/** The task fields whose concurrent loss is told. */
export const TOLD_FIELDS = ['title'] as const;
export type ToldField = (typeof TOLD_FIELDS)[number];

export type LostEdit = {
  /** Unique per lost write (its Yjs id), to report and dismiss it once. */
  key: string;
  taskId: string;
  field: ToldField;
  /** What I wrote, which lost. */
  mine: string;
  /** What the task says now. */
  theirs: string;
  /** Who last changed the task (the winner's author, as the task records it). */
  by: string;
};

function itemValue(item: Y.Item): unknown {
  const content = item.content.getContent();
  return content[content.length - 1];
}

function sameId(a: Y.ID | null, b: Y.ID): boolean {
  return a !== null && a.client === b.client && a.clock === b.clock;
}

/** Whether `mine` was displaced in `tr` by a value written without knowing it. */
function lostIn(tr: Y.Transaction, mine: Y.Item, winner: Y.Item): boolean {
  if (!Y.isDeleted(tr.deleteSet, mine.id)) return false;
  // Anyone who wrote on top of mine (the winner, or someone between us in the same batch) saw it.
  for (let item: Y.Item | null = winner; item !== null && item !== mine; item = item.left) {
    if (sameId(item.origin, mine.id)) return false;
  }
  return true;
}

function lostInTask(
  taskId: string,
  map: Y.Map<unknown>,
  tr: Y.Transaction,
  isMine: (client: number) => boolean,
  actorId: string,
): LostEdit[] {
  const out: LostEdit[] = [];
  for (const field of TOLD_FIELDS) {
    const winner = map._map.get(field);
    if (!winner || winner.deleted || isMine(winner.id.client)) continue;
    for (let item = winner.left; item !== null; item = item.left) {
      if (!isMine(item.id.client) || !lostIn(tr, item, winner)) continue;
      const mine = itemValue(item);
      const theirs = itemValue(winner);
      if (typeof mine !== 'string' || typeof theirs !== 'string' || mine === theirs) continue;
      const fields = readTaskFields(taskId, map);
      if (!fields || fields.updatedBy === actorId) continue;
      out.push({
        key: `${item.id.client}:${item.id.clock}`,
        taskId,
        field,
        mine,
        theirs,
        by: fields.updatedBy,
      });
    }
  }
  return out;
}

/**
 * Calls `onLost` with my task edits (items `isMine` claims) that a remote transaction replaced with
 * a value written without seeing mine. Returns unsubscribe.
 */
export function observeLostEdits(
  doc: Y.Doc,
  actorId: string,
  isMine: (client: number) => boolean,
  onLost: (lost: LostEdit[]) => void,
): () => void {
  const tasks = tasksMap(doc);
  const handler = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
    if (tr.local) return;
    const fresh: LostEdit[] = [];
    for (const e of events) {
      if (e.target.parent !== tasks || !(e instanceof Y.YMapEvent)) continue;
      if (!TOLD_FIELDS.some((f) => e.keysChanged.has(f))) continue;
      const taskId = e.path[0];
      if (typeof taskId !== 'string') continue;
      fresh.push(...lostInTask(taskId, e.target as Y.Map<unknown>, tr, isMine, actorId));
    }
    if (fresh.length > 0) onLost(fresh);
  };
  tasks.observeDeep(handler);
  return () => tasks.unobserveDeep(handler);
}
