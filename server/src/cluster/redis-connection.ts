/**
 * How every cluster module connects to Redis: one place for the choices that decide what happens
 * when Redis is away (issue 16: the process keeps serving, and recovers by itself when it returns).
 *
 * - Commands fail at once while disconnected (`enableOfflineQueue: false`, no per-request retries):
 *   a publish or a rate-limit check must not wait for Redis, and a queue replayed minutes later
 *   would be worse than nothing (the database is where a missed update is found again).
 *   The subscriber connection is the exception: its SUBSCRIBE commands are re-sent by the doc bus
 *   itself on every `ready`, so it keeps no queue either.
 * - Reconnects forever, backing off to `maxBackoffMs`: Redis coming back is the normal end of an
 *   outage, never a reason to restart the process.
 * - Connection errors are logged once per outage (not once per retry) and never thrown: ioredis
 *   prints "Unhandled error event" for an `error` without a listener.
 */
import { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';

export type RedisConnectionOptions = {
  url: string;
  /** What this connection is for, in its log lines and its CLIENT SETNAME (`taskflow:<role>`). */
  role: string;
  logger: Logger;
  /** Longest wait between reconnect attempts. */
  maxBackoffMs?: number;
  /** A command that gets no answer in this time fails (a Redis that accepts but hangs). */
  commandTimeoutMs?: number;
};

const DEFAULT_MAX_BACKOFF_MS = 1_000;
const DEFAULT_COMMAND_TIMEOUT_MS = 1_000;

export function connectRedis(o: RedisConnectionOptions): Redis {
  const maxBackoff = o.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  const redis = new Redis(o.url, {
    connectionName: `taskflow:${o.role}`,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResubscribe: false,
    commandTimeout: o.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 10), maxBackoff),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    o.logger.warn({ role: o.role, err: { message: error.message } }, 'redis unreachable; retrying');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    o.logger.info({ role: o.role }, 'redis reachable again');
  });
  return redis;
}

/** Closes a connection without waiting on a Redis that may be gone. */
export function closeRedis(redis: Redis): void {
  redis.disconnect(false);
}
