import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from './statement-cache.ts';

let open: Database.Database[] = [];
afterEach(() => {
  for (const db of open) db.close();
  open = [];
});

describe('statement cache', () => {
  it('prepares each SQL text once and hands back the same statement after', () => {
    const raw = new Database(':memory:');
    open.push(raw);
    const db = withStatementCache(raw);
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
    const insert = db.prepare('INSERT INTO t (id) VALUES (?)');
    expect(db.prepare('INSERT INTO t (id) VALUES (?)')).toBe(insert);
    expect(db.prepare('SELECT id FROM t')).not.toBe(insert);
  });

  it('leaves transactions and the rest of the database as they were', () => {
    const raw = new Database(':memory:');
    open.push(raw);
    const db = withStatementCache(raw);
    db.exec('CREATE TABLE t (id TEXT PRIMARY KEY)');
    let inside = false;
    db.transaction(() => {
      inside = db.inTransaction;
      db.prepare('INSERT INTO t (id) VALUES (?)').run('a');
    })();
    expect(inside).toBe(true);
    expect(db.inTransaction).toBe(false);
    expect(() =>
      db.transaction(() => {
        db.prepare('INSERT INTO t (id) VALUES (?)').run('b');
        throw new Error('roll back');
      })(),
    ).toThrow('roll back');
    expect(db.prepare('SELECT id FROM t ORDER BY id').all()).toEqual([{ id: 'a' }]);
  });
});
