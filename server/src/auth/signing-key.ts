/**
 * The key that signs access tokens. One process (SQLite): generated on first start into DATA_DIR
 * (mode 0600) and never written anywhere else; deleting the file signs everyone out. Several
 * processes on PostgreSQL (issue 16): kept in the database (shared-secrets.ts), created once by
 * whichever process starts first, so a token signed by one is accepted by every other.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import type { SharedSecrets } from './shared-secrets.ts';

export const TOKEN_ALG = 'ES256';
export const KEY_FILE = 'signing-key.json';
/** Its name in the shared secrets (PostgreSQL). */
export const SIGNING_KEY_SECRET = 'signing-key';

export type SigningKey = { privateKey: CryptoKey; publicKey: CryptoKey; kid: string };

/** A new private key as JWK text (with its `kid`). */
async function newKeyJson(): Promise<string> {
  const { privateKey } = await generateKeyPair(TOKEN_ALG, { extractable: true });
  return JSON.stringify({ ...(await exportJWK(privateKey)), alg: TOKEN_ALG, kid: crypto.randomUUID() });
}

async function keyFromJson(text: string): Promise<SigningKey> {
  const jwk = JSON.parse(text) as JWK & { kid: string };
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, TOKEN_ALG)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, TOKEN_ALG)) as CryptoKey,
    kid: jwk.kid,
  };
}

export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    // 'wx': if another process created it meanwhile, fail rather than overwrite its key.
    writeFileSync(file, await newKeyJson(), { mode: 0o600, flag: 'wx' });
  }
  return keyFromJson(readFileSync(file, 'utf8'));
}

/** The key every process shares: the stored one, or ours if we are the first to store one. */
export async function loadOrCreateSharedSigningKey(secrets: SharedSecrets): Promise<SigningKey> {
  const existing = secrets.get(SIGNING_KEY_SECRET);
  return keyFromJson(existing ?? secrets.getOrCreate(SIGNING_KEY_SECRET, await newKeyJson()));
}
