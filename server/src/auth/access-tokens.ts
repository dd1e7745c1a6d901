/**
 * Access tokens: short JWTs (15 minutes) with the algorithm pinned and issuer, audience and type
 * checked (RFC 8725, JWT best current practice). Revocation is by `jti` (logout) and is checked by
 * the caller-supplied `isRevoked`, so a stolen token stops working at logout, not at expiry.
 */
import { errors, jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';
import { type SigningKey, TOKEN_ALG } from './signing-key.ts';

export const ACCESS_TOKEN_TTL_S = 15 * 60;
export const ISSUER = 'taskflow';
export const AUDIENCE = 'taskflow-api';
/** RFC 9068's media type: a refresh or ID token can never pass for an access token. */
export const ACCESS_TYP = 'at+jwt';

const claimsSchema = z.object({
  sub: z.string().min(1).max(200),
  jti: z.string().min(1).max(200),
  iat: z.number().int(),
  exp: z.number().int(),
  /** The session (refresh family) that minted the token: a password change keeps the caller's. */
  sid: z.string().min(1).max(200).optional(),
});
export type AccessClaims = z.infer<typeof claimsSchema>;

export type TokenFailure = 'expired' | 'invalid' | 'revoked';
export type VerifyResult = { ok: true; claims: AccessClaims } | { ok: false; reason: TokenFailure };

export async function signAccessToken(
  key: SigningKey,
  userId: string,
  now: () => number = Date.now,
  sessionId?: string,
): Promise<{ token: string; jti: string; expiresIn: number }> {
  const jti = crypto.randomUUID();
  const iat = Math.floor(now() / 1000);
  const token = await new SignJWT(sessionId === undefined ? {} : { sid: sessionId })
    .setProtectedHeader({ alg: TOKEN_ALG, typ: ACCESS_TYP, kid: key.kid })
    .setSubject(userId)
    .setJti(jti)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_S)
    .sign(key.privateKey);
  return { token, jti, expiresIn: ACCESS_TOKEN_TTL_S };
}

export async function verifyAccessToken(
  key: SigningKey,
  token: string,
  options: { now?: () => number; isRevoked?: (jti: string) => boolean } = {},
): Promise<VerifyResult> {
  if (token.length > 4096) return { ok: false, reason: 'invalid' };
  try {
    const { payload } = await jwtVerify(token, key.publicKey, {
      algorithms: [TOKEN_ALG],
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: ACCESS_TYP,
      requiredClaims: ['sub', 'jti', 'iat', 'exp', 'nbf'],
      currentDate: new Date(options.now ? options.now() : Date.now()),
      // No leeway: a 15-minute token is refreshed well before it runs out.
      clockTolerance: 0,
      maxTokenAge: ACCESS_TOKEN_TTL_S,
    });
    const claims = claimsSchema.safeParse(payload);
    if (!claims.success) return { ok: false, reason: 'invalid' };
    // A token minted to live longer than ours do was not minted by us.
    if (claims.data.exp - claims.data.iat > ACCESS_TOKEN_TTL_S) return { ok: false, reason: 'invalid' };
    if (options.isRevoked?.(claims.data.jti)) return { ok: false, reason: 'revoked' };
    return { ok: true, claims: claims.data };
  } catch (error) {
    return { ok: false, reason: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
