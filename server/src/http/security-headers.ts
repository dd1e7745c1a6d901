/**
 * Headers on every answer (the app, the API, probes, errors) that tell browsers what this origin
 * allows. The policy is the strictest the web app runs under:
 *
 * - scripts only from our own files (`script-src 'self'`, no inline script: the built index.html
 *   loads /theme-init.js (the theme before first paint) and one module, which registers the service
 *   worker), so injected markup cannot run;
 * - styles only from our own files; React sets `style` through the CSSOM, which CSP allows;
 * - connections only to this origin (REST and the /sync WebSocket: CSP 3 `'self'` covers ws/wss);
 * - no framing anywhere (`frame-ancestors 'none'`, and X-Frame-Options for older browsers):
 *   clickjacking the board or the members page is off the table;
 * - no referrer: unsubscribe and invitation links carry tokens in their query.
 */
import type { MiddlewareHandler } from 'hono';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
};

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next();
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
};
