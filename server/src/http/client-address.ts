import type { MiddlewareHandler } from 'hono';
import { clientAddressOf, type ProxyTrust } from '../net/forwarded.ts';
import type { ApiContext } from './api-types.ts';

type AddressEnv = { Variables: { clientAddress?: string } };

/**
 * Works out once per request who is asking: the socket peer, or behind a proxy named in
 * TRUST_PROXY the address it vouches for (net/forwarded.ts). X-Forwarded-For from anyone else is
 * not read: any client can set it, and trusting it would let an attacker pick a fresh address for
 * every guess.
 */
export function resolveClientAddress(trust: ProxyTrust): MiddlewareHandler<AddressEnv> {
  return async (c, next) => {
    const incoming = (c.env as ApiContext['env'] | undefined)?.incoming;
    c.set(
      'clientAddress',
      clientAddressOf(incoming?.socket?.remoteAddress, incoming?.headers['x-forwarded-for'], trust),
    );
    await next();
  };
}

/** The client's address (resolveClientAddress), or the socket peer where nothing resolved it. */
export function clientAddress(c: ApiContext): string {
  return c.get('clientAddress') ?? c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
