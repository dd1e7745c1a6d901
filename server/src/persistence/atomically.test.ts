import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import { atomically } from './database.ts';

function table() {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (v INTEGER)');
  const put = db.prepare<[number]>('INSERT INTO t (v) VALUES (?)');
  const all = () => (db.prepare('SELECT v FROM t ORDER BY v').all() as { v: number }[]).map((r) => r.v);
  return { db, put, all };
}

describe('atomically', () => {
  it('makes its transaction function once, not once per call (it runs on every synced update)', () => {
    const { db, put, all } = table();
    const made = vi.spyOn(db, 'transaction');
    const inOne = atomically(db);
    for (let i = 1; i <= 3; i++) expect(inOne(() => put.run(i).changes)).toBe(1);
    expect(made).toHaveBeenCalledTimes(1);
    expect(all()).toEqual([1, 2, 3]);
  });

  it('keeps all of it or none, and a nested call is a savepoint of its own', () => {
    const { db, put, all } = table();
    const inOne = atomically(db);
    expect(() =>
      inOne(() => {
        put.run(1);
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(all()).toEqual([]);
    inOne(() => {
      put.run(2);
      try {
        inOne(() => {
          put.run(3);
          throw new Error('inner');
        });
      } catch {
        // The inner savepoint is rolled back; the outer transaction goes on.
      }
      put.run(4);
    });
    expect(all()).toEqual([2, 4]);
  });
});
