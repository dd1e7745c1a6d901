/**
 * Works the outbox every few seconds and sends each user's daily digest once, at 08:00 or later in
 * their zone. A message that dies (retries exhausted, no recipient) raises a `system` in-app
 * notification for the owners of the workspace it was about, or for its own recipient when it
 * belongs to no workspace (digests): someone who can act sees it, without a server-admin role.
 */
import type { Users } from '../accounts/users.ts';
import type { Workspaces } from '../accounts/workspaces.ts';
import { can } from '../auth/policy.ts';
import { DEFAULTS } from '../config.ts';
import type { Logger } from '../logger.ts';
import { Periodic } from '../periodic.ts';
import type { Atomically } from '../persistence/database.ts';
import { type BreakerState, CircuitBreaker } from '../protection/circuit-breaker.ts';
import { wallTimeAt } from '../zoned-time.ts';
import { EmailSender } from './email-sender.ts';
import type { InAppStore } from './in-app.ts';
import type { Mailer } from './mail-transport.ts';
import type { OutboxMessage, OutboxStore } from './outbox.ts';
import type { NotificationPrefs } from './prefs.ts';
import type { NotificationPush } from './push.ts';

export const DIGEST_HOUR = 8;

export type SenderLoopOptions = {
  outbox: OutboxStore;
  /** A day's digest is claimed and flushed in one transaction. */
  atomically: Atomically;
  prefs: NotificationPrefs;
  /** Recipients' addresses, names and zones. */
  users: Pick<Users, 'get'>;
  /** Who hears about a dead letter of a workspace. */
  workspaces: Pick<Workspaces, 'members'>;
  inApp: InAppStore;
  unsubscribeSecret: Buffer;
  now: () => number;
  mailer: Mailer;
  push: Pick<NotificationPush, 'unreadChanged'>;
  logger: Logger;
  from: string;
  publicUrl: string;
  intervalMs: number;
  /** The email circuit breaker: consecutive transport failures that open it, and its cool-down. */
  breaker?: { failureThreshold: number; coolDownMs: number };
  /** Every change of the breaker's state (the metrics' gauge). */
  onBreakerChange?: (state: BreakerState) => void;
};

export class SenderLoop {
  readonly sender: EmailSender;
  /** Closed, open or half-open: /readyz and the metrics read it. */
  readonly breaker: CircuitBreaker;
  readonly #o: SenderLoopOptions;
  readonly #runner: Periodic<void>;

  constructor(options: SenderLoopOptions) {
    this.#o = options;
    this.#runner = new Periodic({
      pass: () => this.#pass(),
      intervalMs: options.intervalMs,
      onError: (error) => options.logger.error({ err: error }, 'sender pass failed'),
    });
    this.breaker = new CircuitBreaker({
      ...DEFAULTS.emailBreaker,
      ...options.breaker,
      now: options.now,
      onStateChange: (state, previous) => {
        if (state === 'open' && previous === 'closed') this.#onBreakerOpened();
        else if (state === 'closed') options.logger.info('email transport recovered: sending again');
        options.onBreakerChange?.(state);
      },
    });
    this.sender = new EmailSender({
      breaker: this.breaker,
      outbox: options.outbox,
      atomically: options.atomically,
      prefs: options.prefs,
      mailer: options.mailer,
      from: options.from,
      publicUrl: options.publicUrl,
      unsubscribeSecret: options.unsubscribeSecret,
      recipientOf: (userId) => {
        const user = options.users.get(userId);
        return user && { email: user.email, name: user.name, timeZone: user.timeZone };
      },
      onDead: (message, error) => this.#onDead(message, error),
      keepGoing: () => !this.#runner.stopped,
      now: options.now,
      logger: options.logger,
    });
  }

  start(): void {
    this.#runner.start();
  }

  /**
   * Starts sending as the one sender of several processes (automations/roles.ts, on acquiring the
   * lease): first frees what the previous holder claimed and never settled.
   */
  takeOver(): void {
    const freed = this.#o.outbox.reclaimOthers(this.#o.now());
    if (freed > 0)
      this.#o.logger.info({ freed }, 'email sender taken over: claims of the previous holder freed');
    this.start();
  }

  stop(): Promise<void> {
    return this.#runner.stop();
  }

  /** One pass: due digests, then every due message (batch by batch). */
  workOnce(): Promise<void> {
    return this.#runner.runOnce();
  }

  async #pass(): Promise<void> {
    this.flushDigests();
    for (let i = 0; i < 20 && !this.#runner.stopped; i++) {
      const r = await this.sender.workOnce();
      if (r.sent + r.retry + r.dead + r.skipped + r.held === 0) break;
    }
  }

  /** Each user with held messages gets one digest per local day, from 08:00 in their zone. */
  flushDigests(): void {
    const s = this.#o;
    const now = s.now();
    for (const userId of s.outbox.usersWithHeld()) {
      const zone = s.users.get(userId)?.timeZone ?? 'UTC';
      let wall: ReturnType<typeof wallTimeAt>;
      try {
        wall = wallTimeAt(now, zone);
      } catch {
        wall = wallTimeAt(now, 'UTC');
      }
      if (wall.hour < DIGEST_HOUR) continue;
      const day = `${wall.year}-${String(wall.month).padStart(2, '0')}-${String(wall.day).padStart(2, '0')}`;
      s.atomically(() => {
        if (s.outbox.claimDigestDay(userId, day)) this.sender.flushDigest(userId, day);
      });
    }
  }

  /**
   * One alert per opening, not per message: to the owners and admins of every workspace with email
   * waiting (whom the outage concerns), each person once however many workspaces they run. A
   * half-open trial that fails reopens the same outage and says nothing new.
   */
  #onBreakerOpened(): void {
    const s = this.#o;
    const openedAt = s.now();
    const coolDownS = Math.round((this.breaker.retryAt - openedAt) / 1000);
    s.logger.error(
      { retryAt: new Date(this.breaker.retryAt).toISOString() },
      'email transport failing: sending paused',
    );
    const people = new Set<string>();
    for (const ws of s.outbox.waitingWorkspaces())
      for (const m of s.workspaces.members(ws)) if (can(m.role, 'automations.alerts')) people.add(m.userId);
    const added: string[] = [];
    for (const userId of people) {
      const n = s.inApp.add({
        userId,
        dedupeKey: `email-paused:${openedAt}`,
        kind: 'system',
        workspaceId: null,
        title: 'Email is paused: the mail server keeps failing',
        body: `Sending failed several times in a row, so Taskflow stopped trying for ${coolDownS} s and then tries again by itself, until the mail server answers. Nothing is lost: waiting emails stay queued and go out once it does.`,
      });
      if (n) added.push(userId);
    }
    s.push.unreadChanged(added);
  }

  #onDead(message: OutboxMessage, error: string): void {
    const s = this.#o;
    const ws = message.workspaceId;
    const owners =
      ws === null
        ? message.userId
          ? [message.userId]
          : []
        : s.workspaces
            .members(ws)
            .filter((m) => can(m.role, 'automations.alerts'))
            .map((m) => m.userId);
    const added: string[] = [];
    for (const userId of owners) {
      const n = s.inApp.add({
        userId,
        dedupeKey: `dead:${message.id}:${message.attempts}`,
        kind: 'system',
        workspaceId: ws,
        title: 'An email could not be delivered',
        body: `A ${message.kind} email (#${message.id}) failed ${message.attempts} times: ${error}`.slice(
          0,
          2000,
        ),
      });
      if (n) added.push(userId);
    }
    this.#o.push.unreadChanged(added);
  }
}
