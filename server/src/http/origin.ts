/**
 * The Origin allowlist for the sync WebSocket and the cookie-authenticated auth routes. Browsers
 * send cookies on cross-site WebSocket handshakes (cross-site WebSocket hijacking), so the Origin
 * header is the only thing that tells our pages from someone else's (ASVS 5.0 4.4.2). A request
 * without Origin is not a browser page's (scripts, integrations) and is allowed: it carries no
 * ambient credentials a page could abuse.
 */
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
