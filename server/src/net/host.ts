/**
 * The Host allowlist, for HTTP requests and the sync WebSocket alike: DNS rebinding defence. A
 * foreign page can point its own name at 127.0.0.1 (or a LAN address) after loading, and its
 * scripts then reach this server as same-origin, with Host still naming the attacker's domain. So
 * a request is answered only when Host names this server:
 *
 * - a name from PUBLIC_URL or ALLOWED_ORIGINS, the names people are told to use;
 * - `localhost`, or an IP literal (127.0.0.1, [::1], a LAN address): a rebinding attack needs a
 *   name the attacker controls, and a page served from an IP literal is this server's own origin.
 *
 * Names are checked, not ports: a port does not make a foreign name ours, and the Vite dev proxy
 * forwards its own `localhost:5173`. A request without Host (HTTP/1.0, no browser sends one) is
 * let through: rebinding needs a browser. Anything else gets 421 (RFC 9110: this server is not
 * configured to answer for that authority).
 */
import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';

export type HostPolicy = { names: ReadonlySet<string> };

export function hostPolicy(options: {
  publicUrl?: string | undefined;
  allowedOrigins?: readonly string[] | undefined;
}): HostPolicy {
  const names = new Set<string>(['localhost']);
  for (const url of [options.publicUrl, ...(options.allowedOrigins ?? [])]) {
    if (url) names.add(hostnameOf(new URL(url).host));
  }
  return { names };
}

/** The Host header's name, lowercased, without port, brackets or a trailing dot. */
function hostnameOf(host: string): string {
  const h = host.trim().toLowerCase();
  const name = h.startsWith('[') ? h.slice(1, h.indexOf(']')) : h.replace(/:\d*$/, '');
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

export function isAllowedHost(policy: HostPolicy, host: string | undefined): boolean {
  if (host === undefined) return true;
  const name = hostnameOf(host);
  if (name === '') return false;
  return policy.names.has(name) || isIP(name) !== 0;
}

export const MISDIRECTED_MESSAGE =
  'This server does not answer to that host name. Reach it by the address in PUBLIC_URL, or add the name to ALLOWED_ORIGINS.';

export function requireAllowedHost(policy: HostPolicy): MiddlewareHandler {
  return async (c, next) => {
    if (!isAllowedHost(policy, c.req.header('host')))
      throw new ApiError('misdirected_request', MISDIRECTED_MESSAGE);
    await next();
  };
}
