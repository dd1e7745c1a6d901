/**
 * The server's configuration, read from the environment once at start (only main.ts calls this).
 * A bad value stops the process with a message naming the variable, instead of surfacing later as
 * a confusing runtime error.
 */

import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** `<repo root>/dist/web`, found from this file so the server works from any working directory. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist/web', import.meta.url));

/**
 * Defaults shared by the environment schema and startServer's options, so a test or the benchmark
 * that starts a server without an option gets what `npm start` gets without the variable.
 */
export const DEFAULTS = {
  port: 8080,
  host: '127.0.0.1',
  maxFrameBytes: 4 * 1024 * 1024,
  dbSynchronous: 'normal',
  compactEvery: 200,
  checkpointEvery: 2_000,
  publicUrl: 'http://localhost:8080',
  mailFrom: 'Taskflow <taskflow@localhost>',
  tickMs: 15_000,
  /** PostgreSQL: how often a process tries for the ticker's and email sender's leases (their failover). */
  leaseRetryMs: 5_000,
  readyMinFreeBytes: 100 * 1024 * 1024,
  docIdleUnloadMs: 5 * 60_000,
  /** The `service.name` of exported spans (OTEL_SERVICE_NAME). */
  serviceName: 'taskflow',
  /**
   * Allowance per minute of each rate limit (protection/rate-limiter.ts), a minute's worth at once
   * at most; 0 turns one off. Far above what a person does by hand, and what a test file does.
   */
  rateLimits: {
    'rest-write:person': 600,
    'rest-write:address': 1_200,
    'sync-connection:person': 60,
    'sync-connection:address': 600,
    'sync-update:person': 3_000,
    'sync-update:address': 12_000,
  },
  emailBreaker: { failureThreshold: 5, coolDownMs: 60_000 },
  importMaxBytes: 10 * 1024 * 1024,
} as const;

/** `10.0.0.1`, `::1`, `10.0.0.0/8`, `fd00::/8`: what net/forwarded.ts builds its trust list from. */
function isAddressOrRange(entry: string): boolean {
  const [address = '', prefix] = entry.split('/');
  const family = isIP(address);
  if (family === 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
}

// An empty variable (`PORT=`) means "not set": z.coerce would otherwise turn it into 0.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema);

const perMinute = (fallback: number) =>
  optional(z.coerce.number().int().min(0).max(10_000_000).default(fallback));

const envSchema = z.object({
  PORT: optional(z.coerce.number().int().min(0).max(65_535).default(DEFAULTS.port)),
  HOST: optional(z.string().min(1).default(DEFAULTS.host)),
  DATA_DIR: optional(z.string().min(1).default('./data')),
  STATIC_DIR: optional(z.string().min(1).default(DEFAULT_STATIC_DIR)),
  LOG_LEVEL: optional(z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
  // Sized above the largest legitimate SyncStep2: a client returning from a long offline stretch.
  MAX_FRAME_BYTES: optional(
    z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .max(256 * 1024 * 1024)
      .default(DEFAULTS.maxFrameBytes),
  ),
  // PostgreSQL instead of SQLite (issue 16): postgres://user:pass@host:5432/db. Unset: SQLite in DATA_DIR.
  DATABASE_URL: optional(
    z
      .url()
      .refine((u) => /^postgres(ql)?:$/.test(new URL(u).protocol), 'must be postgres:// or postgresql://')
      .optional(),
  ),
  // Several processes on one PostgreSQL (issue 16): redis://host:6379 carries document updates,
  // pushes and rate limits between them. Needs DATABASE_URL (SQLite is one process's file).
  REDIS_URL: optional(
    z
      .url()
      .refine((u) => /^rediss?:$/.test(new URL(u).protocol), 'must be redis:// or rediss://')
      .optional(),
  ),
  // normal: a committed update survives a process crash; full: also power loss, at one fsync per update.
  DB_SYNCHRONOUS: optional(z.enum(['normal', 'full']).default(DEFAULTS.dbSynchronous)),
  COMPACT_EVERY: optional(z.coerce.number().int().min(1).max(1_000_000).default(DEFAULTS.compactEvery)),
  CHECKPOINT_EVERY: optional(z.coerce.number().int().min(1).max(1_000_000).default(DEFAULTS.checkpointEvery)),
  // Unset: every change is kept forever. A number: a daily pass removes history older than that.
  HISTORY_KEEP_DAYS: optional(z.coerce.number().int().min(1).max(100_000).optional()),
  // Browser origins allowed to open the sync WebSocket and use the refresh cookie. Unset: only the
  // server's own origin (Origin must equal http(s)://<Host header>).
  ALLOWED_ORIGINS: optional(
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter((o) => o !== ''),
      )
      .pipe(z.array(z.url().transform((u) => new URL(u).origin)).min(1))
      .optional(),
  ),
  // Reverse proxies whose X-Forwarded-For names the client (addresses or CIDR ranges, comma-separated);
  // unset: none, the socket peer is the client (net/forwarded.ts).
  TRUST_PROXY: optional(
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter((o) => o !== ''),
      )
      .superRefine((list, ctx) => {
        for (const entry of list)
          if (!isAddressOrRange(entry))
            ctx.addIssue({ code: 'custom', message: `not an IP address or CIDR range: ${entry}` });
      })
      .optional(),
  ),
  // The address people use to reach Taskflow (invitation links); unset: taken from each request.
  PUBLIC_URL: optional(
    z
      .url()
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
  ),
  // auto: the refresh cookie is Secure when the request reached this process over https. Behind a
  // TLS-terminating proxy requests arrive as http (X-Forwarded-Proto is not trusted): set true.
  COOKIE_SECURE: optional(z.enum(['auto', 'true', 'false']).default('auto')),
  // true: a new account signs in only after following the link mailed to its address.
  REQUIRE_EMAIL_VERIFICATION: optional(
    z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
  ),
  // smtp(s)://user:pass@host:port; unset: emails are appended to DATA_DIR/outbox-mail.jsonl.
  SMTP_URL: optional(
    z
      .url()
      .refine((u) => /^smtps?:$/.test(new URL(u).protocol), 'must be smtp:// or smtps://')
      .optional(),
  ),
  MAIL_FROM: optional(z.string().min(3).max(300).default(DEFAULTS.mailFrom)),
  // How often the reminder/recurrence ticker runs.
  TICK_MS: optional(z.coerce.number().int().min(100).max(3_600_000).default(DEFAULTS.tickMs)),
  // With DATABASE_URL: how often a process tries for the ticker's and sender's leases (failover time).
  LEASE_RETRY_MS: optional(z.coerce.number().int().min(100).max(600_000).default(DEFAULTS.leaseRetryMs)),
  // Tracing is opt-in, by OpenTelemetry's own variables: the OTLP/HTTP collector's base address
  // (spans go to <endpoint>/v1/traces as JSON). Unset: no tracing SDK is started at all.
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(
    z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// address' }).optional(),
  ),
  OTEL_SERVICE_NAME: optional(z.string().trim().min(1).max(200).default(DEFAULTS.serviceName)),
  // Bearer token for GET /metrics; unset: /metrics answers loopback clients only. 16+ characters,
  // so it cannot be guessed by trying (it is compared in constant time, never logged).
  METRICS_TOKEN: optional(z.string().trim().min(16, 'must be at least 16 characters').max(512).optional()),
  // /readyz says not ready when the data directory's file system has less free space than this.
  READY_MIN_FREE_BYTES: optional(
    z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(DEFAULTS.readyMinFreeBytes),
  ),
  // How long a workspace document nobody uses (no open board, no REST request) stays in memory;
  // 0 unloads it as soon as the last one leaves (each REST request then loads it again).
  DOC_IDLE_UNLOAD_MS: optional(
    z.coerce.number().int().min(0).max(86_400_000).default(DEFAULTS.docIdleUnloadMs),
  ),
  // Rate limits, per minute (0: off). Per address means the peer's socket address: behind a
  // reverse proxy every client has the proxy's, so raise or turn off the *_PER_ADDRESS ones there.
  RATE_LIMIT_REST_WRITES_PER_PERSON: perMinute(DEFAULTS.rateLimits['rest-write:person']),
  RATE_LIMIT_REST_WRITES_PER_ADDRESS: perMinute(DEFAULTS.rateLimits['rest-write:address']),
  RATE_LIMIT_SYNC_CONNECTIONS_PER_PERSON: perMinute(DEFAULTS.rateLimits['sync-connection:person']),
  RATE_LIMIT_SYNC_CONNECTIONS_PER_ADDRESS: perMinute(DEFAULTS.rateLimits['sync-connection:address']),
  RATE_LIMIT_SYNC_UPDATES_PER_PERSON: perMinute(DEFAULTS.rateLimits['sync-update:person']),
  RATE_LIMIT_SYNC_UPDATES_PER_ADDRESS: perMinute(DEFAULTS.rateLimits['sync-update:address']),
  // The email circuit breaker: transport failures in a row that pause sending, and for how long.
  EMAIL_BREAKER_FAILURES: optional(
    z.coerce.number().int().min(1).max(1_000).default(DEFAULTS.emailBreaker.failureThreshold),
  ),
  EMAIL_BREAKER_COOLDOWN_MS: optional(
    z.coerce.number().int().min(1_000).max(86_400_000).default(DEFAULTS.emailBreaker.coolDownMs),
  ),
  // The largest import file a request may carry (Trello JSON, Jira CSV): larger ones are refused
  // with 413 from the Content-Length alone, before the body is read.
  IMPORT_MAX_BYTES: optional(
    z.coerce
      .number()
      .int()
      .min(64 * 1024)
      .max(1024 * 1024 * 1024)
      .default(DEFAULTS.importMaxBytes),
  ),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  /** PostgreSQL's URL; unset: SQLite in dataDir. */
  databaseUrl: string | undefined;
  /** Redis between processes; only with databaseUrl. Unset: one process. */
  redisUrl: string | undefined;
  staticDir: string;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  maxFrameBytes: number;
  dbSynchronous: 'normal' | 'full';
  compactEvery: number;
  checkpointEvery: number;
  historyKeepDays: number | undefined;
  allowedOrigins: string[] | undefined;
  trustProxy: string[];
  publicUrl: string | undefined;
  cookieSecure: CookieSecure;
  requireEmailVerification: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  tickMs: number;
  leaseRetryMs: number;
  /** Unset: tracing off. */
  tracing: { endpoint: string; serviceName: string } | undefined;
  metricsToken: string | undefined;
  readyMinFreeBytes: number;
  docIdleUnloadMs: number;
  rateLimits: RateLimitConfig;
  emailBreaker: EmailBreakerConfig;
  importMaxBytes: number;
};

export type CookieSecure = 'auto' | 'true' | 'false';

/** Per minute, by scope (protection/rate-limiter.ts); 0: off. */
export type RateLimitConfig = { [K in keyof typeof DEFAULTS.rateLimits]: number };
export type EmailBreakerConfig = { failureThreshold: number; coolDownMs: number };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.REDIS_URL !== undefined && e.DATABASE_URL === undefined) {
    throw new ConfigError(
      'Invalid environment:\n  REDIS_URL: needs DATABASE_URL (several processes share PostgreSQL, not one SQLite file)',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    staticDir: e.STATIC_DIR,
    logLevel: e.LOG_LEVEL,
    maxFrameBytes: e.MAX_FRAME_BYTES,
    dbSynchronous: e.DB_SYNCHRONOUS,
    compactEvery: e.COMPACT_EVERY,
    checkpointEvery: e.CHECKPOINT_EVERY,
    historyKeepDays: e.HISTORY_KEEP_DAYS,
    allowedOrigins: e.ALLOWED_ORIGINS,
    trustProxy: e.TRUST_PROXY ?? [],
    publicUrl: e.PUBLIC_URL,
    cookieSecure: e.COOKIE_SECURE,
    requireEmailVerification: e.REQUIRE_EMAIL_VERIFICATION,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    tickMs: e.TICK_MS,
    leaseRetryMs: e.LEASE_RETRY_MS,
    tracing: e.OTEL_EXPORTER_OTLP_ENDPOINT
      ? { endpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: e.OTEL_SERVICE_NAME }
      : undefined,
    metricsToken: e.METRICS_TOKEN,
    readyMinFreeBytes: e.READY_MIN_FREE_BYTES,
    docIdleUnloadMs: e.DOC_IDLE_UNLOAD_MS,
    rateLimits: {
      'rest-write:person': e.RATE_LIMIT_REST_WRITES_PER_PERSON,
      'rest-write:address': e.RATE_LIMIT_REST_WRITES_PER_ADDRESS,
      'sync-connection:person': e.RATE_LIMIT_SYNC_CONNECTIONS_PER_PERSON,
      'sync-connection:address': e.RATE_LIMIT_SYNC_CONNECTIONS_PER_ADDRESS,
      'sync-update:person': e.RATE_LIMIT_SYNC_UPDATES_PER_PERSON,
      'sync-update:address': e.RATE_LIMIT_SYNC_UPDATES_PER_ADDRESS,
    },
    emailBreaker: { failureThreshold: e.EMAIL_BREAKER_FAILURES, coolDownMs: e.EMAIL_BREAKER_COOLDOWN_MS },
    importMaxBytes: e.IMPORT_MAX_BYTES,
  };
}
