import { closeSync, mkdirSync, openSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PgDatabase } from './engine/pg-database.ts';
import type { Database as DatabasePort } from './engine/port.ts';
import { runMigrations } from './migrations.ts';
import { runPgMigrations } from './pg-migrations.ts';

export type Synchronous = 'normal' | 'full';

export const DATABASE_FILE = 'taskflow.sqlite';

/**
 * DATA_DIR cannot hold the server's data: missing and not creatable, not a directory, or not
 * writable. One line naming the path, because the raw errors do not: SQLite says only "unable to
 * open database file", and a read-only directory otherwise surfaces later, as a failed write.
 */
export class DataDirError extends Error {
  override name = 'DataDirError';
}

/**
 * Opens (creating if needed) the SQLite database in `dataDir` and brings its schema up to date.
 * WAL lets readers (backups, /readyz, tests) run beside the single writer; with WAL,
 * `synchronous=NORMAL` keeps every committed transaction across a process crash and `FULL`
 * across power loss too.
 */
export function openDatabase(options: { dataDir: string; synchronous: Synchronous }): Database.Database {
  const dir = prepareDataDir(options.dataDir);
  const file = path.join(dir, DATABASE_FILE);
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw new DataDirError(`DATA_DIR ${dir}: cannot open ${file} (${describe(error)}).`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    runMigrations(db);
  } catch (error) {
    db.close();
    // A read-only database file (or its -wal/-shm) in a writable directory.
    if (/readonly|read-only|permission/i.test(describe(error))) {
      throw new DataDirError(`DATA_DIR ${dir}: ${file} is not writable (${describe(error)}).`);
    }
    throw error;
  }
  return db;
}

/**
 * Connects to PostgreSQL (DATABASE_URL, issue 16) and brings its schema up to date. Durability is
 * PostgreSQL's: synchronous_commit is on for this connection whatever the server's default
 * (engine/pg-database.ts), so DB_SYNCHRONOUS, a SQLite setting, does not apply.
 * `lockTimeoutMs` plays busy_timeout: a write waiting longer for a lock fails as a storage fault.
 */
export function openPostgres(options: { url: string; lockTimeoutMs?: number | undefined }): DatabasePort {
  const db = new PgDatabase({
    url: options.url,
    ...(options.lockTimeoutMs !== undefined ? { lockTimeoutMs: options.lockTimeoutMs } : {}),
  });
  try {
    runPgMigrations(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/**
 * Makes sure `dataDir` is a directory this process can write, creating it if missing, and
 * returns its absolute path. The write is real (a probe file, then removed): `access(W_OK)`
 * answers yes to root on a read-only mount.
 */
export function prepareDataDir(dataDir: string): string {
  const dir = path.resolve(dataDir);
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(dir, { throwIfNoEntry: false });
  } catch (error) {
    // A file in the path (ENOTDIR) reads as missing: creating it then says why it cannot be.
    if (describe(error) !== 'ENOTDIR') {
      throw new DataDirError(`DATA_DIR ${dir} cannot be reached (${describe(error)}).`);
    }
  }
  if (stat && !stat.isDirectory()) {
    throw new DataDirError(`DATA_DIR ${dir} is not a directory. Point DATA_DIR at a directory.`);
  }
  if (!stat) {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw new DataDirError(`DATA_DIR ${dir} does not exist and cannot be created (${describe(error)}).`);
    }
  }
  const probe = path.join(dir, `.write-probe-${process.pid}`);
  try {
    closeSync(openSync(probe, 'wx'));
    unlinkSync(probe);
  } catch (error) {
    throw new DataDirError(
      `DATA_DIR ${dir} is not writable by this process (${describe(error)}). Fix its permissions or point DATA_DIR elsewhere.`,
    );
  }
  return dir;
}

/** Runs `fn` as one transaction (a nested call is a savepoint): all of its writes happen, or none. */
export type Atomically = <T>(fn: () => T) => T;

/** The transaction helper for code outside the stores, which gets no database handle. */
export function atomically(db: DatabasePort): Atomically {
  // One transaction function for every call, the work passed as its argument: better-sqlite3's
  // `transaction()` builds four wrappers with their properties each time it is called, and this
  // runs on every synced update (issue 13: ~11 KB of garbage and a few µs per card move).
  const run = db.transaction((fn: () => unknown) => fn());
  return <T>(fn: () => T): T => run(fn) as T;
}

function describe(error: unknown): string {
  if (error instanceof Error)
    return 'code' in error && typeof error.code === 'string' ? error.code : error.message;
  return String(error);
}
