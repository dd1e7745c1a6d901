/**
 * Presence (awareness: cursors, who is here) between processes (issue 16, docs/SCALE-OUT.md): one
 * Redis pub/sub channel per document, fire-and-forget. Nothing is stored and nothing caught up: a
 * lost message is replaced by the next one (clients renew their state every 15 s, and a state not
 * renewed in 30 s times out everywhere). After a reconnect to Redis each process republishes the
 * states of its own connections (`onResync`), since the others may have missed changes meanwhile.
 *
 * Bytes only: what a message holds (a y-protocols awareness update) is the caller's business. Each
 * message starts with the publishing bus's id, so a process skips its own messages.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { closeRedis, connectRedis } from './redis-connection.ts';

export type AwarenessBusOptions = {
  redisUrl: string;
  logger: Logger;
  /** Channel names are `<prefix><documentName>`. */
  prefix?: string;
};

export type AwarenessStats = { published: number; publishFailed: number; received: number };

type Handler = { onMessage: (update: Uint8Array) => void; onResync: () => void };

const ID_BYTES = 8;

export class AwarenessBus {
  readonly #pub: Redis;
  readonly #subConn: Redis;
  readonly #prefix: string;
  readonly #logger: Logger;
  readonly #id = randomBytes(ID_BYTES);
  readonly #handlers = new Map<string, Handler>();
  readonly #stats: AwarenessStats = { published: 0, publishFailed: 0, received: 0 };
  #readyOnce = false;

  constructor(options: AwarenessBusOptions) {
    this.#prefix = options.prefix ?? 'taskflow:awareness:';
    this.#logger = options.logger;
    this.#pub = connectRedis({ url: options.redisUrl, logger: options.logger, role: 'awareness-publish' });
    this.#subConn = connectRedis({
      url: options.redisUrl,
      logger: options.logger,
      role: 'awareness-subscribe',
    });
    this.#subConn.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.#onMessage(channel, message),
    );
    this.#subConn.on('ready', () => void this.#resubscribe());
    // The publishing side back after an outage: what changed meanwhile was not sent.
    this.#pub.on('ready', () => {
      if (this.#readyOnce) this.#resyncAll();
      this.#readyOnce = true;
    });
  }

  get stats(): Readonly<AwarenessStats> {
    return { ...this.#stats };
  }

  get connected(): boolean {
    return this.#pub.status === 'ready' && this.#subConn.status === 'ready';
  }

  /** Follows a document's presence from the other processes; `onResync`: publish yours again. */
  subscribe(
    documentName: string,
    onMessage: Handler['onMessage'],
    onResync: Handler['onResync'],
  ): { close(): void } {
    const channel = this.#prefix + documentName;
    const handler: Handler = { onMessage, onResync };
    this.#handlers.set(channel, handler);
    if (this.#subConn.status === 'ready') this.#subConn.subscribe(channel).catch(() => {});
    return {
      close: () => {
        if (this.#handlers.get(channel) !== handler) return;
        this.#handlers.delete(channel);
        if (this.#subConn.status === 'ready') this.#subConn.unsubscribe(channel).catch(() => {});
      },
    };
  }

  /** Sends and forgets: a failure is counted, never thrown or retried. */
  publish(documentName: string, update: Uint8Array): void {
    if (this.#pub.status !== 'ready') {
      this.#stats.publishFailed++;
      return;
    }
    const message = Buffer.concat([this.#id, update]);
    this.#pub.publish(this.#prefix + documentName, message).then(
      () => {
        this.#stats.published++;
      },
      () => {
        this.#stats.publishFailed++;
      },
    );
  }

  close(): void {
    this.#handlers.clear();
    closeRedis(this.#pub);
    closeRedis(this.#subConn);
  }

  async #resubscribe(): Promise<void> {
    const channels = [...this.#handlers.keys()];
    if (channels.length === 0) return;
    try {
      await this.#subConn.subscribe(...channels);
    } catch {
      return;
    }
    // Subscribed again: ask for everyone's states by publishing ours (theirs come the same way).
    this.#resyncAll();
  }

  #resyncAll(): void {
    for (const handler of this.#handlers.values()) {
      try {
        handler.onResync();
      } catch (error) {
        this.#logger.warn({ err: error }, 'awareness bus: republishing states failed');
      }
    }
  }

  #onMessage(channel: Buffer, message: Buffer): void {
    const handler = this.#handlers.get(channel.toString());
    if (!handler || message.length <= ID_BYTES || message.subarray(0, ID_BYTES).equals(this.#id)) return;
    this.#stats.received++;
    try {
      handler.onMessage(new Uint8Array(message.subarray(ID_BYTES)));
    } catch (error) {
      this.#logger.warn(
        { err: error, channel: channel.toString() },
        'awareness bus: unreadable message ignored',
      );
    }
  }
}
