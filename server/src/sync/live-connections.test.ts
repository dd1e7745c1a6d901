import { Connection, Document } from '@hocuspocus/server';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { RevokedTokens, Users } from '../accounts/users.ts';
import { Workspaces } from '../accounts/workspaces.ts';
import { createLogger } from '../logger.ts';
import { runMigrations } from '../persistence/migrations.ts';
import { LiveConnections } from './live-connections.ts';

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const f of cleanup.reverse()) f();
  cleanup = [];
});

/** Real stores on an in-memory database with every table, and a counter of the rights lookups. */
function setUp() {
  const db = new Database(':memory:');
  cleanup.push(() => db.close());
  runMigrations(db);
  const users = new Users(db);
  const workspaces = new Workspaces(db);
  const revoked = new RevokedTokens(db);
  const ann = users.create({ email: 'ann@example.com', name: 'Ann', passwordHash: 'x' });
  if (ann === 'email_taken') throw new Error('setup');
  const ws = workspaces.create('Team', ann.id);
  const lookups = { revoked: 0, role: 0 };
  const live = new LiveConnections(
    {
      isRevoked: (jti) => {
        lookups.revoked += 1;
        return revoked.isRevoked(jti);
      },
      roleOf: (workspaceId, userId) => {
        lookups.role += 1;
        return workspaces.roleOf(workspaceId, userId);
      },
    },
    createLogger('silent'),
  );
  const doc = new Document(ws.id);
  cleanup.push(() => doc.destroy());
  const closed: number[] = [];
  /** A socket of Ann's on the workspace, as onAuthenticate leaves it (documents.ts). */
  const open = async (jti: string) => {
    const socket = { readyState: 1, send() {}, close: (code: number) => closed.push(code) };
    const exp = Math.floor(Date.now() / 1000) + 600;
    const context = { userId: ann.id, name: 'Ann', role: 'owner', jti, exp };
    const connection = new Connection(socket, new Request('http://localhost/sync'), doc, jti, context);
    await live.extension.connected?.({ connection } as never);
  };
  return { live, lookups, open, closed, revoked };
}

describe('live connections sweep', () => {
  it('looks each token and each member up once per sweep, however many sockets share them', async () => {
    const { live, lookups, open, closed } = setUp();
    for (let i = 0; i < 5; i++) await open('token-1');
    await open('token-2');
    expect(live.sweep()).toBe(0);
    expect(lookups).toEqual({ revoked: 2, role: 1 });
    expect(closed).toEqual([]);
  });

  it('still closes every socket of a revoked token', async () => {
    const { live, open, closed, revoked } = setUp();
    for (let i = 0; i < 3; i++) await open('token-1');
    await open('token-2');
    revoked.revoke('token-1', Date.now() + 60_000);
    expect(live.sweep()).toBe(3);
    expect(closed).toEqual([4401, 4401, 4401]);
    expect(live.size).toBe(1);
  });
});
