import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REFRESH_TTL_MS, RefreshTokens } from '../auth/refresh-tokens.ts';
import { openDatabase } from '../persistence/database.ts';
import { INVITATION_TTL_MS, Invitations } from './invitations.ts';
import { Users } from './users.ts';
import { Workspaces } from './workspaces.ts';

let dir: string;
let db: Database.Database;
let now: number;
const clock = () => now;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'taskflow-accounts-'));
  db = openDatabase({ dataDir: dir, synchronous: 'normal' });
  now = Date.UTC(2026, 10, 22);
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('accounts', () => {
  it('A4: emails are unique regardless of case', () => {
    const users = new Users(db, clock);
    const ann = users.create({ email: 'ann@example.com', name: 'Ann', passwordHash: 'h' });
    expect(ann).toMatchObject({ email: 'ann@example.com', name: 'Ann' });
    expect(users.create({ email: 'ANN@example.com', name: 'Other', passwordHash: 'h' })).toBe('email_taken');
    expect(users.withPasswordByEmail('Ann@Example.com')?.user.name).toBe('Ann');
  });

  it('A5: refresh tokens rotate; reusing a rotated one revokes the whole family', () => {
    const users = new Users(db, clock);
    const ann = users.create({ email: 'ann@example.com', name: 'Ann', passwordHash: 'h' });
    if (ann === 'email_taken') throw new Error('unexpected');
    const tokens = new RefreshTokens(db, clock);
    const first = tokens.issue(ann.id);
    const second = tokens.rotate(first.token);
    if (!second.ok) throw new Error('rotation failed');
    const third = tokens.rotate(second.token);
    expect(third.ok).toBe(true);
    // The stolen `first` comes back: everything in the family dies, including the newest token.
    expect(tokens.rotate(first.token)).toMatchObject({ ok: false, reason: 'reused' });
    if (third.ok) expect(tokens.rotate(third.token)).toMatchObject({ ok: false, reason: 'invalid' });
    // Another login is another family and unaffected.
    const other = tokens.issue(ann.id);
    expect(tokens.rotate(other.token).ok).toBe(true);
  });

  it('A5: a refresh family ends 30 days after login, however often it rotates', () => {
    const users = new Users(db, clock);
    const ann = users.create({ email: 'ann@example.com', name: 'Ann', passwordHash: 'h' });
    if (ann === 'email_taken') throw new Error('unexpected');
    const tokens = new RefreshTokens(db, clock);
    let token = tokens.issue(ann.id).token;
    for (let day = 1; day < 30; day++) {
      now += 24 * 3600 * 1000;
      const r = tokens.rotate(token);
      if (!r.ok) throw new Error(`rotation failed on day ${day}`);
      token = r.token;
    }
    now = Date.UTC(2026, 10, 22) + REFRESH_TTL_MS;
    expect(tokens.rotate(token)).toMatchObject({ ok: false, reason: 'expired' });
  });

  it('A6: workspaces list their members with roles; deleted ones give no role', () => {
    const users = new Users(db, clock);
    const ann = users.create({ email: 'ann@example.com', name: 'Ann', passwordHash: 'h' });
    const bob = users.create({ email: 'bob@example.com', name: 'Bob', passwordHash: 'h' });
    if (ann === 'email_taken' || bob === 'email_taken') throw new Error('unexpected');
    const ws = new Workspaces(db, clock);
    const w = ws.create('Acme', ann.id);
    ws.setRole(w.id, bob.id, 'viewer');
    expect(ws.roleOf(w.id, bob.id)).toBe('viewer');
    expect(ws.members(w.id).map((m) => [m.name, m.role])).toEqual([
      ['Ann', 'owner'],
      ['Bob', 'viewer'],
    ]);
    expect(ws.listFor(bob.id)).toEqual([{ id: w.id, name: 'Acme', createdAt: now, role: 'viewer' }]);
    ws.delete(w.id);
    expect(ws.roleOf(w.id, ann.id)).toBeNull();
    expect(ws.listFor(ann.id)).toEqual([]);
  });

  it('A7: an invitation is single-use, expires, and only works for the invited email', () => {
    const users = new Users(db, clock);
    const ann = users.create({ email: 'ann@example.com', name: 'Ann', passwordHash: 'h' });
    const bob = users.create({ email: 'bob@example.com', name: 'Bob', passwordHash: 'h' });
    if (ann === 'email_taken' || bob === 'email_taken') throw new Error('unexpected');
    const w = new Workspaces(db, clock).create('Acme', ann.id);
    const inv = new Invitations(db, clock);
    const a = inv.create({ workspaceId: w.id, email: 'Bob@example.com', role: 'member', invitedBy: ann.id });
    expect(inv.accept('nonsense', bob)).toEqual({ ok: false, reason: 'invalid' });
    expect(inv.accept(a.token, ann)).toEqual({ ok: false, reason: 'wrong_email' });
    expect(inv.accept(a.token, bob)).toEqual({ ok: true, workspaceId: w.id, role: 'member' });
    expect(inv.accept(a.token, bob)).toEqual({ ok: false, reason: 'used' });
    const b = inv.create({ workspaceId: w.id, email: 'bob@example.com', role: 'viewer', invitedBy: ann.id });
    expect(inv.pending(w.id).map((i) => i.id)).toEqual([b.id]);
    now += INVITATION_TTL_MS;
    expect(inv.accept(b.token, bob)).toEqual({ ok: false, reason: 'expired' });
  });
});
