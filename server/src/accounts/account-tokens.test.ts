import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_LINK_TTL_MS, hashLinkToken, linkToken } from '../auth/account-links.ts';
import { openDatabase } from '../persistence/database.ts';
import { AccountTokens } from './account-tokens.ts';
import { Users } from './users.ts';

let dir: string;
let db: Database.Database;
let now: number;
const clock = () => now;
const secret = Buffer.alloc(32, 7);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'taskflow-account-tokens-'));
  db = openDatabase({ dataDir: dir, synchronous: 'normal' });
  now = Date.UTC(2026, 11, 3);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function someone(): string {
  const user = new Users(db, clock).create({
    email: `${crypto.randomUUID()}@example.com`,
    name: 'A',
    passwordHash: 'h',
  });
  if (user === 'email_taken') throw new Error('taken');
  return user.id;
}

describe('account links', () => {
  it('keep only a hash; the token derives from the id with the secret', () => {
    const tokens = new AccountTokens(db, secret, clock);
    const link = tokens.issue(someone(), 'password_reset');
    expect(link.token).toBe(linkToken(secret, link.id));
    const row = db.prepare('SELECT * FROM account_tokens').get() as Record<string, unknown>;
    expect(row.hash).toBe(hashLinkToken(link.token));
    expect(JSON.stringify(row)).not.toContain(link.token);
    expect(linkToken(Buffer.alloc(32, 8), link.id)).not.toBe(link.token);
  });

  it('work once, for their purpose only, until they expire', () => {
    const tokens = new AccountTokens(db, secret, clock);
    const user = someone();
    const reset = tokens.issue(user, 'password_reset');
    expect(tokens.redeem(reset.token, ['email_verify', 'email_change'])).toBe('unknown');
    expect(tokens.redeem(reset.token, ['password_reset'])).toEqual({
      userId: user,
      purpose: 'password_reset',
      email: null,
    });
    expect(tokens.redeem(reset.token, ['password_reset'])).toBe('used');

    const change = tokens.issue(user, 'email_change', 'new@example.com');
    now += ACCOUNT_LINK_TTL_MS.email_change;
    expect(tokens.redeem(change.token, ['email_change'])).toBe('expired');
    expect(tokens.redeem('nonsense', ['email_change'])).toBe('unknown');
  });

  it('a newer link of a purpose replaces the older; other purposes and people keep theirs', () => {
    const tokens = new AccountTokens(db, secret, clock);
    const [ann, bob] = [someone(), someone()];
    const older = tokens.issue(ann, 'password_reset');
    const verify = tokens.issue(ann, 'email_verify');
    const bobs = tokens.issue(bob, 'password_reset');
    const newer = tokens.issue(ann, 'password_reset');
    expect(tokens.redeem(older.token, ['password_reset'])).toBe('unknown');
    expect(tokens.redeem(newer.token, ['password_reset'])).toMatchObject({ userId: ann });
    expect(tokens.redeem(verify.token, ['email_verify'])).toMatchObject({ userId: ann });
    expect(tokens.redeem(bobs.token, ['password_reset'])).toMatchObject({ userId: bob });
  });

  it('a redemption inside a transaction that fails leaves the link unused', () => {
    const tokens = new AccountTokens(db, secret, clock);
    const link = tokens.issue(someone(), 'email_change', 'x@example.com');
    expect(() =>
      db.transaction(() => {
        tokens.redeem(link.token, ['email_change']);
        throw new Error('the address was taken meanwhile');
      })(),
    ).toThrow();
    expect(tokens.redeem(link.token, ['email_change'])).toMatchObject({ email: 'x@example.com' });
  });
});
