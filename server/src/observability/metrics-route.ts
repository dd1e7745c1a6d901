/**
 * `GET /metrics` on the main port, and who may read it.
 *
 * The numbers say how busy the server is and how many people are connected: not secret like a
 * password, but not for everyone. With a token configured, only `Authorization: Bearer <token>`
 * gets them, from anywhere (compared in constant time, so the answer's timing says nothing about
 * how much of a guess was right). Without one, only a client on this machine: the socket's peer is
 * a loopback address AND the request carries no proxy header. A reverse proxy on the same host
 * connects from 127.0.0.1 for every visitor; Caddy and nginx (as the README configures it) add
 * X-Forwarded-For / Forwarded, so such requests are refused instead of being taken for local.
 * (We never read those headers for the address itself: any client can write them.)
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Handler } from 'hono';
import { errorBody } from '../errors.ts';
import type { Metrics } from './metrics.ts';

export type MetricsAccess = {
  /** Unset: loopback clients only. */
  token?: string | undefined;
};

export type AccessDecision = 'allow' | 'unauthorized' | 'forbidden';

const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip', 'x-forwarded-host'];

/** Whether `address` (a socket's remote address, as Node gives it) is this machine's loopback. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** The access rule alone, for any request's parts (unit-tested with addresses a test cannot bind). */
export function decideMetricsAccess(
  access: MetricsAccess,
  request: { remoteAddress: string | undefined; authorization: string | undefined; proxied: boolean },
): AccessDecision {
  if (access.token !== undefined) {
    const given = /^Bearer (.+)$/i.exec(request.authorization ?? '')?.[1];
    return given !== undefined && sameSecret(given, access.token) ? 'allow' : 'unauthorized';
  }
  return isLoopback(request.remoteAddress) && !request.proxied ? 'allow' : 'forbidden';
}

export function metricsRoute(metrics: Pick<Metrics, 'registry'>, access: MetricsAccess): Handler {
  return async (c: Context) => {
    const decision = decideMetricsAccess(access, {
      remoteAddress: (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
        ?.socket?.remoteAddress,
      authorization: c.req.header('authorization'),
      proxied: PROXY_HEADERS.some((h) => c.req.header(h) !== undefined),
    });
    c.header('cache-control', 'no-store');
    if (decision === 'unauthorized') {
      c.header('www-authenticate', 'Bearer realm="metrics"');
      return c.json(errorBody('unauthenticated', 'A valid metrics token is required.'), 401);
    }
    if (decision === 'forbidden')
      return c.json(
        errorBody(
          'forbidden',
          'Metrics answer clients on this machine only; set METRICS_TOKEN to read them remotely.',
        ),
        403,
      );
    const body = await metrics.registry.metrics();
    return c.body(body, 200, { 'content-type': metrics.registry.contentType });
  };
}

/** Hashing first gives both sides one length, which timingSafeEqual requires, without leaking it. */
function sameSecret(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
