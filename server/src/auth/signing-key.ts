/**
 * The key that signs access tokens. Generated on first start into DATA_DIR (mode 0600) and never
 * written anywhere else; deleting the file signs everyone out.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

export const TOKEN_ALG = 'ES256';
export const KEY_FILE = 'signing-key.json';

export type SigningKey = { privateKey: CryptoKey; publicKey: CryptoKey; kid: string };

export async function loadOrCreateSigningKey(dataDir: string): Promise<SigningKey> {
  const file = join(dataDir, KEY_FILE);
  if (!existsSync(file)) {
    const { privateKey } = await generateKeyPair(TOKEN_ALG, { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), alg: TOKEN_ALG, kid: crypto.randomUUID() };
    // 'wx': if another process created it meanwhile, fail rather than overwrite its key.
    writeFileSync(file, JSON.stringify(jwk), { mode: 0o600, flag: 'wx' });
  }
  const jwk = JSON.parse(readFileSync(file, 'utf8')) as JWK & { kid: string };
  const { d: _private, ...publicJwk } = jwk;
  return {
    privateKey: (await importJWK(jwk, TOKEN_ALG)) as CryptoKey,
    publicKey: (await importJWK(publicJwk, TOKEN_ALG)) as CryptoKey,
    kid: jwk.kid,
  };
}
