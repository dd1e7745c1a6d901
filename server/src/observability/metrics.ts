/**
 * The server's Prometheus instruments, one set per server (startServer makes it): tests run several
 * servers in one process, so nothing here touches prom-client's global default registry.
 *
 * Two kinds of value:
 * - counted where they happen (appends, HTTP requests, ticker passes, email attempts, login
 *   failures, rate-limit refusals): the module that reports is handed the instruments it uses
 *   (`Pick<Metrics, …>`) in its options; each costs a few hundred nanoseconds;
 * - read at scrape time (connections, loaded documents, outbox depth and dead letters, reminder
 *   lag, the email circuit): gauges whose `collect` asks a source `watch` was given, so the hot
 *   paths do nothing for them and a scrape sees the value of that moment.
 *
 * This folder imports no other server folder (every layer may be handed these instruments).
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What the scrape-time gauges read; start-server.ts supplies them once the parts exist. */
export type MetricSources = {
  /** Open sync connections (one per document a socket opened). */
  syncConnections: () => number;
  documentsLoaded: () => number;
  /** Emails waiting to be sent (due or backing off; not those held for a digest), and dead letters. */
  outbox: () => { waiting: number; dead: number };
  /** Seconds since the most overdue reminder that has not fired yet became due; 0 when none is due. */
  reminderLagSeconds: () => number;
  /** Whether the email sender's circuit breaker is open (it is not trying to send). */
  emailCircuitOpen: () => boolean;
  /** PostgreSQL: whether this process holds each role's lease (ticker, email-sender). */
  leasesHeld: () => Record<string, boolean>;
  /** The doc bus's counts since start (REDIS_URL only, cluster/doc-bus.ts). */
  cluster: () => ClusterStats;
};

/** What the doc bus counts (its `stats`), as far as the metrics read it. */
export type ClusterStats = {
  published: number;
  publishFailed: number;
  delivered: number;
  catchUps: number;
  caughtUp: number;
  catchUpFailed: number;
};

export type Metrics = {
  readonly registry: Registry;
  readonly updatesAppended: Counter;
  readonly appendSeconds: Histogram;
  readonly ackToBroadcastSeconds: Histogram;
  readonly httpRequestSeconds: Histogram<'route' | 'method' | 'status'>;
  readonly tickerPassSeconds: Histogram;
  readonly emailSendAttempts: Counter<'result'>;
  readonly loginFailures: Counter;
  readonly rateLimitRefusals: Counter<'scope'>;
  /** Rate-limit checks let through because Redis did not answer in time (REDIS_URL). */
  readonly rateLimitFailOpen: Counter;
  /** Hands the scrape-time gauges their sources; a source not given reads as 0. */
  watch(sources: Partial<MetricSources>): void;
};

/** Sub-millisecond to a second: an append is ~0.1 ms on a quiet disk, a stalled fsync far more. */
const FAST_BUCKETS = [0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const HTTP_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const PASS_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60];

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  let sources: Partial<MetricSources> = {};

  /** A gauge set at scrape time; a source that throws (database closing) leaves the last value. */
  const scraped = (name: string, help: string, read: (s: Partial<MetricSources>) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        try {
          this.set(read(sources));
        } catch {
          // Keep the previous value: a scrape must not fail because one source is briefly unavailable.
        }
      },
    });

  scraped('taskflow_sync_connections', 'Open sync connections (a socket counts once per document).', (s) =>
    s.syncConnections ? s.syncConnections() : 0,
  );
  scraped('taskflow_documents_loaded', 'Workspace documents loaded in memory.', (s) =>
    s.documentsLoaded ? s.documentsLoaded() : 0,
  );
  scraped('taskflow_outbox_depth', 'Emails waiting to be sent (due or backing off after a failure).', (s) =>
    s.outbox ? s.outbox().waiting : 0,
  );
  scraped('taskflow_outbox_dead_letters', 'Emails given up on, kept for an admin to retry.', (s) =>
    s.outbox ? s.outbox().dead : 0,
  );
  scraped(
    'taskflow_ticker_lag_seconds',
    'How long the most overdue reminder that has not fired yet has been due (0: none is due).',
    (s) => (s.reminderLagSeconds ? s.reminderLagSeconds() : 0),
  );
  scraped(
    'taskflow_email_circuit_open',
    '1 while the email circuit breaker is open (sending paused).',
    (s) => (s.emailCircuitOpen?.() ? 1 : 0),
  );
  new Gauge({
    name: 'taskflow_lease_held',
    help: '1 while this process holds the named role (ticker, email-sender) on PostgreSQL.',
    labelNames: ['name'] as const,
    registers,
    collect() {
      try {
        for (const [name, held] of Object.entries(sources.leasesHeld?.() ?? {}))
          this.set({ name }, held ? 1 : 0);
      } catch {
        // As the other scrape-time gauges: keep the last value.
      }
    },
  });

  /** A counter kept elsewhere (the doc bus's stats), copied at scrape time. */
  const scrapedCount = (name: string, help: string, read: (c: ClusterStats) => number) =>
    new Counter({
      name,
      help,
      registers,
      collect() {
        try {
          const stats = sources.cluster?.();
          if (!stats) return;
          this.reset();
          this.inc(read(stats));
        } catch {
          // Keep the previous value, as the gauges do.
        }
      },
    });
  scrapedCount(
    'taskflow_cluster_published_total',
    'Updates appended here and published to the other processes (doc bus).',
    (c) => c.published,
  );
  scrapedCount(
    'taskflow_cluster_publish_failed_total',
    'Publishes Redis did not take; the other processes read those updates from the log.',
    (c) => c.publishFailed,
  );
  scrapedCount(
    'taskflow_cluster_delivered_total',
    'Updates from other processes applied here.',
    (c) => c.delivered,
  );
  scrapedCount(
    'taskflow_cluster_catch_ups_total',
    'Reads of the log after a gap, a reconnect, a large update or the periodic check.',
    (c) => c.catchUps,
  );
  scrapedCount(
    'taskflow_cluster_caught_up_total',
    'Updates found by those reads (what the fast path did not carry, or carried late).',
    (c) => c.caughtUp,
  );
  scrapedCount(
    'taskflow_cluster_catch_up_failed_total',
    'Reads of the log that failed (retried at the next trigger).',
    (c) => c.catchUpFailed,
  );

  const emailSendAttempts = new Counter({
    name: 'taskflow_email_send_attempts_total',
    help: 'Emails handed to the transport, by result (ok, failed).',
    labelNames: ['result'] as const,
    registers,
  });
  const rateLimitRefusals = new Counter({
    name: 'taskflow_rate_limit_refusals_total',
    help: 'Requests and sync messages refused by a rate limit, by scope.',
    labelNames: ['scope'] as const,
    registers,
  });
  // Series exist from the start at 0, so rate() and alerts see the first one happen.
  for (const result of ['ok', 'failed']) emailSendAttempts.inc({ result }, 0);
  for (const scope of ['login', 'register']) rateLimitRefusals.inc({ scope }, 0);

  return {
    registry,
    updatesAppended: new Counter({
      name: 'taskflow_sync_updates_appended_total',
      help: 'Document updates appended to the update log (clients, REST and the ticker).',
      registers,
    }),
    appendSeconds: new Histogram({
      name: 'taskflow_sync_append_duration_seconds',
      help: 'Time to append one update and its effects in one SQLite transaction, before its ack.',
      buckets: FAST_BUCKETS,
      registers,
    }),
    ackToBroadcastSeconds: new Histogram({
      name: 'taskflow_sync_ack_to_broadcast_seconds',
      help: 'From an update being stored (its ack due) to its broadcast to the other connections.',
      buckets: FAST_BUCKETS,
      registers,
    }),
    httpRequestSeconds: new Histogram({
      name: 'taskflow_http_request_duration_seconds',
      help: 'HTTP requests by route template, method and status.',
      labelNames: ['route', 'method', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    }),
    tickerPassSeconds: new Histogram({
      name: 'taskflow_ticker_pass_duration_seconds',
      help: 'One ticker pass: due reminders and recurring occurrences.',
      buckets: PASS_BUCKETS,
      registers,
    }),
    emailSendAttempts,
    loginFailures: new Counter({
      name: 'taskflow_login_failures_total',
      help: 'Sign-ins refused for a wrong email or password.',
      registers,
    }),
    rateLimitRefusals,
    rateLimitFailOpen: new Counter({
      name: 'taskflow_rate_limit_fail_open_total',
      help: "Rate-limit checks let through (onto this process's own buckets) because Redis did not answer.",
      registers,
    }),
    watch(given) {
      sources = { ...sources, ...given };
    },
  };
}

/** Runs `pass` and records its duration in `histogram` (when given), whether it succeeds or throws. */
export async function timed<T>(histogram: Histogram | undefined, pass: () => Promise<T>): Promise<T> {
  if (!histogram) return pass();
  const end = histogram.startTimer();
  try {
    return await pass();
  } finally {
    end();
  }
}
