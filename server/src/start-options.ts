/** What startServer takes and gives back: one process's options (main.ts fills them from the environment). */
import type * as Y from 'yjs';
import type { TickResult } from './automations/ticker.ts';
import type { CookieSecure, EmailBreakerConfig, RateLimitConfig } from './config.ts';
import type { Logger } from './logger.ts';
import type { TracingOptions } from './observability/tracing.ts';
import type { Synchronous } from './persistence/database.ts';
import type { LimitOptions } from './services.ts';

export type StartOptions = {
  dataDir: string;
  /**
   * PostgreSQL instead of SQLite (issue 16). DATA_DIR still holds the signing key, the unsubscribe
   * secret and the mail file. Unset: SQLite in dataDir.
   */
  databaseUrl?: string | undefined;
  /**
   * Redis between processes (issue 16: document updates, awareness, pushes, rate limits); only
   * with databaseUrl. Unset: this process is the only one.
   */
  redisUrl?: string | undefined;
  port?: number;
  host?: string;
  staticDir?: string;
  logger?: Logger;
  maxFrameBytes?: number;
  dbSynchronous?: Synchronous;
  compactEvery?: number;
  /** Rows between history checkpoints (default 2,000). */
  checkpointEvery?: number;
  /** Days of history to keep; unset: forever. */
  historyKeepDays?: number | undefined;
  /** How long a write waits for another process's lock before it fails (default 5,000 ms). */
  busyTimeoutMs?: number;
  /**
   * Called with the open database before anything uses it: tests inject storage faults at the
   * edge of the world here (a full disk as `max_page_count`), never by replacing our own parts.
   * SQLite only (not called with databaseUrl).
   */
  onDatabase?: (db: import('better-sqlite3').Database) => void;
  /** Browser origins allowed for the WebSocket and cookie routes; default: the server's own. */
  allowedOrigins?: string[];
  /** Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client; default none. */
  trustProxy?: string[];
  /** Base of invitation links; default: the request's origin. */
  publicUrl?: string;
  cookieSecure?: CookieSecure;
  /** A new account signs in only after following its emailed link (default false). */
  requireEmailVerification?: boolean;
  limits?: LimitOptions;
  /** Per-minute rate limits by scope (protection/rate-limiter.ts; 0: off); unset ones take DEFAULTS. */
  rateLimits?: Partial<RateLimitConfig>;
  /** The email circuit breaker (notifications/sender-loop.ts); unset fields take DEFAULTS. */
  emailBreaker?: Partial<EmailBreakerConfig>;
  /** The clock of reminders, recurrence and notifications; tests inject one. Default Date.now. */
  now?: (() => number) | undefined;
  /** Unset: mail is appended to DATA_DIR/outbox-mail.jsonl. */
  smtpUrl?: string | undefined;
  mailFrom?: string;
  /** PostgreSQL: how often a process tries for the ticker's and sender's leases (default 5 s). */
  leaseRetryMs?: number;
  /** Ticker period (default 15 s). */
  tickMs?: number;
  /** Outbox sender period (default 5 s). */
  senderMs?: number;
  /** Delay between a document change and its schedule projection (default 1 s). */
  projectionDebounceMs?: number;
  /** How long a document nobody uses stays loaded (default 5 min; 0: unload on the last close). */
  docIdleUnloadMs?: number;
  /** Bearer token for GET /metrics; unset: loopback clients only. */
  metricsToken?: string | undefined;
  /** /readyz fails below this much free space in the data directory (default 100 MiB). */
  readyMinFreeBytes?: number;
  /** The largest import file (and request body) the import routes take (default 10 MiB). */
  importMaxBytes?: number;
  /** OTLP/HTTP tracing (observability/tracing.ts); unset: off, no SDK started. */
  tracing?: TracingOptions | undefined;
};

export type RunningServer = {
  port: number;
  /** `http://host:port` */
  url: string;
  /** Stops accepting, closes sockets, compacts, closes the database. Safe to call twice. */
  close(): Promise<void>;
  /** Runs one ticker pass and one sender pass now (tests; the loops run on their own too). */
  tick(): Promise<TickResult>;
  /** The loaded workspace document the server edits, if loaded (tests count the reads made on it). */
  document(name: string): Y.Doc | undefined;
  /** How many times a document was loaded and unloaded so far (tests). */
  documentLoads(name: string): { loads: number; unloads: number };
  /** Exports every ended span now (tracing on; close flushes too). */
  flushTraces(): Promise<void>;
};
