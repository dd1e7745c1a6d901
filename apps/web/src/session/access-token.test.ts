import { describe, expect, it } from 'vitest';
import { holdToken, isFresh, REFRESH_MARGIN_MS } from './access-token.ts';

function jwtWithExp(exp: number): string {
  const b64 = (o: object) =>
    btoa(JSON.stringify(o)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${b64({ alg: 'ES256' })}.${b64({ exp })}.sig`;
}

describe('access tokens', () => {
  const now = 1_700_000_000_000;

  it('expires at the earlier of the exp claim and expiresIn', () => {
    expect(holdToken(jwtWithExp(now / 1000 + 300), 900, now).expiresAt).toBe(now + 300_000);
    expect(holdToken(jwtWithExp(now / 1000 + 3600), 900, now).expiresAt).toBe(now + 900_000);
  });

  it('falls back to expiresIn when the token is not a readable JWT', () => {
    expect(holdToken('opaque', 900, now).expiresAt).toBe(now + 900_000);
  });

  it('counts a token as fresh only until the refresh margin', () => {
    const token = holdToken('opaque', 900, now);
    expect(isFresh(token, now)).toBe(true);
    expect(isFresh(token, token.expiresAt - REFRESH_MARGIN_MS + 1)).toBe(false);
    expect(isFresh(null, now)).toBe(false);
  });
});
