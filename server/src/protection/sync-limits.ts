/**
 * The sync socket's rate limits: new connections per client address (at the WebSocket upgrade) and
 * per person (once authenticated), and content updates (SyncStep2 and Update messages) per person
 * and per address.
 *
 * A refused upgrade gets `429 Too Many Requests` with Retry-After; the provider retries with its
 * backoff. Everything else is refused by closing the whole socket with **4429** and the reason
 * `rate-limited, retry after N s`, after a stateless `{"type":"rate-limited","retryAfter":N}`
 * (docs/PROTOCOL.md).
 *
 * Why close the socket for an update instead of refusing it the way the update guard does
 * (update-guard.ts): the guard closes the document's connection only, and after a per-document
 * CLOSE the provider never re-authenticates, which is right for content no honest client sends
 * but wrong for an honest burst. Here the update is not applied and not acknowledged: the client
 * keeps it as unsynced, and after the socket closes the provider reconnects and sends everything
 * the server lacks in its SyncStep2, the refused update included. Nothing the client believes
 * stored is lost; it arrives once a token is free.
 */
import type { beforeSyncPayload, Connection, connectedPayload, Extension } from '@hocuspocus/server';
import type { Logger } from '../logger.ts';
import { syncContextOf } from '../sync/context.ts';
import { SYNC_STEP_2, SYNC_UPDATE } from '../sync/frames.ts';
import type { Limiter, Verdict } from './rate-limiter.ts';

/** WebSocket close code of a rate-limit refusal (4000–4999 are the application's; 429 as in HTTP). */
export const CLOSE_RATE_LIMITED = 4429;

/** The stateless message sent before the socket is closed. */
export type RateLimitedMessage = { type: 'rate-limited'; retryAfter: number };

/** What the upgrade handler puts in every connection's context: the peer's socket address. */
export type AddressContext = { address: string };

export type SyncLimits = {
  /**
   * Seconds the address must wait before a new socket, or 0 when it may open one now; a promise
   * when the limiter is shared through Redis (the upgrade handler awaits it before the handshake).
   */
  admitSocket(address: string): number | Promise<number>;
  /** Runs after authentication, before the content guard (sync-server.ts). */
  extension: Extension;
};

export function syncLimits(limiter: Limiter, logger: Logger): SyncLimits {
  const refuse = (connection: Connection, scope: string, retryAfterS: number, what: string) => {
    const ctx = syncContextOf(connection);
    logger.warn(
      { requestId: ctx?.requestId, user: ctx?.userId, address: addressOf(connection), scope, retryAfterS },
      what,
    );
    const message: RateLimitedMessage = { type: 'rate-limited', retryAfter: retryAfterS };
    try {
      connection.sendStateless(JSON.stringify(message));
      connection.webSocket.close(CLOSE_RATE_LIMITED, `rate-limited, retry after ${retryAfterS} s`);
    } catch (error) {
      logger.warn({ err: error }, 'could not close a rate-limited sync socket');
    }
  };

  return {
    admitSocket(address) {
      const wait = (verdict: Verdict) => {
        if (verdict.ok) return 0;
        logger.warn({ address, retryAfterS: verdict.retryAfterS }, 'sync socket refused: rate limited');
        return verdict.retryAfterS;
      };
      const answer = limiter.take([{ scope: 'sync-connection:address', key: address }]);
      return answer instanceof Promise ? answer.then(wait) : wait(answer);
    },
    extension: {
      extensionName: 'taskflow-rate-limits',
      async connected({ connection }: connectedPayload) {
        const ctx = syncContextOf(connection);
        if (!ctx) return;
        const answer = limiter.take([{ scope: 'sync-connection:person', key: ctx.userId }]);
        const verdict = answer instanceof Promise ? await answer : answer;
        if (!verdict.ok)
          refuse(connection, verdict.scope, verdict.retryAfterS, 'sync connection refused: rate limited');
      },
      async beforeSync({ type, connection }: beforeSyncPayload) {
        // Viewers' updates are dropped unapplied by Hocuspocus: they cost nothing to refuse.
        if ((type !== SYNC_STEP_2 && type !== SYNC_UPDATE) || connection.readOnly) return;
        const ctx = syncContextOf(connection);
        // Without a sender the content guard refuses it next; nothing to charge.
        if (!ctx) return;
        const answer = limiter.take([
          { scope: 'sync-update:person', key: ctx.userId },
          { scope: 'sync-update:address', key: addressOf(connection) },
        ]);
        const verdict = answer instanceof Promise ? await answer : answer;
        if (verdict.ok) return;
        refuse(connection, verdict.scope, verdict.retryAfterS, 'sync update refused: rate limited');
        // Thrown so Hocuspocus does not apply it. As in update-guard.ts: no message, a one-line
        // stack, and the close reason not enumerable, or Hocuspocus's console would print it whole.
        const error = new Error();
        error.stack = 'Error: update refused: rate-limited';
        Object.defineProperty(error, 'reason', { value: 'rate-limited', enumerable: false });
        throw error;
      },
    },
  };
}

function addressOf(connection: Connection): string {
  const address = (connection.context as Partial<AddressContext> | undefined)?.address;
  return typeof address === 'string' ? address : 'unknown';
}
