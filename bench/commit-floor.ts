/**
 * The floor of a durable move: one SQLite commit of a move-sized row, alone, on the same disk as
 * the servers' data (the OS temp dir), WAL as Taskflow opens it, with `synchronous` NORMAL (what a
 * server gets by default: durable across a process crash, no fsync per commit) or FULL (durable
 * across a power cut: one fsync of the WAL per commit). No Yjs, no socket: what any server that
 * stores each update before relaying it pays at least, to set beside the in-memory reference.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type Synchronous = 'normal' | 'full';

export type CommitFloor = {
  /** Makes `count` commits, one at a time; each one's ms. */
  commits(count: number): number[];
  close(): void;
};

/** A card move's update is about this size (bench/clients.ts's moves: 150–180 bytes). */
const ROW_BYTES = 170;

export function commitFloor(synchronous: Synchronous): CommitFloor {
  const dir = mkdtempSync(join(tmpdir(), 'taskflow-bench-commit-'));
  const db = new Database(join(dir, 'floor.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.exec('CREATE TABLE updates (id INTEGER PRIMARY KEY, document TEXT NOT NULL, data BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO updates (document, data) VALUES (?, ?)');
  const commit = db.transaction((data: Buffer) => insert.run('default', data));
  const data = Buffer.alloc(ROW_BYTES, 7);
  return {
    commits(count) {
      const samples: number[] = [];
      for (let i = 0; i < count; i++) {
        const t = performance.now();
        commit(data);
        samples.push(performance.now() - t);
      }
      return samples;
    },
    close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
