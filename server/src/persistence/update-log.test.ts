import Database from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { runMigrations } from './migrations.ts';
import { UpdateLog } from './update-log.ts';

function memoryLog(): UpdateLog {
  const db = new Database(':memory:');
  runMigrations(db);
  return new UpdateLog(db);
}

/** Updates from a doc that sets one key per call. */
function writer() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  return { doc, updates, set: (k: string, v: number) => doc.getMap('m').set(k, v) };
}

describe('UpdateLog', () => {
  test('a document never stored loads as undefined', () => {
    expect(memoryLog().load('default')).toBeUndefined();
  });

  test('load merges the snapshot with the rows after it', () => {
    const log = memoryLog();
    const w = writer();
    w.set('a', 1);
    log.append('default', w.updates[0] as Uint8Array);
    w.set('b', 2);
    log.append('default', w.updates[1] as Uint8Array);
    log.compact('default', Y.encodeStateAsUpdate(w.doc), log.lastId('default') as number);
    w.set('c', 3);
    log.append('default', w.updates[2] as Uint8Array);
    const loaded = log.load('default');
    expect(loaded?.pendingRows).toBe(1);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, loaded?.state as Uint8Array);
    expect(doc.getMap('m').toJSON()).toEqual({ a: 1, b: 2, c: 3 });
  });

  // Regression (found by the kill -9 test): without AUTOINCREMENT, compaction emptied the table and
  // the next row reused id 1, at or below the snapshot's upto_id, so loading skipped it.
  test('S5: row ids are never reused after compaction empties the log', () => {
    const log = memoryLog();
    const w = writer();
    for (let i = 0; i < 5; i++) {
      w.set(`k${i}`, i);
      log.append('default', w.updates[i] as Uint8Array);
    }
    log.compact('default', Y.encodeStateAsUpdate(w.doc), log.lastId('default') as number);
    w.set('after', 99);
    const id = log.append('default', w.updates[5] as Uint8Array);
    expect(id).toBe(6);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, log.load('default')?.state as Uint8Array);
    expect(doc.getMap('m').get('after')).toBe(99);
  });

  test('documents are kept apart', () => {
    const log = memoryLog();
    const w = writer();
    w.set('a', 1);
    log.append('other', w.updates[0] as Uint8Array);
    expect(log.load('default')).toBeUndefined();
    expect(log.load('other')?.pendingRows).toBe(1);
  });
});
