/**
 * Works the outbox: claims due messages, applies the recipient's preference (off, immediate,
 * digest), renders and sends. The Message-ID derives from the idempotency key, so when a crash
 * between "sent" and "marked sent" makes us send again, mail clients see the same message; the
 * `X-Taskflow-Idempotency-Key` header says the same to anything else reading the mail.
 */
import { createHash } from 'node:crypto';
import { linkToken } from '../auth/account-links.ts';
import type { Logger } from '../logger.ts';
import type { Atomically } from '../persistence/database.ts';
import type { CircuitBreaker } from '../protection/circuit-breaker.ts';
import type { Notification } from './kinds.ts';
import type { Mailer } from './mail-transport.ts';
import type { OutboxMessage, OutboxStore } from './outbox.ts';
import type { NotificationPrefs } from './prefs.ts';
import { renderEmail } from './render.ts';
import { unsubscribeToken } from './unsubscribe.ts';

export const IDEMPOTENCY_HEADER = 'X-Taskflow-Idempotency-Key';

export type Recipient = { email: string; name: string | null; timeZone: string };

export type EmailSenderOptions = {
  outbox: OutboxStore;
  /** A digest and the settling of what it bundles are one transaction. */
  atomically: Atomically;
  prefs: NotificationPrefs;
  mailer: Mailer;
  /** `Taskflow <taskflow@example.com>` */
  from: string;
  /** The web app's origin, without a trailing slash; links and the Message-ID domain derive from it. */
  publicUrl: string;
  unsubscribeSecret: string | Uint8Array;
  /** Asked before each message of a batch: false once this process stops sending (the rest is released). */
  keepGoing?: () => boolean;
  /** Where the one-click unsubscribe route lives (REST wiring). */
  unsubscribePath?: string;
  recipientOf: (userId: string) => Recipient | undefined;
  /** Called when a message is dead-lettered, e.g. to raise a system alert for admins. */
  onDead?: (message: OutboxMessage, error: string) => void;
  now?: () => number;
  logger?: Logger;
  batchSize?: number;
  /**
   * Stops claiming while the transport is down (protection/circuit-breaker.ts): nothing is claimed
   * while it is open, one message is tried when it half-opens, and a message that meets a failing
   * transport once the breaker has opened is released with its attempt uncounted.
   */
  breaker?: CircuitBreaker;
};

/** `deferred`: given back untried or uncounted because the email transport is down (the breaker). */
export type WorkResult = {
  sent: number;
  retry: number;
  dead: number;
  skipped: number;
  held: number;
  deferred: number;
};

/**
 * Whether a send failed because of the transport rather than the message: no answer at all
 * (refused, reset, timed out, DNS), a temporary refusal (4xx: 421 service unavailable, 451 local
 * error), or bad credentials, which fail every message alike. A permanent refusal of this message
 * (5xx, a rejected recipient) means the server is up and answering.
 */
export function isTransportFailure(error: unknown): boolean {
  const e = error as { responseCode?: unknown; code?: unknown } | null;
  if (e?.code === 'EAUTH') return true;
  const status = e?.responseCode;
  return typeof status !== 'number' || (status >= 400 && status < 500);
}

export function messageIdFor(key: string, publicUrl: string): string {
  let domain = 'taskflow.invalid';
  try {
    domain = new URL(publicUrl).hostname || domain;
  } catch {
    // A bad public URL is a config error reported elsewhere; the Message-ID still needs a domain.
  }
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 40)}@${domain}>`;
}

export class EmailSender {
  readonly #o: EmailSenderOptions;
  readonly #now: () => number;

  constructor(options: EmailSenderOptions) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
  }

  /** One pass: claims up to `batchSize` due messages and settles each one. */
  async workOnce(): Promise<WorkResult> {
    const result: WorkResult = { sent: 0, retry: 0, dead: 0, skipped: 0, held: 0, deferred: 0 };
    const { breaker } = this.#o;
    const permit = breaker?.permit() ?? 'pass';
    // Open: the outbox is not touched at all (a claim would count an attempt).
    if (permit === 'wait') return result;
    const claimed = this.#o.outbox.claimDue(this.#now(), permit === 'trial' ? 1 : (this.#o.batchSize ?? 50));
    for (const message of claimed) {
      // The breaker opened earlier in this batch, or this process stopped sending (shutdown, or
      // the sender's lease moved to another process): the rest goes back untried.
      if ((breaker && breaker.state !== 'closed' && permit !== 'trial') || this.#o.keepGoing?.() === false) {
        this.#o.outbox.release(message.id, this.#now(), null);
        result.deferred++;
        continue;
      }
      try {
        result[await this.#settle(message)]++;
      } catch (error) {
        // A bug (say, in rendering) must not strand the rest of the batch: count it as a failed
        // attempt, so it retries and, if it keeps failing, lands in the dead letters for an admin.
        const reason = error instanceof Error ? error.message : String(error);
        this.#o.logger?.error({ err: error, outbox: message.id }, 'email could not be prepared');
        const outcome = this.#o.outbox.markFailed(message.id, this.#now(), reason);
        if (outcome === 'dead') this.#o.onDead?.(message, reason);
        result[outcome]++;
      }
    }
    // A trial that never reached the transport (nothing due, a preference, a digest) decided nothing.
    if (permit === 'trial' && breaker?.state === 'half-open') breaker.abandonTrial();
    return result;
  }

  async #settle(message: OutboxMessage): Promise<keyof WorkResult> {
    const { outbox } = this.#o;
    const n = message.notification;
    if (!n) return this.#dead(message, 'stored payload is not valid for its kind');
    let to: Recipient;
    let unsubscribe: { api: string; page: string } | null = null;
    if (n.kind === 'invitation' || n.kind === 'account') {
      // To an address, past preferences: an invitee may have no account, an email change's link
      // goes to the new address, and nobody may turn off their password reset.
      to = { email: n.payload.toEmail, name: null, timeZone: 'UTC' };
    } else {
      const recipient = message.userId ? this.#o.recipientOf(message.userId) : undefined;
      if (!message.userId || !recipient) return this.#dead(message, 'recipient has no account');
      const mode = this.#o.prefs.emailMode(message.userId, n.kind);
      if (mode === 'off') {
        outbox.markSkipped(message.id, this.#now(), 'preference off');
        return 'skipped';
      }
      if (mode === 'digest') {
        outbox.hold(message.id, this.#now());
        return 'held';
      }
      to = recipient;
      unsubscribe = this.#unsubscribeUrls(message.userId, n.kind === 'digest' ? null : n.kind);
    }
    const email = renderEmail(n, {
      publicUrl: this.#o.publicUrl,
      recipientName: to.name,
      timeZone: to.timeZone,
      // People get a page that asks first; the header below is for one-click POSTs (RFC 8058).
      unsubscribeUrl: unsubscribe?.page ?? null,
      linkToken:
        n.kind === 'account' && n.payload.linkId !== null
          ? linkToken(this.#o.unsubscribeSecret, n.payload.linkId)
          : null,
    });
    const headers: Record<string, string> = {
      [IDEMPOTENCY_HEADER]: message.idempotencyKey,
      // Tells auto-responders not to answer (RFC 3834).
      'Auto-Submitted': 'auto-generated',
    };
    if (unsubscribe) {
      headers['List-Unsubscribe'] = `<${unsubscribe.api}>`;
      headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
    }
    try {
      await this.#o.mailer.send({
        from: this.#o.from,
        to: to.name ? `"${to.name.replace(/["\\\r\n]/g, '')}" <${to.email}>` : to.email,
        ...email,
        messageId: messageIdFor(message.idempotencyKey, this.#o.publicUrl),
        headers,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const breaker = this.#o.breaker;
      if (breaker && isTransportFailure(error)) {
        breaker.failed();
        // This failure opened the breaker, or was the trial of an open one: the transport is down,
        // not this message; its attempt is given back.
        if (breaker.state !== 'closed') {
          outbox.release(message.id, this.#now(), reason);
          this.#o.logger?.warn({ outbox: message.id, kind: message.kind }, 'email deferred: transport down');
          return 'deferred';
        }
      } else breaker?.succeeded();
      const outcome = outbox.markFailed(message.id, this.#now(), reason);
      this.#o.logger?.warn(
        { outbox: message.id, kind: message.kind, attempts: message.attempts, outcome },
        'email failed',
      );
      if (outcome === 'dead') this.#o.onDead?.(message, reason);
      return outcome;
    }
    this.#o.breaker?.succeeded();
    outbox.markSent(message.id, this.#now());
    return 'sent';
  }

  #dead(message: OutboxMessage, reason: string): 'dead' {
    this.#o.outbox.markDead(message.id, this.#now(), reason);
    this.#o.logger?.error({ outbox: message.id, kind: message.kind, reason }, 'email dead-lettered');
    this.#o.onDead?.(message, reason);
    return 'dead';
  }

  /** The API address for one-click POSTs (RFC 8058) and the web page that asks people first. */
  #unsubscribeUrls(userId: string, kind: Notification['kind'] | null): { api: string; page: string } {
    const token = unsubscribeToken(this.#o.unsubscribeSecret, { userId, kind });
    const api = this.#o.unsubscribePath ?? '/api/v1/notifications/unsubscribe';
    return {
      api: `${this.#o.publicUrl}${api}?token=${token}`,
      page: `${this.#o.publicUrl}/unsubscribe?token=${token}`,
    };
  }

  /**
   * Bundles the user's held messages into one digest email, in one transaction: the digest is
   * enqueued and the held messages settled together. The key names the first held message, so a
   * retry after a crash finds the same digest and a later batch the same day gets its own.
   * Returns the digest's outbox id, or null when nothing was held.
   */
  flushDigest(userId: string, day: string): number | null {
    const { outbox, atomically } = this.#o;
    return atomically(() => {
      const held = outbox.held(userId);
      const first = held[0];
      if (!first) return null;
      const now = this.#now();
      const key = `digest:${userId}:${day}:${first.id}`;
      const items = held.flatMap((m) => {
        const n = m.notification;
        if (!n) return [];
        const ctx = {
          publicUrl: '',
          recipientName: null,
          timeZone: 'UTC',
          unsubscribeUrl: null,
          linkToken: null,
        };
        const link = 'link' in n.payload ? n.payload.link : null;
        return [{ kind: n.kind, subject: renderEmail(n, ctx).subject, link }];
      });
      const id = outbox.enqueue({
        key,
        userId,
        now,
        kind: 'digest',
        payload: { day, items: items.slice(0, 500) },
      });
      for (const m of held) outbox.markSkipped(m.id, now, `in ${key}`);
      return id;
    });
  }
}
