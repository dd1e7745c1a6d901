/** When an access token runs out: its `exp` claim if readable, else the server's `expiresIn`. */

/** Refresh this long before expiry, so a request never leaves with a token about to die. */
export const REFRESH_MARGIN_MS = 60_000;

export type HeldToken = { value: string; expiresAt: number };

function decodeExp(jwt: string): number | null {
  const payload = jwt.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp: unknown = JSON.parse(json).exp;
    return typeof exp === 'number' && Number.isFinite(exp) ? exp * 1000 : null;
  } catch {
    return null;
  }
}

export function holdToken(value: string, expiresInSeconds: number, now = Date.now()): HeldToken {
  const fromServer = now + expiresInSeconds * 1000;
  const exp = decodeExp(value);
  // The earlier of the two: a skewed client clock must not keep a token the server thinks is dead.
  return { value, expiresAt: exp === null ? fromServer : Math.min(exp, fromServer) };
}

export function isFresh(token: HeldToken | null, now = Date.now()): token is HeldToken {
  return token !== null && token.expiresAt - now > REFRESH_MARGIN_MS;
}
