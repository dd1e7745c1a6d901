/**
 * Dense per-document seqs (migration 13, issue 16): a database from before them gets its rows
 * numbered 1..n per document in id order and a head per document, and appends go on from there;
 * loading says which seq its state holds, and `readSince` reads after a seq.
 */
import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { LATEST_SCHEMA_VERSION, runMigrations } from './migrations.ts';
import { UpdateLog } from './update-log.ts';

function updatesOf(count: number): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < count; i++) doc.getMap('m').set(`k${i}`, i);
  return out;
}

describe('update seqs', () => {
  test('migration 13 numbers the rows of a database from before it, per document in id order', () => {
    const db = new Database(':memory:');
    runMigrations(db, Date.now, 12);
    const a = updatesOf(3);
    const b = updatesOf(2);
    const insert = db.prepare('INSERT INTO updates (document, data, received_at) VALUES (?, ?, 0)');
    // Interleaved, as two workspaces written at once: ids 1..5, seqs per document.
    insert.run('a', a[0]);
    insert.run('b', b[0]);
    insert.run('a', a[1]);
    insert.run('b', b[1]);
    insert.run('a', a[2]);
    expect(runMigrations(db)).toContain(13);
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(13);
    expect(db.prepare('SELECT document, id, seq FROM updates ORDER BY id').all()).toEqual([
      { document: 'a', id: 1, seq: 1 },
      { document: 'b', id: 2, seq: 1 },
      { document: 'a', id: 3, seq: 2 },
      { document: 'b', id: 4, seq: 2 },
      { document: 'a', id: 5, seq: 3 },
    ]);
    expect(db.prepare('SELECT document, head FROM document_heads ORDER BY document').all()).toEqual([
      { document: 'a', head: 3 },
      { document: 'b', head: 2 },
    ]);

    const log = new UpdateLog(db);
    const more = updatesOf(4)[3] as Uint8Array;
    expect(log.appendRow('a', more)).toEqual({ id: 6, seq: 4 });
    expect(log.appendRow('c', more)).toEqual({ id: 7, seq: 1 });
    expect(log.readSince('a', 2).map((r) => r.seq)).toEqual([3, 4]);
    expect(log.load('a')?.headSeq).toBe(4);
    expect(log.load('b')?.headSeq).toBe(2);
    // The same seq twice in one document is refused by the schema, whoever writes it.
    expect(() =>
      db.prepare("INSERT INTO updates (document, seq, data, received_at) VALUES ('a', 4, x'00', 0)").run(),
    ).toThrow(/UNIQUE/);
  });

  test('a snapshot plus the rows after it loads with the head seq; the snapshot of a seq covers its id', () => {
    const db = new Database(':memory:');
    runMigrations(db);
    const log = new UpdateLog(db);
    const doc = new Y.Doc();
    const updates = updatesOf(5);
    const ids = updates.map((u) => log.appendRow('w', u));
    for (const u of updates.slice(0, 3)) Y.applyUpdate(doc, u);
    expect(log.idAtSeq('w', 3)).toBe(ids[2]?.id);
    log.compact('w', Y.encodeStateAsUpdate(doc), log.idAtSeq('w', 3) ?? 0);
    const loaded = log.load('w');
    expect(loaded?.headSeq).toBe(5);
    expect(loaded?.pendingRows).toBe(2);
    const back = new Y.Doc();
    Y.applyUpdate(back, loaded?.state as Uint8Array);
    expect(back.getMap('m').size).toBe(5);
  });
});
