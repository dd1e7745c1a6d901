/**
 * Wires one process, one port: the HTTP app, the /sync WebSocket and SQLite persistence. Tests and
 * the benchmark call this directly; main.ts calls it with the environment's configuration.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { getRequestListener } from '@hono/node-server';
import { ClusterRoles } from './automations/roles.ts';
import { ScheduleProjection } from './automations/schedule-projection.ts';
import { Ticker } from './automations/ticker.ts';
import { AwarenessBus } from './cluster/awareness-bus.ts';
import { DocBus } from './cluster/doc-bus.ts';
import { PushBus } from './cluster/push-bus.ts';
import { RedisRateLimiter } from './cluster/redis-rate-limiter.ts';
import { DEFAULT_STATIC_DIR, DEFAULTS } from './config.ts';
import { createHistory } from './history/history-services.ts';
import { createApp } from './http/app.ts';
import { createLogger } from './logger.ts';
import { proxyTrust } from './net/forwarded.ts';
import { hostPolicy } from './net/host.ts';
import { DocumentEvents } from './notifications/doc-events.ts';
import { createMailer } from './notifications/mail-transport.ts';
import { NotificationPush } from './notifications/push.ts';
import { SenderLoop } from './notifications/sender-loop.ts';
import { observeMailer } from './observability/mail-observer.ts';
import { traceMailer } from './observability/mail-tracing.ts';
import { createMetrics } from './observability/metrics.ts';
import { syncTiming } from './observability/sync-timing.ts';
import { SyncTracing } from './observability/sync-tracing.ts';
import { startTracing } from './observability/tracing.ts';
import { openDatabase, openPostgres, prepareDataDir } from './persistence/database.ts';
import type { Database } from './persistence/engine/port.ts';
import { UpdateLog } from './persistence/update-log.ts';
import { type Limiter, RATE_SCOPES, RateLimiter, type RateScope } from './protection/rate-limiter.ts';
import { syncLimits } from './protection/sync-limits.ts';
import { ReportTimelines } from './reports/timeline-cache.ts';
import { createServices } from './services.ts';
import type { RunningServer, StartOptions } from './start-options.ts';
import { createSyncServer } from './sync/sync-server.ts';
import { useTaskNumberAllocator } from './sync/task-numbering.ts';
import { unloadAll } from './sync/unload.ts';
import { mountSync } from './sync/websocket.ts';

export type { RunningServer, StartOptions } from './start-options.ts';

/** How long sockets get to close politely before they are cut. */
const SOCKET_GRACE_MS = 2_000;

export async function startServer(options: StartOptions): Promise<RunningServer> {
  if (options.redisUrl !== undefined && options.databaseUrl === undefined) {
    throw new Error('redisUrl needs databaseUrl: several processes share PostgreSQL, not one SQLite file');
  }
  const baseLogger = options.logger ?? createLogger('silent');
  // Several processes write to one log stream: each line says which one (issue 16).
  const logger =
    options.redisUrl === undefined
      ? baseLogger
      : baseLogger.child({ instance: `${hostname()}:${process.pid}` });
  // Per server, never prom-client's global registry: tests run several servers in one process.
  const metrics = createMetrics();
  const host = options.host ?? DEFAULTS.host;
  const db = openEngine(options);
  const log = new UpdateLog(db);
  // Updates between processes (docs/SCALE-OUT.md): Redis is the fast path, the log the way back.
  const bus =
    options.redisUrl === undefined
      ? undefined
      : new DocBus({
          redisUrl: options.redisUrl,
          logger,
          readSince: async (document, afterSeq) => log.readSince(document, afterSeq),
        });
  const awarenessBus =
    options.redisUrl === undefined ? undefined : new AwarenessBus({ redisUrl: options.redisUrl, logger });
  let services: Awaited<ReturnType<typeof createServices>>;
  try {
    services = await createServices(
      db,
      options.dataDir,
      options.limits,
      options.now ?? Date.now,
      options.redisUrl === undefined ? undefined : { redisUrl: options.redisUrl, logger },
    );
  } catch (error) {
    await bus?.close();
    awarenessBus?.close();
    db.close();
    throw error;
  }
  // Per server, never the global tracer provider: tests run several servers in one process.
  const tracing = startTracing(options.tracing, logger);
  const syncTracing = tracing.tracer ? new SyncTracing(tracing.tracer) : undefined;
  const projection = new ScheduleProjection({
    workspaces: services.workspaces,
    users: services.users,
    automationSettings: services.automationSettings,
    schedule: services.schedule,
    backfill: services.backfill,
    log,
    logger,
    now: services.now,
    debounceMs: options.projectionDebounceMs,
  });
  const history = createHistory(db, {
    atomically: services.atomically,
    logger,
    keepDays: options.historyKeepDays,
    now: services.now,
  });
  const localPush = new NotificationPush(services.inApp);
  // REDIS_URL: unread counts reach a person's tabs on every process (issue 16); the callers take either.
  const pushBus =
    options.redisUrl === undefined
      ? undefined
      : new PushBus({
          redisUrl: options.redisUrl,
          logger,
          pushLocal: (ids) => localPush.unreadChanged(ids),
          onResync: () => localPush.resyncAll(),
        });
  const push: Pick<NotificationPush, 'unreadChanged'> = pushBus ?? localPush;
  const docEvents = new DocumentEvents({
    workspaces: services.workspaces,
    users: services.users,
    inApp: services.inApp,
    outbox: services.outbox,
    now: services.now,
    push,
    views: services.taskViews,
    log,
    logger,
  });
  // REST writes, sync connections and sync updates, per person and per address (issue 15).
  const rateLimits = { ...DEFAULTS.rateLimits, ...options.rateLimits };
  const localLimiter = new RateLimiter({
    limits: rateLimits,
    now: services.now,
    onRefused: (scope) => metrics.rateLimitRefusals.inc({ scope }),
  });
  // REDIS_URL: one allowance across every process (issue 16); while Redis is away each process
  // enforces its own (fail open onto the in-process buckets, never unlimited).
  const redisLimiter =
    options.redisUrl === undefined
      ? undefined
      : new RedisRateLimiter<RateScope>({
          redisUrl: options.redisUrl,
          limits: rateLimits,
          logger,
          onRefused: (scope) => metrics.rateLimitRefusals.inc({ scope }),
          fallback: localLimiter,
          onFailOpen: () => metrics.rateLimitFailOpen.inc(),
        });
  const rateLimiter: Limiter = redisLimiter ?? localLimiter;
  for (const scope of RATE_SCOPES) metrics.rateLimitRefusals.inc({ scope }, 0);
  const limits = syncLimits(rateLimiter, logger);
  const { hocuspocus, persistence, live, idle } = createSyncServer({
    log,
    logger,
    idleUnloadMs: options.docIdleUnloadMs ?? DEFAULTS.docIdleUnloadMs,
    compactEvery: options.compactEvery ?? DEFAULTS.compactEvery,
    checkpointEvery: options.checkpointEvery ?? DEFAULTS.checkpointEvery,
    authenticator: services.authenticator,
    workspaces: services.workspaces,
    revoked: services.revoked,
    syncClients: services.syncClients,
    entities: services.entities,
    extensions: [history.projector.extension, projection.extension, docEvents.extension, syncTiming(metrics)],
    guards: [limits.extension],
    tracing: syncTracing,
    metrics,
    bus,
    awarenessBus,
    // A view can always be rebuilt from its checkpoint: a failure here only costs the first request.
    afterCheckpoint: (name, uptoId, doc) => {
      try {
        history.boards.keepView(name, uptoId, doc);
      } catch (error) {
        logger.warn({ err: error, document: name }, 'could not keep a board view beside a checkpoint');
      }
    },
    // Each effect in a savepoint of its own: a failed notification must not roll back the update's
    // activity entries (the projector then believes them written: a gap in history).
    afterAppend: (name, row) => {
      history.projector.afterAppend(name, row);
      try {
        services.atomically(() => {
          projection.markStale(name);
          docEvents.afterAppend(name, row.id, row.userId);
        });
      } catch (error) {
        logger.error({ err: error, document: name }, 'effects of an update failed (update kept)');
      }
    },
  });
  localPush.attach(live);
  // Several processes on one PostgreSQL: task numbers come from the database (issue 16).
  if (options.databaseUrl !== undefined)
    useTaskNumberAllocator(hocuspocus, (name) => services.taskNumbers.allocatorFor(name));
  // /readyz says `circuit-open` while the sender's breaker pauses sending (read at request time,
  // once the sender loop below exists).
  const email = observeMailer(
    createMailer({ smtpUrl: options.smtpUrl, dataDir: options.dataDir }),
    metrics,
    (): boolean => senderLoop.breaker.state === 'open',
  );
  const mailer = traceMailer(email.mailer, tracing.tracer);
  // PostgreSQL: one ticker and one sender across every process, each on an advisory lease (issue 16).
  const roles =
    options.databaseUrl === undefined
      ? undefined
      : new ClusterRoles({ databaseUrl: options.databaseUrl, logger, retryMs: options.leaseRetryMs });
  const ticker = new Ticker({
    schedule: services.schedule,
    fired: services.fired,
    leases: roles?.tickerLease ?? services.leases,
    holder: services.holder,
    outbox: services.outbox,
    inApp: services.inApp,
    automationSettings: services.automationSettings,
    workspaces: services.workspaces,
    users: services.users,
    now: services.now,
    hocuspocus,
    push,
    logger,
    tickMs: options.tickMs ?? DEFAULTS.tickMs,
    metrics,
    tracer: tracing.tracer,
  });
  const senderLoop = new SenderLoop({
    outbox: services.outbox,
    atomically: services.atomically,
    prefs: services.prefs,
    users: services.users,
    workspaces: services.workspaces,
    inApp: services.inApp,
    unsubscribeSecret: services.unsubscribeSecret,
    now: services.now,
    mailer,
    push,
    logger,
    from: options.mailFrom ?? DEFAULTS.mailFrom,
    publicUrl: options.publicUrl ?? DEFAULTS.publicUrl,
    intervalMs: options.senderMs ?? Math.min(5_000, options.tickMs ?? DEFAULTS.tickMs),
    breaker: { ...DEFAULTS.emailBreaker, ...options.emailBreaker },
  });
  const origins = { allowed: options.allowedOrigins };
  const hosts = hostPolicy({ publicUrl: options.publicUrl, allowedOrigins: options.allowedOrigins });
  const proxies = proxyTrust(options.trustProxy ?? []);
  const { app } = createApp({
    staticDir: options.staticDir ?? DEFAULT_STATIC_DIR,
    readiness: {
      databaseWritable: () => persistence.isWritable(),
      dataDir: options.dataDir,
      minFreeBytes: options.readyMinFreeBytes ?? DEFAULTS.readyMinFreeBytes,
      email: () => email.health(),
      redisConnected: bus && awarenessBus ? () => bus.connected && awarenessBus.connected : undefined,
    },
    metrics: { instruments: metrics, access: { token: options.metricsToken } },
    tracer: tracing.tracer,
    logger,
    hosts,
    proxies,
    api: {
      users: services.users,
      revoked: services.revoked,
      refreshTokens: services.refreshTokens,
      accountTokens: services.accountTokens,
      requireEmailVerification: options.requireEmailVerification ?? false,
      workspaces: services.workspaces,
      invitations: services.invitations,
      entities: services.entities,
      key: services.key,
      authenticator: services.authenticator,
      loginLimiter: services.loginLimiter,
      rateLimiter,
      registerLimiter: services.registerLimiter,
      unsubscribeSecret: services.unsubscribeSecret,
      schedule: services.schedule,
      fired: services.fired,
      history,
      reports: new ReportTimelines(history.store, history.projector),
      automationSettings: services.automationSettings,
      outbox: services.outbox,
      inApp: services.inApp,
      prefs: services.prefs,
      atomically: services.atomically,
      now: services.now,
      hocuspocus,
      live,
      projection,
      push,
      logger,
      origins,
      publicUrl: options.publicUrl,
      cookieSecure: options.cookieSecure ?? 'auto',
      metrics,
      importMaxBytes: options.importMaxBytes ?? DEFAULTS.importMaxBytes,
      workspaceTransfer: services.workspaceTransfer,
    },
  });
  const httpServer = createServer(getRequestListener(app.fetch));
  const sockets = mountSync(httpServer, hocuspocus, {
    maxFrameBytes: options.maxFrameBytes ?? DEFAULTS.maxFrameBytes,
    logger,
    origins,
    hosts,
    proxies,
    admitSocket: limits.admitSocket,
  });

  try {
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen({ port: options.port ?? DEFAULTS.port, host }, () => {
        httpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    live.stop();
    mailer.close();
    await bus?.close();
    awarenessBus?.close();
    // The Redis connections too: a port already taken must not leave them reconnecting forever.
    await pushBus?.close();
    await redisLimiter?.close();
    await services.close();
    persistence.close();
    await tracing.shutdown();
    throw error;
  }
  metrics.watch({
    // Sockets only: Hocuspocus's own count adds direct connections, and idle-unload.ts holds every
    // loaded document with one, so it read as connections + loaded documents.
    syncConnections: () =>
      [...hocuspocus.documents.values()].reduce((n, d) => n + d.getConnections().length, 0),
    documentsLoaded: () => hocuspocus.getDocumentsCount(),
    outbox: () => services.outbox.depth(),
    emailCircuitOpen: () => senderLoop.breaker.state === 'open',
    ...(roles
      ? { leasesHeld: () => ({ ticker: roles.held('ticker'), 'email-sender': roles.held('email-sender') }) }
      : {}),
    ...(bus ? { cluster: () => bus.stats } : {}),
    reminderLagSeconds: () => {
      const now = services.now();
      const due = services.schedule.dueReminders(now, 1)[0]?.nextReminderAt;
      return due == null ? 0 : (now - due) / 1000;
    },
  });
  projection.backfillOnce();
  projection.catchUp();
  if (roles) roles.start({ ticker, 'email-sender': senderLoop });
  else {
    ticker.start();
    senderLoop.start();
  }
  history.purge.start();
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  logger.info({ url, dataDir: options.dataDir }, 'listening');

  let closing: Promise<void> | undefined;
  const close = async () => {
    const httpClosed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
    httpServer.closeIdleConnections();
    live.stop();
    await roles?.stop();
    await ticker.stop();
    await senderLoop.stop();
    await history.purge.stop();
    mailer.close();
    await sockets.close(SOCKET_GRACE_MS);
    idle.stop();
    persistence.compactAll();
    await unloadAll(hocuspocus, SOCKET_GRACE_MS);
    // After the unloads (each closed its subscription), before the database: a catch-up reads it.
    await bus?.close();
    awarenessBus?.close();
    projection.stop();
    await pushBus?.close();
    await redisLimiter?.close();
    await services.close();
    // Every accepted update is already on disk; this only folds the logs into snapshots.
    persistence.close();
    httpServer.closeAllConnections();
    await httpClosed;
    // Last: the spans of everything above (the final ticker pass, sends) are exported before it ends.
    await tracing.shutdown();
    logger.info('stopped');
  };
  return {
    port,
    url,
    document: (name) => hocuspocus.documents.get(name),
    documentLoads: (name) => ({ loads: idle.loads(name), unloads: idle.unloads(name) }),
    flushTraces: () => tracing.flush(),
    tick: async () => {
      const result = await ticker.tickOnce();
      await senderLoop.workOnce();
      return result;
    },
    close: () => {
      closing ??= close();
      return closing;
    },
  };
}

/** SQLite in the data directory, or PostgreSQL when a URL is given; migrated either way. */
function openEngine(options: StartOptions): Database {
  const busyTimeoutMs =
    options.busyTimeoutMs === undefined ? undefined : Math.max(0, Math.floor(options.busyTimeoutMs));
  if (options.databaseUrl !== undefined) {
    // The data directory still holds the keys and the mail file: check it as SQLite's open does.
    prepareDataDir(options.dataDir);
    return openPostgres({ url: options.databaseUrl, lockTimeoutMs: busyTimeoutMs });
  }
  const sqlite = openDatabase({
    dataDir: options.dataDir,
    synchronous: options.dbSynchronous ?? DEFAULTS.dbSynchronous,
  });
  if (busyTimeoutMs !== undefined) sqlite.pragma(`busy_timeout = ${busyTimeoutMs}`);
  options.onDatabase?.(sqlite);
  return sqlite;
}
