/**
 * `GET /readyz`: whether this process can do its job now, dependency by dependency, for a load
 * balancer or an orchestrator (503 takes it out of rotation) and for the person reading the JSON.
 *
 * Required: the database takes a real write (persistence's `isWritable`), and the data directory's
 * file system has at least `minFreeBytes` free (SQLite fails mid-transaction on a full disk; saying
 * so before it happens gives the operator time). Reported but not required: the email transport.
 * A failing SMTP server delays mail, which the outbox keeps and retries; pulling the only instance
 * out of rotation for it would stop the board too.
 *
 * With several processes (REDIS_URL, issue 16) Redis is required too: `redis` fails while this
 * process cannot reach it (updates from other processes then arrive only through the periodic
 * check of the log) and recovers by itself, as every Redis connection reconnects forever. The
 * database check is the same real write on PostgreSQL as on SQLite.
 */
import { statfs } from 'node:fs/promises';
import type { Handler } from 'hono';
import type { EmailHealth } from './mail-observer.ts';

export type ReadinessOptions = {
  /** A real write now; false when the database is read-only, locked past busy_timeout or full. */
  databaseWritable: () => boolean;
  dataDir: string;
  minFreeBytes: number;
  email: () => EmailHealth;
  /** Whether this process's Redis connections are up now; unset without REDIS_URL (no check). */
  redisConnected?: (() => boolean) | undefined;
};

export type Readiness = {
  status: 'ok' | 'unavailable';
  checks: {
    database: { ok: boolean };
    disk: { ok: boolean; freeBytes: number | null; minFreeBytes: number };
    email: EmailHealth;
    redis?: { ok: boolean };
  };
};

export async function checkReadiness(o: ReadinessOptions): Promise<Readiness> {
  const database = { ok: o.databaseWritable() };
  let freeBytes: number | null = null;
  try {
    const fs = await statfs(o.dataDir);
    // bavail, not bfree: blocks reserved for root are not ours to use.
    freeBytes = fs.bavail * fs.bsize;
  } catch {
    // The data directory vanished or cannot be read: not ready, reported as unknown free space.
  }
  const disk = {
    ok: freeBytes !== null && freeBytes >= o.minFreeBytes,
    freeBytes,
    minFreeBytes: o.minFreeBytes,
  };
  const redis = o.redisConnected ? { ok: o.redisConnected() } : undefined;
  const ready = database.ok && disk.ok && (redis?.ok ?? true);
  return {
    status: ready ? 'ok' : 'unavailable',
    checks: { database, disk, email: o.email(), ...(redis ? { redis } : {}) },
  };
}

export function readinessRoute(o: ReadinessOptions): Handler {
  return async (c) => {
    const result = await checkReadiness(o);
    c.header('cache-control', 'no-store');
    return c.json(result, result.status === 'ok' ? 200 : 503);
  };
}
