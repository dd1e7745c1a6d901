/**
 * An independent audit of a document's stored history, read from the SQLite file (read-only, so
 * it may run while a server has the file open) and checked by replaying every row from id 0 into
 * a scratch document with the model's own change reader. Nothing of the server's history code is
 * used: the replay is what the log says, and the checkpoints, the snapshot and the activity table
 * are compared against it. Kill tests call it after each restart.
 */
import path from 'node:path';
import { type DocChange, observeChanges, readWorkspaceView } from '@taskflow/model';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { DATABASE_FILE } from '../../src/persistence/database.ts';

export type StoredRow = { id: number; data: Uint8Array; userId: string | null };
export type StoredEntry = {
  rowId: number;
  seq: number;
  kind: string;
  entityId: string;
  actorId: string | null;
};

export type StoredHistory = {
  rows: StoredRow[];
  snapshot: { uptoId: number; data: Uint8Array } | undefined;
  checkpoints: { uptoId: number; data: Uint8Array }[];
  activity: StoredEntry[];
  /** activity_cursor.upto_id, or undefined when the document was never projected. */
  cursor: number | undefined;
  /** Over every document: with AUTOINCREMENT and no deletes, ids are 1..count. */
  allRows: { count: number; maxId: number };
};

export function readHistory(dataDir: string, document: string): StoredHistory {
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    const rows = (
      db.prepare('SELECT id, data, user_id FROM updates WHERE document = ? ORDER BY id').all(document) as {
        id: number;
        data: Uint8Array;
        user_id: string | null;
      }[]
    ).map((r) => ({ id: r.id, data: r.data, userId: r.user_id }));
    const snapshot = db.prepare('SELECT upto_id, data FROM snapshots WHERE document = ?').get(document) as
      | { upto_id: number; data: Uint8Array }
      | undefined;
    const checkpoints = (
      db
        .prepare('SELECT upto_id, data FROM checkpoints WHERE document = ? ORDER BY upto_id')
        .all(document) as { upto_id: number; data: Uint8Array }[]
    ).map((c) => ({ uptoId: c.upto_id, data: c.data }));
    const activity = (
      db
        .prepare(
          `SELECT row_id, seq, kind, entity_id, actor_id FROM activity WHERE document = ?
           ORDER BY row_id, seq`,
        )
        .all(document) as {
        row_id: number;
        seq: number;
        kind: string;
        entity_id: string;
        actor_id: string | null;
      }[]
    ).map((a) => ({ rowId: a.row_id, seq: a.seq, kind: a.kind, entityId: a.entity_id, actorId: a.actor_id }));
    const cursor = db.prepare('SELECT upto_id FROM activity_cursor WHERE document = ?').get(document) as
      | { upto_id: number }
      | undefined;
    const allRows = db.prepare('SELECT COUNT(*) AS count, MAX(id) AS maxId FROM updates').get() as {
      count: number;
      maxId: number | null;
    };
    return {
      rows,
      snapshot: snapshot && { uptoId: snapshot.upto_id, data: snapshot.data },
      checkpoints,
      activity,
      cursor: cursor?.upto_id,
      allRows: { count: allRows.count, maxId: allRows.maxId ?? 0 },
    };
  } finally {
    db.close();
  }
}

/** What a row changed, in the activity table's terms: one `kind entityId` per entry, in order. */
export type RowChanges = Map<number, string[]>;

export type Replay = {
  /** Every row applied, from id 0. */
  doc: Y.Doc;
  /** Per row id, the changes the model reads from applying it (rows that change nothing: absent). */
  changes: RowChanges;
  /** Each checkpoint (and the snapshot) that differs from the replay up to its upto_id. */
  mismatches: string[];
  /**
   * Per Yjs client, the rows' clock ranges must follow each other with no hole and no overlap: a
   * hole is a lost row, an overlap a row stored twice. Each offence is listed here.
   */
  clockBreaks: string[];
};

/** Replays every row in order, checking each checkpoint and the snapshot at its row on the way. */
export function replayHistory(history: StoredHistory): Replay {
  const doc = new Y.Doc();
  const changes: RowChanges = new Map();
  const mismatches: string[] = [];
  const clockBreaks: string[] = [];
  const clocks = new Map<number, number>();
  const bases = [
    ...history.checkpoints.map((c) => ({ what: `checkpoint ${c.uptoId}`, ...c })),
    ...(history.snapshot ? [{ what: `snapshot ${history.snapshot.uptoId}`, ...history.snapshot }] : []),
  ];
  const compareBasesAt = (rowId: number) => {
    for (const b of bases) {
      if (b.uptoId !== rowId) continue;
      const stored = new Y.Doc();
      Y.applyUpdate(stored, b.data);
      const diff = difference(stored, doc);
      if (diff) mismatches.push(`${b.what}: ${diff}`);
      stored.destroy();
    }
  };
  let seen: DocChange[] = [];
  const stop = observeChanges(doc, (c) => seen.push(...c));
  for (const row of history.rows) {
    const { from, to } = Y.parseUpdateMeta(row.data);
    for (const [client, start] of from) {
      const expected = clocks.get(client) ?? 0;
      if (start !== expected)
        clockBreaks.push(`row ${row.id}: client ${client} starts at clock ${start}, log had ${expected}`);
      clocks.set(client, to.get(client) ?? start);
    }
    seen = [];
    Y.applyUpdate(doc, row.data);
    if (seen.length > 0)
      changes.set(
        row.id,
        seen.map((c) => `${c.kind} ${c.entityId}`),
      );
    compareBasesAt(row.id);
  }
  stop();
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null)
    clockBreaks.push('the replay of every row leaves structs waiting for a missing row');
  for (const b of bases) {
    if (b.uptoId > (history.rows.at(-1)?.id ?? 0) || !history.rows.some((r) => r.id === b.uptoId))
      mismatches.push(`${b.what}: no stored row has its upto_id`);
  }
  return { doc, changes, mismatches, clockBreaks };
}

/** The stored snapshot plus every row after its upto_id: what a server start loads. */
export function loadedState(history: StoredHistory): Y.Doc {
  const doc = new Y.Doc();
  const uptoId = history.snapshot?.uptoId ?? 0;
  if (history.snapshot) Y.applyUpdate(doc, history.snapshot.data);
  for (const row of history.rows) if (row.id > uptoId) Y.applyUpdate(doc, row.data);
  return doc;
}

/**
 * Why two documents differ, or undefined when they hold the same: the same board (every field the
 * board-as-of view shows) and the same Yjs snapshot (state vector and delete set).
 */
export function difference(a: Y.Doc, b: Y.Doc): string | undefined {
  const va = JSON.stringify(readWorkspaceView(a));
  const vb = JSON.stringify(readWorkspaceView(b));
  if (va !== vb) return `boards differ:\n  ${va.slice(0, 400)}\n  ${vb.slice(0, 400)}`;
  if (!Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))) {
    const sv = (d: Y.Doc) => JSON.stringify([...Y.decodeStateVector(Y.encodeStateVector(d))].sort());
    return `Yjs snapshots differ: ${sv(a)} vs ${sv(b)}`;
  }
  return undefined;
}

/**
 * Every way the activity table departs from the replay: a row whose entries are missing, extra,
 * duplicated or reordered, a hole in a row's seq, or an entry whose actor is not the row's sender.
 */
export function activityProblems(history: StoredHistory, replayed: RowChanges): string[] {
  const problems: string[] = [];
  const byRow = new Map<number, StoredEntry[]>();
  for (const e of history.activity) {
    if (e.kind === 'history.purged') continue;
    const list = byRow.get(e.rowId) ?? [];
    list.push(e);
    byRow.set(e.rowId, list);
  }
  const senders = new Map(history.rows.map((r) => [r.id, r.userId]));
  for (const [rowId, entries] of byRow) {
    if (!senders.has(rowId))
      problems.push(`row ${rowId}: ${entries.length} entries for a row not in the log`);
    entries.forEach((e, i) => {
      if (e.seq !== i) problems.push(`row ${rowId}: entry seq ${e.seq} at position ${i}`);
      if (senders.has(rowId) && e.actorId !== senders.get(rowId))
        problems.push(`row ${rowId}: actor ${e.actorId}, sent by ${senders.get(rowId)}`);
    });
    const counts = new Map<string, number>();
    for (const e of entries)
      counts.set(`${e.kind} ${e.entityId}`, (counts.get(`${e.kind} ${e.entityId}`) ?? 0) + 1);
    for (const [key, n] of counts) if (n > 1) problems.push(`row ${rowId}: ${n} entries "${key}"`);
  }
  for (const row of history.rows) {
    const stored = (byRow.get(row.id) ?? []).map((e) => `${e.kind} ${e.entityId}`);
    const expected = replayed.get(row.id) ?? [];
    if (JSON.stringify(stored) !== JSON.stringify(expected))
      problems.push(`row ${row.id}: activity [${stored.join(', ')}], replay [${expected.join(', ')}]`);
  }
  return problems;
}
