/**
 * The ticker loop: at start and every `tickMs`, under the `ticker` lease, fires due reminders until
 * none are left and creates due recurring occurrences. The lease keeps a second process from doing
 * the same work at the same time; the unique keys in `fired` stay the real exactly-once guarantee.
 */
import type { Hocuspocus } from '@hocuspocus/server';
import type { Tracer } from '@opentelemetry/api';
import { createTask, type Editor, hasTask } from '@taskflow/model';
import type { Users } from '../accounts/users.ts';
import type { Workspaces } from '../accounts/workspaces.ts';
import { can } from '../auth/policy.ts';
import type { Logger } from '../logger.ts';
import type { InAppStore } from '../notifications/in-app.ts';
import { taskLink } from '../notifications/kinds.ts';
import type { OutboxStore } from '../notifications/outbox.ts';
import type { NotificationPush } from '../notifications/push.ts';
import { type Metrics, timed } from '../observability/metrics.ts';
import { inSpan } from '../observability/spans.ts';
import { Periodic } from '../periodic.ts';
import { writeDirect } from '../sync/direct-write.ts';
import type { FiredStore, Leases } from './fired-store.ts';
import { runOccurrenceTick } from './occurrence-tick.ts';
import { occurrenceDay } from './recurrence.ts';
import { runReminderTick } from './reminder-tick.ts';
import type { ScheduleRecord, ScheduleStore } from './schedule-store.ts';
import type { AutomationSettingsStore } from './settings.ts';

export const TICKER_LEASE = 'ticker';
/** Longer than a tick, so a live holder renews it; short enough that a dead one is replaced fast. */
export const LEASE_TTL_MS = 60_000;
/** Rows per pass; between passes the loop yields, so sync traffic is not starved after downtime. */
const REMINDER_BATCH = 100;

export type TickerOptions = {
  schedule: ScheduleStore;
  fired: FiredStore;
  /** SQLite's row lease, or (several processes on PostgreSQL) the advisory lease's view (roles.ts). */
  leases: Pick<Leases, 'acquire' | 'renew' | 'release'>;
  /** This process's name in the lease. */
  holder: string;
  outbox: OutboxStore;
  inApp: InAppStore;
  automationSettings: Pick<AutomationSettingsStore, 'get'>;
  /** Members and who hears about escalations; workspace names. */
  workspaces: Pick<Workspaces, 'members' | 'roleOf' | 'get'>;
  /** Assignees' names in escalations. */
  users: Pick<Users, 'get'>;
  now: () => number;
  /** Occurrences are written into the workspace documents. */
  hocuspocus: Hocuspocus;
  push: Pick<NotificationPush, 'unreadChanged'>;
  logger: Logger;
  tickMs: number;
  publicPath?: (workspaceId: string, taskId: string) => string;
  /** Each pass timed (observability/metrics.ts). */
  metrics?: Pick<Metrics, 'tickerPassSeconds'>;
  /** A `ticker.pass` span per pass (observability/spans.ts); unset when tracing is off. */
  tracer?: Tracer | undefined;
};

export type TickResult = { leased: boolean; reminders: number; occurrences: number };

const tickerEditor = (now: () => number): Editor => ({ origin: { kind: 'server', reason: 'ticker' }, now });

export class Ticker {
  readonly #o: TickerOptions;
  readonly #runner: Periodic<TickResult>;

  constructor(options: TickerOptions) {
    this.#o = options;
    this.#runner = new Periodic({
      pass: () =>
        inSpan(
          options.tracer,
          'ticker.pass',
          () => timed(options.metrics?.tickerPassSeconds, () => this.#pass()),
          (r) => ({
            'taskflow.ticker.leased': r.leased,
            'taskflow.ticker.reminders': r.reminders,
            'taskflow.ticker.occurrences': r.occurrences,
          }),
        ),
      intervalMs: options.tickMs,
      onError: (error) => options.logger.error({ err: error }, 'ticker pass failed'),
      // Not inside startServer's own turn: the first pass may be long after downtime.
      deferFirst: true,
    });
  }

  start(): void {
    this.#runner.start();
  }

  /** Waits for a pass in progress, then releases the lease so another process can take over. */
  async stop(): Promise<void> {
    await this.#runner.stop();
    const s = this.#o;
    try {
      s.leases.release(TICKER_LEASE, s.holder);
    } catch {
      // The database may already be closed by a failed start; the lease then simply expires.
    }
  }

  /** One pass (tests and the loop). Concurrent calls share the pass in progress. */
  tickOnce(): Promise<TickResult> {
    return this.#runner.runOnce();
  }

  async #pass(): Promise<TickResult> {
    const s = this.#o;
    const result: TickResult = { leased: false, reminders: 0, occurrences: 0 };
    if (!s.leases.acquire(TICKER_LEASE, s.holder, s.now(), LEASE_TTL_MS)) return result;
    result.leased = true;
    const admins = new Map<string, string[]>();
    const adminsOf = (ws: string) => {
      let list = admins.get(ws);
      if (!list) {
        list = s.workspaces
          .members(ws)
          .filter((m) => can(m.role, 'automations.alerts'))
          .map((m) => m.userId);
        admins.set(ws, list);
      }
      return list;
    };
    // Drain: after downtime everything missed fires in this pass, batch by batch.
    for (;;) {
      const tick = runReminderTick({
        schedule: s.schedule,
        fired: s.fired,
        outbox: s.outbox,
        inApp: s.inApp,
        settingsOf: (ws) => s.automationSettings.get(ws),
        adminsOf,
        isMember: (ws, userId) => s.workspaces.roleOf(ws, userId) !== null,
        describe: (row) => ({
          workspaceName: s.workspaces.get(row.workspaceId)?.name ?? row.workspaceId,
          link: this.#link(row.workspaceId, row.taskId),
          assigneeName: row.assignee ? (s.users.get(row.assignee)?.name ?? null) : null,
        }),
        now: s.now,
        limit: REMINDER_BATCH,
      });
      result.reminders += tick.fired.length;
      this.#o.push.unreadChanged(
        tick.fired.filter((f) => f.inAppIds.length > 0).flatMap((f) => f.recipients),
      );
      if (tick.rows < REMINDER_BATCH || this.#runner.stopped) break;
      await new Promise((resolve) => setImmediate(resolve));
      if (!s.leases.renew(TICKER_LEASE, s.holder, s.now(), LEASE_TTL_MS)) return result;
    }
    if (!s.leases.renew(TICKER_LEASE, s.holder, s.now(), LEASE_TTL_MS)) return result;
    const occ = await runOccurrenceTick({
      schedule: s.schedule,
      fired: s.fired,
      createOccurrence: (row, iso, taskId) => this.#createOccurrence(row, iso, taskId),
      now: s.now,
      logger: this.#o.logger,
    });
    result.occurrences = occ.created.length;
    s.leases.renew(TICKER_LEASE, s.holder, s.now(), LEASE_TTL_MS);
    return result;
  }

  #link(workspaceId: string, taskId: string): string {
    return this.#o.publicPath?.(workspaceId, taskId) ?? taskLink(workspaceId, taskId);
  }

  /** Idempotent: the id derives from rule and instant, and an existing task is left alone. */
  async #createOccurrence(row: ScheduleRecord, iso: string, taskId: string): Promise<void> {
    const rule = row.recurrence;
    if (!rule) return;
    // A failed append leaves the task only in a discarded copy: writeDirect throws, so the
    // occurrence is not recorded and the next pass tries again.
    await writeDirect(this.#o.hocuspocus, row.workspaceId, { source: 'ticker' }, (doc) => {
      if (hasTask(doc, taskId)) return;
      createTask(doc, tickerEditor(this.#o.now), {
        id: taskId,
        projectId: row.projectId,
        title: row.title,
        assignee: row.assignee,
        deadline: occurrenceDay(rule, iso),
      });
    });
  }
}
