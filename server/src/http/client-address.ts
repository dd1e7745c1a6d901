import type { ApiContext } from './api-types.ts';

/**
 * The peer's socket address. X-Forwarded-For is deliberately not read: any client can set it, and
 * trusting it would let an attacker pick a fresh address for every guess.
 */
export function clientAddress(c: ApiContext): string {
  return c.env?.incoming?.socket?.remoteAddress ?? 'unknown';
}
