/**
 * Notification pushes across processes (issue 16): when a person's unread count changes on one
 * instance, every tab of theirs hears `{"type":"notifications","unread":N}` (notifications/push.ts,
 * docs/PROTOCOL.md), whichever instance its socket is on.
 *
 * What travels is the person's id, not the count: each instance that receives it reads the count
 * from the shared database at send time (as NotificationPush does today), so a push is never staler
 * than what REST would answer, and two pushes that cross on the way cannot leave a tab showing the
 * older count. One channel for all of them: pushes are small and rare next to document updates, and
 * an instance that holds none of the person's sockets sends nothing (LiveConnections.sendToUser
 * finds no connection), so per-person channels would buy little for a SUBSCRIBE per person.
 *
 * The instance that made the change pushes to its own sockets at once, without Redis: with Redis
 * away, tabs on the same instance still hear it, and its own message coming back is ignored.
 * Pub/sub may drop a push (Redis restarting): when the connection is ready again after being lost,
 * `onResync` runs so the caller can push the current count to every person connected here.
 *
 * Same shape as NotificationPush (`unreadChanged`), so the callers (REST routes, doc-events) take
 * either: `Pick<NotificationPush, 'unreadChanged'>`.
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { closeRedis, connectRedis } from './redis-connection.ts';

export type PushBusOptions = {
  redisUrl: string;
  logger: Logger;
  /** Pushes the current unread count to this instance's sockets of these people (NotificationPush). */
  pushLocal: (userIds: string[]) => void;
  /** Runs after a lost Redis connection is back: pushes may have been missed meanwhile. */
  onResync?: () => void;
  channel?: string;
};

/** At most this many people per message: a change that touches a whole large workspace is split. */
const MAX_USERS_PER_MESSAGE = 500;

const messageSchema = z.object({
  from: z.string().min(1).max(100),
  users: z.array(z.string().min(1).max(200)).min(1).max(MAX_USERS_PER_MESSAGE),
});

export type PushBusStats = { published: number; publishFailed: number; received: number; ignored: number };

export class PushBus {
  readonly #id = randomUUID();
  readonly #pub: Redis;
  readonly #sub: Redis;
  readonly #channel: string;
  readonly #o: PushBusOptions;
  readonly #stats: PushBusStats = { published: 0, publishFailed: 0, received: 0, ignored: 0 };
  #lost = false;

  constructor(options: PushBusOptions) {
    this.#o = options;
    this.#channel = options.channel ?? 'taskflow:push';
    const { redisUrl: url, logger } = options;
    this.#pub = connectRedis({ url, logger, role: 'push-publish' });
    this.#sub = connectRedis({ url, logger, role: 'push-subscribe' });
    this.#sub.on('message', (channel: string, message: string) => {
      if (channel === this.#channel) this.#onMessage(message);
    });
    this.#sub.on('close', () => {
      this.#lost = true;
    });
    this.#sub.on('ready', () => void this.#subscribe());
  }

  get stats(): Readonly<PushBusStats> {
    return { ...this.#stats };
  }

  /** Whether both connections are up now (for /readyz). */
  get connected(): boolean {
    return this.#pub.status === 'ready' && this.#sub.status === 'ready';
  }

  /** Tells every instance (this one first, directly) that these people's unread counts changed. */
  unreadChanged(userIds: Iterable<string>): void {
    const users = [...new Set(userIds)];
    if (users.length === 0) return;
    this.#o.pushLocal(users);
    for (let i = 0; i < users.length; i += MAX_USERS_PER_MESSAGE) {
      const message = JSON.stringify({ from: this.#id, users: users.slice(i, i + MAX_USERS_PER_MESSAGE) });
      this.#pub.publish(this.#channel, message).then(
        () => this.#stats.published++,
        () => this.#stats.publishFailed++,
      );
    }
  }

  async close(): Promise<void> {
    closeRedis(this.#pub);
    closeRedis(this.#sub);
  }

  async #subscribe(): Promise<void> {
    try {
      await this.#sub.subscribe(this.#channel);
    } catch {
      // Lost again before the answer: the next `ready` subscribes.
      return;
    }
    if (!this.#lost) return;
    this.#lost = false;
    try {
      this.#o.onResync?.();
    } catch (error) {
      this.#o.logger.error({ err: error }, 'push bus: resync threw');
    }
  }

  #onMessage(raw: string): void {
    let parsed: z.infer<typeof messageSchema>;
    try {
      parsed = messageSchema.parse(JSON.parse(raw));
    } catch {
      this.#stats.ignored++;
      this.#o.logger.warn({ bytes: raw.length }, 'push bus: unreadable message ignored');
      return;
    }
    if (parsed.from === this.#id) return;
    this.#stats.received++;
    try {
      this.#o.pushLocal(parsed.users);
    } catch (error) {
      this.#o.logger.error({ err: error }, 'push bus: local push threw');
    }
  }
}
