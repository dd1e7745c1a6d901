/**
 * The Origin allowlist for the sync WebSocket and the cookie-authenticated auth routes. Browsers
 * send cookies on cross-site WebSocket handshakes (cross-site WebSocket hijacking), so the Origin
 * header is the only thing that tells our pages from someone else's (ASVS 5.0 4.4.2). A request
 * without Origin is not a browser page's (scripts, integrations) and is allowed: it carries no
 * ambient credentials a page could abuse.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.ts';

export type OriginPolicy = {
  /** Explicit allowlist (ALLOWED_ORIGINS); undefined means "the server's own origin". */
  allowed: readonly string[] | undefined;
};

export function isAllowedOrigin(
  policy: OriginPolicy,
  origin: string | null | undefined,
  host: string | null | undefined,
): boolean {
  if (origin === undefined || origin === null) return true;
  let normalized: string;
  try {
    normalized = new URL(origin).origin;
  } catch {
    return false;
  }
  if (policy.allowed) return policy.allowed.includes(normalized);
  if (!host) return false;
  // Behind a TLS proxy the request reaches us as http while the page is https: both schemes match.
  const h = host.toLowerCase();
  return normalized === `http://${h}` || normalized === `https://${h}`;
}

/**
 * The Origin check for the cookie routes (/api/v1/auth/*: the refresh cookie is scoped there),
 * for every unsafe method: login and register too, so a foreign page cannot sign a visitor into
 * an account of the attacker's choosing (login CSRF), and refresh and logout, which act on the
 * cookie. One middleware, so a new cookie route is covered without remembering to call a check.
 */
export function requireAllowedOrigin(policy: OriginPolicy): MiddlewareHandler {
  return async (c, next) => {
    const safe = c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS';
    if (!safe && !isAllowedOrigin(policy, c.req.header('origin'), c.req.header('host'))) {
      throw new ApiError('forbidden', 'This origin may not use the session cookie.');
    }
    await next();
  };
}
