/** A real SQLite file in a temp dir with every table the server has: the real migrations run. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { runMigrations } from '../../src/persistence/migrations.ts';

export type TempDb = {
  dir: string;
  file: string;
  db: Database.Database;
  open: () => Database.Database;
  cleanup: () => void;
};

/** Opens a connection configured like persistence/database.ts (WAL, busy timeout). */
export function connect(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  return db;
}

export function tempDb(prefix = 'taskflow-automations-'): TempDb {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const file = path.join(dir, 'taskflow.sqlite');
  const db = connect(file);
  runMigrations(db);
  const extra: Database.Database[] = [];
  return {
    dir,
    file,
    db,
    open: () => {
      const c = connect(file);
      extra.push(c);
      return c;
    },
    cleanup: () => {
      for (const c of [...extra, db]) if (c.open) c.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
