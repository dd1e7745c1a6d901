/**
 * Online backup of a data directory while the server serves it (issue 15). The database is copied
 * with SQLite's backup API in ONE step: the step holds one read transaction for the whole copy, so
 * the copy is the database exactly as of one commit. In WAL mode a reader never blocks the writer,
 * so the server keeps appending and acknowledging meanwhile. (A copy in many small steps would be
 * restarted by SQLite each time the server commits between two of them: under steady load it might
 * never finish.)
 *
 * The backup is a directory that is itself a valid DATA_DIR: the database, the token-signing key
 * and the unsubscribe secret (without them a restored server signs everyone out and old unsubscribe
 * links stop working), and `backup.json` saying what was copied. Restoring is: stop the server,
 * replace DATA_DIR's files with the backup's (removing any stale `-wal`/`-shm`), start.
 *
 * Everything is written into a sibling temporary directory first and renamed into place at the
 * end, so a failed backup never leaves a half-written one under the name asked for.
 */
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DATABASE_FILE } from './database.ts';

/** Files besides the database that a restored server needs to carry on as before. */
export const KEPT_FILES = ['signing-key.json', 'unsubscribe-secret'] as const;
export const MANIFEST_FILE = 'backup.json';

export class BackupError extends Error {
  override name = 'BackupError';
}

export type BackupManifest = {
  format: 'taskflow-backup';
  version: 1;
  takenAt: string;
  /** Schema version of the copied database. */
  schemaVersion: number;
  /** The newest update row in the copy: every change acknowledged before the backup began is at or below it. */
  lastUpdateId: number;
  databaseBytes: number;
  files: string[];
};

export type BackupOptions = {
  dataDir: string;
  /** The directory to create. */
  target: string;
  /** Replace an existing backup directory at `target`. */
  force?: boolean;
  /** How long to wait for a lock the server holds (ms). */
  busyTimeoutMs?: number;
  now?: () => number;
};

export async function backupDataDir(options: BackupOptions): Promise<BackupManifest & { ms: number }> {
  const started = performance.now();
  const dataDir = path.resolve(options.dataDir);
  const target = path.resolve(options.target);
  const source = path.join(dataDir, DATABASE_FILE);
  if (!existsSync(source)) {
    throw new BackupError(`No database at ${source}: is DATA_DIR right? Nothing was written.`);
  }
  if (existsSync(target)) {
    if (!options.force) {
      throw new BackupError(`${target} already exists. Choose a new name, or pass --force to replace it.`);
    }
    if (!statSync(target).isDirectory() || !existsSync(path.join(target, MANIFEST_FILE))) {
      // --force replaces a backup, never some other file or directory a typo pointed at.
      throw new BackupError(`${target} exists and is not a Taskflow backup; refusing to replace it.`);
    }
  }
  if (target === dataDir || target.startsWith(`${dataDir}${path.sep}`)) {
    throw new BackupError('The backup must not be written inside DATA_DIR.');
  }
  mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(partial, { mode: 0o700 });
  try {
    const copy = path.join(partial, DATABASE_FILE);
    // Read-only: the backup can never write to the live database. The busy timeout rides out a
    // checkpoint or a writer's brief exclusive moment.
    const db = new Database(source, { readonly: true, fileMustExist: true });
    try {
      db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
      // The first step only opens the copy (0 pages); the progress answer makes the next step copy all.
      await db.backup(copy, { progress: () => 0x7fffffff });
    } finally {
      db.close();
    }
    const manifest = inspectCopy(copy, options.now ?? Date.now);
    for (const name of KEPT_FILES) {
      const from = path.join(dataDir, name);
      if (!existsSync(from)) continue;
      copyFileSync(from, path.join(partial, name));
      manifest.files.push(name);
    }
    for (const name of readdirSync(partial)) chmodSync(path.join(partial, name), 0o600);
    writeFileSync(path.join(partial, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode: 0o600,
    });
    if (existsSync(target)) rmSync(target, { recursive: true, force: true });
    renameSync(partial, target);
    return { ...manifest, ms: Math.round(performance.now() - started) };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** Checks the copy and reads what it holds; a copy that fails integrity_check is no backup. */
function inspectCopy(file: string, now: () => number): BackupManifest {
  const db = new Database(file, { fileMustExist: true });
  try {
    // The copy keeps WAL mode from its source; a standalone file is simpler to move around.
    db.pragma('journal_mode = DELETE');
    const check = db.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw new BackupError(`The copy failed SQLite's integrity check: ${String(check)}`);
    const version =
      (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
    const last = (db.prepare('SELECT MAX(id) AS id FROM updates').get() as { id: number | null }).id ?? 0;
    return {
      format: 'taskflow-backup',
      version: 1,
      takenAt: new Date(now()).toISOString(),
      schemaVersion: version,
      lastUpdateId: last,
      databaseBytes: statSync(file).size,
      files: [DATABASE_FILE],
    };
  } finally {
    db.close();
  }
}
