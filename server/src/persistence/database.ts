import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runMigrations } from './migrations.ts';

export type Synchronous = 'normal' | 'full';

export const DATABASE_FILE = 'taskflow.sqlite';

/**
 * Opens (creating if needed) the SQLite database in `dataDir` and brings its schema up to date.
 * WAL lets readers (backups, /readyz, tests) run beside the single writer; with WAL,
 * `synchronous=NORMAL` keeps every committed transaction across a process crash and `FULL`
 * across power loss too.
 */
export function openDatabase(options: { dataDir: string; synchronous: Synchronous }): Database.Database {
  mkdirSync(options.dataDir, { recursive: true });
  const db = new Database(path.join(options.dataDir, DATABASE_FILE));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    runMigrations(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
