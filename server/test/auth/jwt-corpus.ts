/**
 * At least 30 access tokens the server must refuse, each named for what is wrong with it. Used by
 * the unit test of `verifyAccessToken` and by the REST and WebSocket integration tests.
 */
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { ACCESS_TYP, AUDIENCE, ISSUER } from '../../src/auth/access-tokens.ts';
import type { SigningKey } from '../../src/auth/signing-key.ts';

export type BadToken = { name: string; token: string };

const b64 = (x: unknown) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');

/** `valid` is a token the server accepts for `userId`; `revoked` one whose jti was revoked. */
export async function badTokens(
  key: SigningKey,
  userId: string,
  extra: { valid: string; revoked?: string; refresh?: string },
): Promise<BadToken[]> {
  const now = Math.floor(Date.now() / 1000);
  const good: JWTPayload = {
    sub: userId,
    jti: crypto.randomUUID(),
    iss: ISSUER,
    aud: AUDIENCE,
    iat: now,
    nbf: now,
    exp: now + 600,
  };
  const sign = (
    payload: JWTPayload,
    header: Record<string, unknown> = {},
    signer: CryptoKey | Uint8Array = key.privateKey,
    alg = 'ES256',
  ) =>
    new SignJWT(payload).setProtectedHeader({ alg, typ: ACCESS_TYP, kid: key.kid, ...header }).sign(signer);
  const without = (k: keyof JWTPayload) => {
    const p = { ...good };
    delete p[k];
    return p;
  };
  const [h, p, s] = extra.valid.split('.') as [string, string, string];
  const other = await generateKeyPair('ES256');
  const rsa = await generateKeyPair('RS256');
  const ed = await generateKeyPair('EdDSA');
  const es384 = await generateKeyPair('ES384');
  const publicJwk = await exportJWK(key.publicKey);
  const hmacFromPublic = new TextEncoder().encode(JSON.stringify(publicJwk));
  const tokens: BadToken[] = [
    { name: 'alg none', token: `${b64({ alg: 'none', typ: ACCESS_TYP })}.${b64(good)}.` },
    { name: 'alg None (case)', token: `${b64({ alg: 'None', typ: ACCESS_TYP })}.${b64(good)}.` },
    {
      name: 'alg none with a signature',
      token: `${b64({ alg: 'none', typ: ACCESS_TYP })}.${b64(good)}.${s}`,
    },
    {
      name: 'HS256 keyed with our public key (alg confusion)',
      token: await sign(good, {}, hmacFromPublic, 'HS256'),
    },
    {
      name: 'HS256 random secret',
      token: await sign(good, {}, crypto.getRandomValues(new Uint8Array(32)), 'HS256'),
    },
    { name: 'ES256 another key', token: await sign(good, {}, other.privateKey) },
    { name: 'ES384 another key', token: await sign(good, {}, es384.privateKey, 'ES384') },
    { name: 'RS256 another key', token: await sign(good, {}, rsa.privateKey, 'RS256') },
    { name: 'EdDSA another key', token: await sign(good, {}, ed.privateKey, 'EdDSA') },
    { name: 'expired', token: await sign({ ...good, iat: now - 1000, nbf: now - 1000, exp: now - 100 }) },
    { name: 'not yet valid (nbf)', token: await sign({ ...good, nbf: now + 300 }) },
    { name: 'issued in the future (iat)', token: await sign({ ...good, iat: now + 300, exp: now + 900 }) },
    { name: 'lifetime longer than ours', token: await sign({ ...good, exp: now + 7 * 24 * 3600 }) },
    { name: 'wrong issuer', token: await sign({ ...good, iss: 'evil' }) },
    { name: 'no issuer', token: await sign(without('iss')) },
    { name: 'wrong audience', token: await sign({ ...good, aud: 'other-api' }) },
    { name: 'no audience', token: await sign(without('aud')) },
    { name: 'no typ', token: await sign(good, { typ: undefined }) },
    { name: 'typ JWT', token: await sign(good, { typ: 'JWT' }) },
    { name: 'typ refresh', token: await sign(good, { typ: 'refresh+jwt' }) },
    { name: 'no subject', token: await sign(without('sub')) },
    { name: 'no jti', token: await sign(without('jti')) },
    { name: 'no expiry', token: await sign(without('exp')) },
    { name: 'expiry as a string', token: await sign({ ...good, exp: String(now + 600) as never }) },
    {
      name: 'tampered payload (other subject)',
      token: `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'someone-else' })}.${s}`,
    },
    { name: 'tampered header (alg)', token: `${b64({ alg: 'HS256', typ: ACCESS_TYP })}.${p}.${s}` },
    { name: 'signature removed', token: `${h}.${p}.` },
    { name: 'signature of another token', token: `${h}.${p}.${(await sign(good)).split('.')[2]}` },
    { name: 'garbage', token: 'this-is-not-a-jwt' },
    { name: 'empty', token: '' },
    { name: 'two segments', token: `${h}.${p}` },
    { name: 'four segments', token: `${h}.${p}.${s}.x` },
    { name: 'JWE-shaped', token: `${h}.a.b.c.d` },
    { name: 'base64 garbage', token: '!!!.@@@.###' },
    { name: 'oversized', token: `${h}.${b64({ ...good, pad: 'x'.repeat(8000) })}.${s}` },
  ];
  if (extra.revoked) tokens.push({ name: 'revoked jti (after logout)', token: extra.revoked });
  if (extra.refresh) tokens.push({ name: 'a refresh token used as an access token', token: extra.refresh });
  return tokens;
}
