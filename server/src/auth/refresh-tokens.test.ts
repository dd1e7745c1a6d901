/**
 * The crash grace of refresh rotation (issue 8, item 8), with a test clock: the token just rotated
 * may come back while its successor is unused and within REFRESH_GRACE_MS; anything else retired
 * is reuse and ends the family.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Users } from '../accounts/users.ts';
import { openDatabase } from '../persistence/database.ts';
import { REFRESH_GRACE_MS, RefreshTokens, type RotateResult } from './refresh-tokens.ts';

let dir: string;
let db: Database.Database;
let now: number;
let tokens: RefreshTokens;
let userId: string;
const clock = () => now;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'taskflow-refresh-'));
  db = openDatabase({ dataDir: dir, synchronous: 'normal' });
  now = Date.UTC(2026, 10, 22);
  const ann = new Users(db, clock).create({ email: 'ann@example.com', name: 'Ann', passwordHash: 'h' });
  if (ann === 'email_taken') throw new Error('unexpected');
  userId = ann.id;
  tokens = new RefreshTokens(db, clock);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

function next(result: RotateResult): string {
  if (!result.ok) throw new Error(`rotation refused: ${result.reason}`);
  return result.token;
}

describe('refresh rotation with a crash grace', () => {
  it('the token just rotated, presented again, gets a new successor; the lost successor becomes reuse', () => {
    const first = tokens.issue(userId).token;
    const lost = next(tokens.rotate(first)); // the browser crashed before this cookie was on disk
    now += 2_000;
    const again = tokens.rotate(first);
    expect(again).toMatchObject({ ok: true, replayed: true, userId });
    const kept = next(again);
    expect(kept).not.toBe(lost);
    // The holder moves on with the new successor; the family is alive.
    const after = next(tokens.rotate(kept));
    // The successor that never arrived is retired: whoever presents it has a copy.
    expect(tokens.rotate(lost)).toMatchObject({ ok: false, reason: 'reused' });
    expect(tokens.rotate(after)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('survives a crash loop: the same token may come back while no successor was presented', () => {
    const first = tokens.issue(userId).token;
    let successor = '';
    for (let crash = 0; crash < 4; crash++) {
      now += 1_500;
      successor = next(tokens.rotate(first));
    }
    expect(tokens.rotate(successor)).toMatchObject({ ok: true, replayed: false });
  });

  it('once a successor was presented, the previous token is reuse and ends the family', () => {
    const first = tokens.issue(userId).token;
    const second = next(tokens.rotate(first));
    const third = next(tokens.rotate(second));
    expect(tokens.rotate(first)).toMatchObject({ ok: false, reason: 'reused' });
    expect(tokens.rotate(third)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('the previous token of a live successor: reuse when a thief presents it after the holder refreshed', () => {
    const first = tokens.issue(userId).token;
    const second = next(tokens.rotate(first));
    // The thief redeems `first` before the holder refreshes: allowed (it equals stealing `second`)...
    const thief = next(tokens.rotate(first));
    // ...and the holder's next refresh presents the superseded `second`: the family ends, thief too.
    expect(tokens.rotate(second)).toMatchObject({ ok: false, reason: 'reused' });
    expect(tokens.rotate(thief)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('only the immediately previous token has a grace: an older one is reuse', () => {
    const first = tokens.issue(userId).token;
    const second = next(tokens.rotate(first));
    next(tokens.rotate(second)); // third, never presented
    expect(tokens.rotate(first)).toMatchObject({ ok: false, reason: 'reused' });
  });

  it('after the grace window the previous token is reuse, even with its successor unused', () => {
    const first = tokens.issue(userId).token;
    const lost = next(tokens.rotate(first));
    now += REFRESH_GRACE_MS + 1;
    expect(tokens.rotate(first)).toMatchObject({ ok: false, reason: 'reused' });
    expect(tokens.rotate(lost)).toMatchObject({ ok: false, reason: 'invalid' });
  });

  it('right at the end of the window it is still accepted', () => {
    const first = tokens.issue(userId).token;
    next(tokens.rotate(first));
    now += REFRESH_GRACE_MS;
    expect(tokens.rotate(first)).toMatchObject({ ok: true, replayed: true });
  });

  it('a token rotated before the migration keeps the old rule: presented again, it is reuse', () => {
    const first = tokens.issue(userId).token;
    next(tokens.rotate(first));
    // What migration 6 does to rows rotated under the old rule.
    db.exec('UPDATE refresh_tokens SET retired_at = used_at, parent_hash = NULL WHERE used_at IS NOT NULL');
    expect(tokens.rotate(first)).toMatchObject({ ok: false, reason: 'reused' });
  });
});
