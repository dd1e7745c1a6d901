/**
 * The document bus: carries each stored document update from the process that appended it to every
 * other process that has the document loaded (issue 16, docs/SCALE-OUT.md).
 *
 * Redis pub/sub, not streams, because the database is already the durable, ordered log and this is
 * only the fast path. Pub/sub may drop a message (a subscriber reconnecting, its output buffer over
 * the limit, Redis restarting; Hocuspocus PR #682), so every subscriber must be able to converge
 * from the database anyway; with that path in place, streams would add a second copy of the log in
 * Redis memory (trimmed by MAXLEN, so with gaps of its own, and gone in a restart without AOF), a
 * reader per document and an id to keep per reader, for no guarantee we do not already have. One
 * recovery path, the database, exercised on every gap, is easier to trust than two. Pub/sub also
 * sends a document's messages only to the processes subscribed to its channel (one channel per
 * document), not to every instance.
 *
 * The contract with the store (the caller):
 * - `seq` is the update's position in the shared update log, dense per document (1, 2, 3, … with no
 *   holes) and given out in commit order: the store takes it in the append transaction under the
 *   document's row lock (PostgreSQL: `UPDATE documents SET head = head + 1 … RETURNING head`). A
 *   global row id would not do: two transactions can commit ids 8 and 7 in that order, and a reader
 *   that saw 8 and asks for "after 8" never sees 7.
 * - `publish` is called right after the commit, for every update appended here; it also tells this
 *   process's own subscription that `seq` is already applied, so it is not delivered back.
 * - `readSince(document, afterSeq)` returns the committed updates after `afterSeq`, in seq order.
 *
 * What a subscriber gets: `deliver(seq, update)` for every update another process appended, exactly
 * once each, in seq order, with no gaps. Messages that arrive early wait in a small buffer; a gap
 * not filled within `gapGraceMs` (two processes publishing at once arrive out of order, which is
 * normal), a reconnect to Redis, a message too large to carry (`maxInlineBytes`: only its seq is
 * published), and a periodic check every `checkEveryMs` (the last message of a burst lost leaves
 * no gap to see) all read the rest from the database.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import { closeRedis, connectRedis } from './redis-connection.ts';

export type LoggedUpdate = { seq: number; update: Uint8Array };

export type ReadSince = (documentName: string, afterSeq: number) => Promise<readonly LoggedUpdate[]>;

export type DocBusOptions = {
  redisUrl: string;
  readSince: ReadSince;
  logger: Logger;
  /** Channel names are `<prefix><documentName>`; tests sharing one Redis give each bus set its own. */
  prefix?: string;
  gapGraceMs?: number;
  checkEveryMs?: number;
  /** Larger updates are published as their seq alone; subscribers read them from the database. */
  maxInlineBytes?: number;
  /** Early messages kept per document at most; past it the rest is read from the database. */
  maxBuffered?: number;
};

export type Deliver = (seq: number, update: Uint8Array) => void;

export type Subscription = {
  readonly documentName: string;
  /** The last seq applied (delivered, or published by this process). */
  readonly seq: number;
  close(): Promise<void>;
};

/** Counts since start, for the metrics (read at scrape time) and the tests. */
export type DocBusStats = {
  published: number;
  publishFailed: number;
  received: number;
  duplicates: number;
  delivered: number;
  catchUps: number;
  caughtUp: number;
  catchUpFailed: number;
};

/** What the buffer holds for a seq not yet reached: bytes, "applied here", or "read it from the log". */
type Pending = { kind: 'remote'; update: Uint8Array } | { kind: 'local' } | { kind: 'notice' };

type Sub = {
  name: string;
  channel: string;
  last: number;
  deliver: Deliver;
  buffer: Map<number, Pending>;
  catching: boolean;
  again: boolean;
  gapTimer: NodeJS.Timeout | undefined;
  closed: boolean;
};

const FORMAT_INLINE = 1;
const FORMAT_NOTICE = 2;
const HEADER_BYTES = 9;

/** One byte of format, the seq as a 64-bit unsigned integer, then the update's bytes (if inline). */
export function encodeMessage(seq: number, update: Uint8Array | null): Buffer {
  const out = Buffer.allocUnsafe(HEADER_BYTES + (update?.length ?? 0));
  out[0] = update ? FORMAT_INLINE : FORMAT_NOTICE;
  out.writeBigUInt64BE(BigInt(seq), 1);
  if (update) out.set(update, HEADER_BYTES);
  return out;
}

export function decodeMessage(message: Buffer): { seq: number; update: Uint8Array | null } | undefined {
  if (message.length < HEADER_BYTES) return undefined;
  const format = message[0];
  const seq = Number(message.readBigUInt64BE(1));
  if (!Number.isSafeInteger(seq) || seq < 1) return undefined;
  if (format === FORMAT_NOTICE) return { seq, update: null };
  if (format !== FORMAT_INLINE) return undefined;
  // A copy: the Buffer may be a view of ioredis's reusable parser memory.
  return { seq, update: new Uint8Array(message.subarray(HEADER_BYTES)) };
}

export class DocBus {
  readonly #pub: Redis;
  readonly #subConn: Redis;
  readonly #o: Required<Omit<DocBusOptions, 'redisUrl' | 'logger' | 'readSince'>> & DocBusOptions;
  readonly #subs = new Map<string, Sub>();
  readonly #byChannel = new Map<string, Sub>();
  readonly #checkTimer: NodeJS.Timeout;
  readonly #stats: DocBusStats = {
    published: 0,
    publishFailed: 0,
    received: 0,
    duplicates: 0,
    delivered: 0,
    catchUps: 0,
    caughtUp: 0,
    catchUpFailed: 0,
  };
  #closed = false;

  constructor(options: DocBusOptions) {
    this.#o = {
      prefix: 'taskflow:doc:',
      gapGraceMs: 50,
      checkEveryMs: 5_000,
      maxInlineBytes: 256 * 1024,
      maxBuffered: 1_000,
      ...options,
    };
    const { redisUrl: url, logger } = options;
    this.#pub = connectRedis({ url, logger, role: 'doc-bus-publish' });
    this.#subConn = connectRedis({ url, logger, role: 'doc-bus-subscribe' });
    this.#subConn.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.#onMessage(channel, message),
    );
    // Every (re)connect: subscribe again, then read what was missed while away. In that order, so
    // nothing published between the two is lost: it arrives on the channel or is in the log.
    this.#subConn.on('ready', () => void this.#resubscribeAll());
    this.#checkTimer = setInterval(() => {
      for (const sub of this.#subs.values()) void this.#catchUp(sub);
    }, this.#o.checkEveryMs);
    this.#checkTimer.unref();
  }

  get stats(): Readonly<DocBusStats> {
    return { ...this.#stats };
  }

  /** Whether both connections are up now (for /readyz). */
  get connected(): boolean {
    return this.#pub.status === 'ready' && this.#subConn.status === 'ready';
  }

  /**
   * Sends a stored update to the other processes. Never throws and never waits on Redis for long:
   * a failed publish is counted and left to the subscribers' catch-up from the database.
   */
  async publish(documentName: string, seq: number, update: Uint8Array): Promise<void> {
    const sub = this.#subs.get(documentName);
    if (sub && seq > sub.last) {
      sub.buffer.set(seq, { kind: 'local' });
      this.#drain(sub);
    }
    const inline = update.length <= this.#o.maxInlineBytes ? update : null;
    try {
      await this.#pub.publish(this.#o.prefix + documentName, encodeMessage(seq, inline));
      this.#stats.published++;
    } catch {
      this.#stats.publishFailed++;
    }
  }

  /**
   * Follows a document from `afterSeq` (the last seq in the state it was loaded with). Reads the log
   * once at the start: updates stored between the load and the subscription are delivered too.
   */
  subscribe(documentName: string, afterSeq: number, deliver: Deliver): Subscription {
    if (this.#closed) throw new Error('doc bus closed');
    if (this.#subs.has(documentName)) throw new Error(`already subscribed to ${documentName}`);
    const sub: Sub = {
      name: documentName,
      channel: this.#o.prefix + documentName,
      last: afterSeq,
      deliver,
      buffer: new Map(),
      catching: false,
      again: false,
      gapTimer: undefined,
      closed: false,
    };
    this.#subs.set(documentName, sub);
    this.#byChannel.set(sub.channel, sub);
    void this.#subscribeThenCatchUp(sub);
    return {
      documentName,
      get seq() {
        return sub.last;
      },
      close: async () => this.#unsubscribe(sub),
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#checkTimer);
    for (const sub of [...this.#subs.values()]) await this.#unsubscribe(sub);
    closeRedis(this.#pub);
    closeRedis(this.#subConn);
  }

  async #subscribeThenCatchUp(sub: Sub): Promise<void> {
    if (this.#subConn.status === 'ready') {
      try {
        await this.#subConn.subscribe(sub.channel);
      } catch {
        // Redis went away meanwhile: the next `ready` subscribes again; the log covers the rest.
      }
    }
    await this.#catchUp(sub);
  }

  async #resubscribeAll(): Promise<void> {
    const subs = [...this.#subs.values()];
    if (subs.length > 0) {
      try {
        await this.#subConn.subscribe(...subs.map((s) => s.channel));
      } catch {
        return;
      }
    }
    for (const sub of subs) void this.#catchUp(sub);
  }

  async #unsubscribe(sub: Sub): Promise<void> {
    if (sub.closed) return;
    sub.closed = true;
    clearTimeout(sub.gapTimer);
    this.#subs.delete(sub.name);
    this.#byChannel.delete(sub.channel);
    if (this.#subConn.status !== 'ready') return;
    try {
      await this.#subConn.unsubscribe(sub.channel);
    } catch {
      // Gone with the connection anyway: a reconnect subscribes only to what #subs holds.
    }
  }

  #onMessage(channel: Buffer, message: Buffer): void {
    const sub = this.#byChannel.get(channel.toString());
    if (!sub) return;
    const decoded = decodeMessage(message);
    if (!decoded) {
      this.#o.logger.warn(
        { channel: sub.channel, bytes: message.length },
        'doc bus: unreadable message ignored',
      );
      return;
    }
    this.#stats.received++;
    const { seq, update } = decoded;
    if (seq <= sub.last || sub.buffer.has(seq)) {
      this.#stats.duplicates++;
      return;
    }
    if (sub.buffer.size >= this.#o.maxBuffered) {
      // Too far ahead to hold: the log has all of it.
      void this.#catchUp(sub);
      return;
    }
    sub.buffer.set(seq, update ? { kind: 'remote', update } : { kind: 'notice' });
    this.#drain(sub);
  }

  /** Applies buffered updates while the next one is there; a gap left waits `gapGraceMs`, then the log. */
  #drain(sub: Sub): void {
    for (let next = sub.buffer.get(sub.last + 1); next; next = sub.buffer.get(sub.last + 1)) {
      if (next.kind === 'notice') {
        void this.#catchUp(sub);
        return;
      }
      sub.buffer.delete(sub.last + 1);
      this.#advance(sub, sub.last + 1, next.kind === 'remote' ? next.update : null);
    }
    if (sub.buffer.size === 0) {
      clearTimeout(sub.gapTimer);
      sub.gapTimer = undefined;
    } else if (!sub.gapTimer) {
      sub.gapTimer = setTimeout(() => {
        sub.gapTimer = undefined;
        void this.#catchUp(sub);
      }, this.#o.gapGraceMs);
    }
  }

  #advance(sub: Sub, seq: number, update: Uint8Array | null): void {
    sub.last = seq;
    if (!update) return;
    this.#stats.delivered++;
    try {
      sub.deliver(seq, update);
    } catch (error) {
      // The cursor has moved on regardless: a subscriber that cannot apply one update must not
      // stall the document for everyone (the caller logs and repairs, e.g. by reloading the doc).
      this.#o.logger.error({ err: error, document: sub.name, seq }, 'doc bus: deliver threw');
    }
  }

  /** Reads the log after the cursor and applies it; one read in flight per document, rerun if asked meanwhile. */
  async #catchUp(sub: Sub): Promise<void> {
    if (sub.closed) return;
    if (sub.catching) {
      sub.again = true;
      return;
    }
    sub.catching = true;
    this.#stats.catchUps++;
    try {
      do {
        sub.again = false;
        const rows = await this.#o.readSince(sub.name, sub.last);
        if (sub.closed) return;
        for (const row of rows) {
          if (row.seq <= sub.last) continue;
          // Dense seqs make this a hole that is not committed yet; the next check reads on from here.
          if (row.seq !== sub.last + 1) break;
          const pending = sub.buffer.get(row.seq);
          sub.buffer.delete(row.seq);
          this.#stats.caughtUp++;
          this.#advance(sub, row.seq, pending?.kind === 'local' ? null : row.update);
        }
        for (const seq of sub.buffer.keys()) if (seq <= sub.last) sub.buffer.delete(seq);
        this.#drain(sub);
      } while (sub.again && !sub.closed);
    } catch (error) {
      this.#stats.catchUpFailed++;
      this.#o.logger.warn(
        { err: error, document: sub.name, seq: sub.last },
        'doc bus: catch-up from the log failed',
      );
    } finally {
      sub.catching = false;
    }
  }
}
