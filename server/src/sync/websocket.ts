/**
 * Mounts Hocuspocus on our HTTP server at one path, the way its own `Server` class does (crossws's
 * node adapter), but without its HTTP server, its 0.0.0.0 default or its signal handlers.
 */
import type { Server as HttpServer, IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Hocuspocus } from '@hocuspocus/server';
import crossws from 'crossws/adapters/node';
import type { Logger } from '../logger.ts';
import { clientAddressOf, type ProxyTrust } from '../net/forwarded.ts';
import { type HostPolicy, isAllowedHost } from '../net/host.ts';
import { isAllowedOrigin, type OriginPolicy } from '../net/origin.ts';
import { REQUEST_ID_HEADER, requestIdFrom } from '../observability/request-id.ts';
import { HandshakeOrder, REFUSALS } from './handshake-order.ts';
import { HeldBytes } from './held-bytes.ts';
import { rawSocket } from './raw-socket.ts';
import { isEcho } from './relay.ts';

export const SYNC_PATH = '/sync';
/** Carries the resolved client address from the upgrade handler to the crossws hook (set by us, never the client's). */
const CLIENT_ADDRESS_HEADER = 'x-taskflow-client-address';

/**
 * How long an Update may wait for its socket's handshake before it is let through anyway, and how
 * long a document may stay unauthenticated while the socket has frames of it in memory.
 */
const HANDSHAKE_WAIT_MS = 5_000;
/** Documents one socket may have awaiting authentication (the web app opens one per socket). */
const MAX_PENDING_DOCUMENTS = 8;
/** Beyond one largest frame, room for the handshake's own small frames. */
const SOCKET_SLACK_BYTES = 64 * 1024;
/**
 * Across all sockets, in largest frames: four clients can each be mid-handshake with their largest
 * frame at once; a fifth waits for its reconnect. Scaled with MAX_FRAME_BYTES so raising the frame
 * size does not make every large handshake a refusal.
 */
const SERVER_HELD_FRAMES = 4;

type ClientConnection = ReturnType<Hocuspocus['handleConnection']>;

export type SyncSockets = {
  /** Refuses new upgrades, asks every socket to close, and terminates the ones still open after `graceMs`. */
  close(graceMs: number): Promise<void>;
};

export function mountSync(
  httpServer: HttpServer,
  hocuspocus: Hocuspocus,
  options: {
    maxFrameBytes: number;
    logger: Logger;
    origins: OriginPolicy;
    hosts: HostPolicy;
    /** The reverse proxies whose X-Forwarded-For names the client (TRUST_PROXY). */
    proxies: ProxyTrust;
    /**
     * Seconds a peer address must wait before a new socket (a rate limit), 0 to admit it; a promise
     * when the limit is shared through Redis: awaited before the handshake (nothing reads the socket
     * meanwhile, so no frame is lost).
     */
    admitSocket?: (address: string) => number | Promise<number>;
  },
): SyncSockets {
  const { logger } = options;
  const clients = new WeakMap<object, { connection: ClientConnection; order: HandshakeOrder }>();
  const budget = new HeldBytes(SERVER_HELD_FRAMES * options.maxFrameBytes);
  let open = 0;
  let onDrained: (() => void) | null = null;
  let closing = false;

  const ws = crossws({
    // ws closes a socket whose message exceeds maxPayload with 1009, before any of it is parsed.
    serverOptions: { maxPayload: options.maxFrameBytes },
    hooks: {
      // The upgrade's id (set on the request below) answers in the 101 and rides in the peer's context.
      upgrade(request) {
        const requestId = requestIdFrom(request.headers.get(REQUEST_ID_HEADER));
        const address = request.headers.get(CLIENT_ADDRESS_HEADER) ?? undefined;
        return { headers: { [REQUEST_ID_HEADER]: requestId }, context: { requestId, address } };
      },
      open(peer) {
        open += 1;
        const requestId = typeof peer.context.requestId === 'string' ? peer.context.requestId : undefined;
        // crossws types peer.websocket as a partial WebSocket; Hocuspocus uses send/close/readyState,
        // our persistence also terminate. What the server sends passes the order, which learns there
        // how each document's authentication ended; a client's own update is not sent back (relay.ts).
        const socket = rawSocket(peer);
        let order: HandshakeOrder | undefined;
        const watched = {
          get readyState() {
            return socket.readyState;
          },
          send(data: Uint8Array) {
            if (isEcho(watched, data)) return;
            order?.sent(data);
            socket.send(data);
          },
          close: (code?: number, reason?: string) => socket.close(code, reason),
          terminate: () => socket.terminate?.(),
        };
        // The default context: every document's context on this socket starts with the request id.
        // The peer's address too: the per-address update limit (protection/sync-limits.ts).
        const connection = hocuspocus.handleConnection(watched, peer.request as Request, {
          requestId,
          address:
            typeof peer.context.address === 'string'
              ? peer.context.address
              : (peer.remoteAddress ?? 'unknown'),
        });
        order = new HandshakeOrder((frame) => connection.handleMessage(frame), {
          maxHeldBytes: options.maxFrameBytes,
          maxWaitMs: HANDSHAKE_WAIT_MS,
          maxSocketBytes: options.maxFrameBytes + SOCKET_SLACK_BYTES,
          maxPendingDocuments: MAX_PENDING_DOCUMENTS,
          budget,
          refuse: (refusal) => {
            const { code, reason } = REFUSALS[refusal];
            logger.warn(
              { requestId, peer: peer.id, refusal, heldBytes: budget.used },
              refusal === 'unreadable'
                ? 'websocket refused: unreadable frame'
                : 'websocket refused before authentication',
            );
            peer.close(code, reason);
          },
        });
        clients.set(peer, { connection, order });
      },
      message(peer, message) {
        clients.get(peer)?.order.accept(message.uint8Array());
      },
      close(peer, event) {
        open -= 1;
        const client = clients.get(peer);
        client?.order.close();
        client?.connection.handleClose({ code: event.code ?? 1000, reason: event.reason ?? '' });
        clients.delete(peer);
        if (open === 0) onDrained?.();
      },
      error(peer, error) {
        const requestId = peer.context.requestId;
        logger.warn({ requestId, peer: peer.id, err: error }, 'websocket error');
      },
    },
  });

  httpServer.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A reset during the handshake must not surface as an unhandled 'error' event.
    // One id for every line about this socket: the client's own when sane (request-id.ts). Written
    // back into the request so the upgrade hook above, which sees only a Request view, reads it.
    const requestId = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
    request.headers[REQUEST_ID_HEADER] = requestId;
    socket.on('error', (error) => logger.debug({ requestId, err: error }, 'upgrade socket error'));
    if (closing || pathOf(request.url) !== SYNC_PATH) {
      socket.destroy();
      return;
    }
    if (!isAllowedHost(options.hosts, request.headers.host)) {
      // DNS rebinding: a foreign name pointed at this server (net/host.ts).
      logger.warn({ requestId, host: request.headers.host?.slice(0, 200) }, 'websocket host refused');
      socket.end('HTTP/1.1 421 Misdirected Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    if (!isAllowedOrigin(options.origins, request.headers.origin, request.headers.host)) {
      // Logged without the URL's query: tokens never travel there, but nothing else should either.
      logger.warn({ requestId, origin: request.headers.origin?.slice(0, 200) }, 'websocket origin refused');
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    // Who is asking, proxies considered (net/forwarded.ts); always written, so a client's own
    // header of that name never survives to the hook above.
    const address = clientAddressOf(
      request.socket.remoteAddress,
      request.headers['x-forwarded-for'],
      options.proxies,
    );
    request.headers[CLIENT_ADDRESS_HEADER] = address;
    const admit = (wait: number) => {
      if (wait > 0) {
        socket.end(
          `HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${wait}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
        );
        return;
      }
      ws.handleUpgrade(request, socket, head).catch((error: unknown) => {
        logger.warn({ requestId, err: error }, 'websocket upgrade failed');
        socket.destroy();
      });
    };
    const wait = options.admitSocket?.(address) ?? 0;
    if (typeof wait === 'number') {
      admit(wait);
      return;
    }
    // A shared limit answers later: the peer may have gone, or the server begun closing, meanwhile.
    wait.then(
      (seconds) => {
        if (closing || socket.destroyed) socket.destroy();
        else admit(seconds);
      },
      (error: unknown) => {
        logger.warn({ requestId, err: error }, 'websocket admission failed');
        socket.destroy();
      },
    );
  });

  return {
    async close(graceMs) {
      closing = true;
      if (open > 0) {
        const drained = new Promise<void>((resolve) => {
          onDrained = resolve;
        });
        ws.closeAll(1001, 'server shutting down');
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        });
        await Promise.race([drained, timedOut]);
        clearTimeout(timer);
        if (open > 0) ws.closeAll(1001, 'server shutting down', true);
      }
      await ws.close(1001, 'server shutting down');
    },
  };
}

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return '';
  }
}
