/**
 * The PostgreSQL engine (persistence/engine/pg-database.ts) on a real PostgreSQL: what the stores
 * rely on from better-sqlite3 — run()'s changes and lastInsertRowid, bytea as Buffer, int8 as
 * number, transactions with savepoints — and the faults storage-fault.ts must tell apart: a held
 * lock and a stopped server, and the recovery once it is back.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { storageErrorKind } from '../src/persistence/engine/errors.ts';
import { PgDatabase } from '../src/persistence/engine/pg-database.ts';
import { LATEST_SCHEMA_VERSION } from '../src/persistence/migrations.ts';
import { PG_MIGRATIONS, runPgMigrations } from '../src/persistence/pg-migrations.ts';
import { isStorageFault } from '../src/persistence/storage-fault.ts';
import { UpdateLog } from '../src/persistence/update-log.ts';
import { startPostgres, type TestPostgres } from './helpers/engines.ts';

describe('the PostgreSQL engine', () => {
  let postgres: TestPostgres;
  let db: PgDatabase;
  let url: string;

  beforeAll(async () => {
    postgres = await startPostgres();
    url = await postgres.createDatabase('engine');
    db = new PgDatabase({ url, lockTimeoutMs: 200 });
    db.exec(`CREATE TABLE t (id BIGSERIAL PRIMARY KEY, name TEXT UNIQUE, data BYTEA, n BIGINT);
             CREATE TABLE k (a TEXT, b TEXT, v TEXT, PRIMARY KEY (a, b))`);
  });
  afterAll(async () => {
    db?.close();
    await postgres?.stop();
  });

  const names = () =>
    (db.prepare('SELECT name FROM t ORDER BY id').all() as { name: string }[]).map((r) => r.name);

  test('run() reports changes and lastInsertRowid; bytea comes back a Buffer, int8 a number', () => {
    const insert = db.prepare('INSERT INTO t (name, data, n) VALUES (?, ?, ?)');
    const first = insert.run('a', new Uint8Array([1, 2, 3]), 2 ** 40);
    const second = insert.run('b', Buffer.from('xy'), 1);
    expect(first.changes).toBe(1);
    expect(second.lastInsertRowid).toBe(Number(first.lastInsertRowid) + 1);
    expect(db.prepare('INSERT OR IGNORE INTO t (name) VALUES (?)').run('a').changes).toBe(0);
    const row = db
      .prepare<[string], { data: Buffer; n: number }>('SELECT data, n FROM t WHERE name = ?')
      .get('a');
    expect(Buffer.isBuffer(row?.data)).toBe(true);
    expect([...(row?.data ?? [])]).toEqual([1, 2, 3]);
    expect(row?.n).toBe(2 ** 40);
    expect(db.prepare('SELECT COUNT(*) AS n FROM t').get()).toEqual({ n: 2 });
    expect(db.prepare('UPDATE t SET n = n + 1').run().changes).toBe(2);
    expect(db.prepare('SELECT name FROM t WHERE name = @name').get({ name: 'b' })).toEqual({ name: 'b' });
    const replace = db.prepare('INSERT OR REPLACE INTO k (a, b, v) VALUES (?, ?, ?)');
    replace.run('x', 'y', 'one');
    replace.run('x', 'y', 'two');
    expect(db.prepare('SELECT v FROM k').all()).toEqual([{ v: 'two' }]);
  });

  test('a transaction commits whole or not at all; a nested one is a savepoint', () => {
    const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
    expect(db.inTransaction).toBe(false);
    db.transaction(() => {
      insert.run('c');
      expect(db.inTransaction).toBe(true);
    })();
    expect(() =>
      db.transaction(() => {
        insert.run('d');
        throw new Error('changed my mind');
      })(),
    ).toThrow('changed my mind');
    expect(db.inTransaction).toBe(false);
    const outer = db.transaction(() => {
      insert.run('e');
      try {
        db.transaction(() => insert.run('a'))(); // a unique violation, inside its own savepoint
      } catch (error) {
        expect(storageErrorKind(error)).toBe('unique');
        expect(isStorageFault(error)).toBe(false);
      }
      insert.run('f');
      return 'done';
    });
    expect(outer()).toBe('done');
    expect(names()).toEqual(['a', 'b', 'c', 'e', 'f']);
  });

  test('a failure caught inside a transaction (no savepoint) cannot be committed as if it worked', () => {
    const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
    let caught: unknown;
    try {
      db.transaction(() => {
        insert.run('g');
        try {
          insert.run('a');
        } catch {
          // SQLite would go on with the transaction; PostgreSQL has aborted it.
        }
      })();
    } catch (error) {
      caught = error;
    }
    expect((caught as { code?: string }).code).toBe('25P02');
    expect(names()).not.toContain('g');
  });

  test('a lock held past lock_timeout is "locked", a storage fault (SQLite: SQLITE_BUSY)', async () => {
    // A second session holds a row lock (its own connection), then ours tries to update the row.
    const lockHolder = new pg.Client({ connectionString: url });
    await lockHolder.connect();
    try {
      await lockHolder.query('BEGIN');
      await lockHolder.query("SELECT * FROM t WHERE name = 'a' FOR UPDATE");
      let error: unknown;
      try {
        db.prepare("UPDATE t SET n = 0 WHERE name = 'a'").run();
      } catch (e) {
        error = e;
      }
      expect((error as { code?: string }).code).toBe('55P03');
      expect(storageErrorKind(error)).toBe('locked');
      expect(isStorageFault(error)).toBe(true);
      await lockHolder.query('ROLLBACK');
    } finally {
      await lockHolder.end();
    }
  });

  test('PostgreSQL stopped: "unreachable", a storage fault; back again: the engine reconnects by itself', () => {
    postgres.pause();
    let error: unknown;
    try {
      db.prepare('SELECT 1 AS one').get();
    } catch (e) {
      error = e;
    }
    expect(storageErrorKind(error)).toBe('unreachable');
    expect(isStorageFault(error)).toBe(true);
    postgres.start();
    expect(db.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
  });

  test('the connection lost inside a transaction: nothing after it runs on a new connection, the COMMIT fails', () => {
    const insert = db.prepare('INSERT INTO t (name) VALUES (?)');
    let commitError: unknown;
    try {
      db.transaction(() => {
        insert.run('before-the-loss');
        postgres.pause();
        try {
          insert.run('during-the-loss');
        } catch {
          // A caller that goes on after a failed statement (as effects of an append do).
        }
        postgres.start();
        try {
          insert.run('after-the-loss'); // must not autocommit on a fresh connection
        } catch {
          // idem
        }
      })();
    } catch (error) {
      commitError = error;
    }
    expect(storageErrorKind(commitError)).toBe('unreachable');
    expect(db.inTransaction).toBe(false);
    expect(names()).not.toContain('before-the-loss');
    expect(names()).not.toContain('after-the-loss');
    // The next transaction runs on a new connection.
    db.transaction(() => insert.run('next'))();
    expect(names()).toContain('next');
  });
});

describe('the PostgreSQL schema', () => {
  let postgres: TestPostgres;
  beforeAll(async () => {
    postgres = await startPostgres();
  });
  afterAll(async () => {
    await postgres?.stop();
  });

  test('migrations 1..12 apply once each, in order, with their schema_migrations rows; a second run applies none', async () => {
    expect(PG_MIGRATIONS.map((m) => m.version)).toEqual(
      Array.from({ length: LATEST_SCHEMA_VERSION }, (_, i) => i + 1),
    );
    const url = await postgres.createDatabase('schema');
    const db = new PgDatabase({ url });
    try {
      expect(runPgMigrations(db, () => 1)).toEqual(PG_MIGRATIONS.map((m) => m.version));
      expect(runPgMigrations(db, () => 2)).toEqual([]);
      expect(db.prepare('SELECT COUNT(*) AS n, MAX(version) AS v FROM schema_migrations').get()).toEqual({
        n: LATEST_SCHEMA_VERSION,
        v: LATEST_SCHEMA_VERSION,
      });
      // The update log's contract: ids only grow, load = snapshot + rows after it.
      const log = new UpdateLog(db, () => 1000);
      const a = log.append('doc', new Uint8Array([0, 0]), { userId: 'u' });
      const b = log.append('doc', new Uint8Array([0, 0]));
      expect(b).toBe(a + 1);
      expect(log.lastId('doc')).toBe(b);
      // Appends to one document from two processes commit in id order: the second waits for the
      // first's transaction (here past its lock_timeout); another document does not wait.
      const other = new PgDatabase({ url, lockTimeoutMs: 200 });
      try {
        const otherLog = new UpdateLog(other, () => 2000);
        db.transaction(() => {
          log.append('doc', new Uint8Array([0, 0]));
          expect(storageErrorKind(catchError(() => otherLog.append('doc', new Uint8Array([0, 0]))))).toBe(
            'locked',
          );
          expect(otherLog.append('another doc', new Uint8Array([0, 0]))).toBeGreaterThan(b);
        })();
        expect(otherLog.append('doc', new Uint8Array([0, 0]))).toBe(log.lastId('doc'));
      } finally {
        other.close();
      }
      log.touchHealth();
      // The outbox trigger fills workspace_id from the payload, as SQLite's json_extract one does.
      db.prepare(
        `INSERT INTO outbox (idempotency_key, kind, payload, created_at) VALUES ('k', 'x', '{"workspaceId":"w1"}', 1)`,
      ).run();
      expect(db.prepare('SELECT workspace_id FROM outbox').get()).toEqual({ workspace_id: 'w1' });
      // Emails compare without regard to case (SQLite: COLLATE NOCASE).
      db.prepare(
        `INSERT INTO users (id, email, name, password_hash, created_at) VALUES ('u1', 'Ann@Example.com', 'Ann', 'h', 1)`,
      ).run();
      expect(db.prepare('SELECT id FROM users WHERE email = ?').get('ann@example.COM')).toEqual({ id: 'u1' });
    } finally {
      db.close();
    }
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  return undefined;
}
