import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { badTokens } from '../../test/auth/jwt-corpus.ts';
import { signAccessToken, verifyAccessToken } from './access-tokens.ts';
import { KEY_FILE, loadOrCreateSigningKey } from './signing-key.ts';

const dir = mkdtempSync(join(tmpdir(), 'taskflow-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('access tokens', () => {
  it('A1: the signing key is generated once into DATA_DIR, private to the server, and reused', async () => {
    const first = await loadOrCreateSigningKey(dir);
    const again = await loadOrCreateSigningKey(dir);
    expect(again.kid).toBe(first.kid);
    expect(statSync(join(dir, KEY_FILE)).mode & 0o077).toBe(0);
    const { token } = await signAccessToken(first, 'u1');
    expect((await verifyAccessToken(again, token)).ok).toBe(true);
  });

  it('A2: a valid token carries the user and expires after 15 minutes', async () => {
    const key = await loadOrCreateSigningKey(dir);
    const t0 = Date.now();
    const { token, expiresIn } = await signAccessToken(key, 'u1', () => t0);
    expect(expiresIn).toBe(900);
    const ok = await verifyAccessToken(key, token, { now: () => t0 + 60_000 });
    expect(ok).toMatchObject({ ok: true, claims: { sub: 'u1' } });
    expect(await verifyAccessToken(key, token, { now: () => t0 + 901_000 })).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(await verifyAccessToken(key, token, { isRevoked: () => true })).toEqual({
      ok: false,
      reason: 'revoked',
    });
  });

  it('A3: every token of the bad-token corpus (≥ 30) is refused', async () => {
    const key = await loadOrCreateSigningKey(dir);
    const { token: valid } = await signAccessToken(key, 'u1');
    const corpus = await badTokens(key, 'u1', { valid, refresh: 'opaque-refresh-token-value' });
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    for (const bad of corpus) {
      const result = await verifyAccessToken(key, bad.token);
      expect({ name: bad.name, ok: result.ok }).toEqual({ name: bad.name, ok: false });
    }
  });
});
