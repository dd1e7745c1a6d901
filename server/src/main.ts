/**
 * The process: reads the environment, starts the server, prints the line tests and scripts wait
 * for, and shuts down cleanly on SIGTERM/SIGINT (exit 0 within 10 s, forced at 10 s).
 */
import { ConfigError, parseConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { DataDirError } from './persistence/database.ts';
import { startServer } from './start-server.ts';

const FORCE_EXIT_MS = 10_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`taskflow: ${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel);

  // Hocuspocus runs some hook chains without awaiting them (onChange, onAwarenessUpdate, …); a
  // rejection there must not take the process, and every document connection, down with it.
  process.on('unhandledRejection', (reason) =>
    logger.error({ err: reason }, 'unhandled rejection (kept running)'),
  );

  const server = await startServer({
    port: config.port,
    host: config.host,
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    redisUrl: config.redisUrl,
    staticDir: config.staticDir,
    logger,
    maxFrameBytes: config.maxFrameBytes,
    dbSynchronous: config.dbSynchronous,
    compactEvery: config.compactEvery,
    checkpointEvery: config.checkpointEvery,
    historyKeepDays: config.historyKeepDays,
    ...(config.allowedOrigins ? { allowedOrigins: config.allowedOrigins } : {}),
    trustProxy: config.trustProxy,
    ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
    cookieSecure: config.cookieSecure,
    requireEmailVerification: config.requireEmailVerification,
    smtpUrl: config.smtpUrl,
    mailFrom: config.mailFrom,
    tickMs: config.tickMs,
    leaseRetryMs: config.leaseRetryMs,
    tracing: config.tracing,
    metricsToken: config.metricsToken,
    readyMinFreeBytes: config.readyMinFreeBytes,
    docIdleUnloadMs: config.docIdleUnloadMs,
    rateLimits: config.rateLimits,
    emailBreaker: config.emailBreaker,
    importMaxBytes: config.importMaxBytes,
    now: fakeClock(process.env.TASKFLOW_FAKE_NOW),
  });
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  process.stdout.write(`taskflow listening on http://${host}:${server.port}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown took longer than 10 s: forcing exit');
      process.exit(1);
    }, FORCE_EXIT_MS).unref();
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/**
 * Test hook for child-process tests: TASKFLOW_FAKE_NOW (ms since the epoch) starts the server's
 * clock at that instant; it then runs at real speed. Not for production: unset, the clock is Date.now.
 */
function fakeClock(value: string | undefined): (() => number) | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const start = Number(value);
  if (!Number.isFinite(start)) throw new Error('TASKFLOW_FAKE_NOW must be milliseconds since the epoch');
  const realStart = Date.now();
  return () => start + (Date.now() - realStart);
}

main().catch((error: unknown) => {
  // An operator's mistake, named in one line; anything else is ours and keeps its stack.
  if (error instanceof DataDirError) {
    process.stderr.write(`taskflow: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(
    `taskflow: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
