/**
 * Must-show 4 (issue 3): logout, removal and a downgrade to viewer reach a live provider within
 * 5 s: the server closes the socket, the provider reconnects and re-authenticates with its current
 * rights, and is refused (logout, removal) or comes back read-only (downgrade).
 */
import { createTask, FIRST_PROJECT_ID } from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED } from '../src/sync/live-connections.ts';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, type TestClient } from './helpers/client.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';

const WITHIN_MS = 5_000;

function closed(client: TestClient): Promise<{ code: number; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    client.socket.on('close', ({ event }: { event: { code: number } }) =>
      resolve({ code: event.code, ms: performance.now() - t0 }),
    );
  });
}

const authFailed = (client: TestClient) =>
  new Promise<string>((resolve) =>
    client.provider.on('authenticationFailed', ({ reason }: { reason: string }) => resolve(reason)),
  );
const authenticated = (client: TestClient) =>
  new Promise<string>((resolve) =>
    client.provider.on('authenticated', ({ scope }: { scope: string }) => resolve(scope)),
  );

describe('rights change on open connections', () => {
  let server: TestServer;
  let owner: Session;
  let ws: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUp(server.url);
    ws = await createWorkspace(owner, 'Live');
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.close();
  });

  async function memberWithBoard(
    role: 'member' | 'admin' = 'member',
  ): Promise<{ s: Session; client: TestClient }> {
    const s = await signUp(server.url);
    await addMember(owner, ws, s, role);
    const client = connectClient(server.wsUrl, { name: ws, token: s.token });
    clients.push(client);
    await client.synced;
    expect(client.provider.authorizedScope).toBe('read-write');
    return { s, client };
  }

  test('logout closes the user’s sockets within 5 s, and the revoked token is refused on reconnect', async () => {
    const { s, client } = await memberWithBoard();
    const closing = closed(client);
    const refused = authFailed(client);
    expect(
      (await call(server.url, 'POST', '/auth/logout', { token: s.accessToken, cookie: s.cookie })).status,
    ).toBe(204);
    const { code, ms } = await closing;
    expect(code).toBe(CLOSE_UNAUTHENTICATED);
    expect(ms).toBeLessThan(WITHIN_MS);
    expect(await refused).toBe('unauthenticated');
  });

  test('removal closes the member’s socket within 5 s, and reconnecting is refused', async () => {
    const { s, client } = await memberWithBoard();
    const closing = closed(client);
    const refused = authFailed(client);
    const res = await call(server.url, 'DELETE', `/workspaces/${ws}/members/${s.user.id}`, {
      token: owner.accessToken,
    });
    expect(res.status).toBe(204);
    const { code, ms } = await closing;
    expect(code).toBe(CLOSE_FORBIDDEN);
    expect(ms).toBeLessThan(WITHIN_MS);
    expect(await refused).toBe('forbidden');
  });

  test('a downgrade to viewer comes back read-only within 5 s; the viewer’s edits are not stored', async () => {
    const { s, client } = await memberWithBoard('admin');
    const t0 = performance.now();
    const closing = closed(client);
    const res = await call(server.url, 'PATCH', `/workspaces/${ws}/members/${s.user.id}`, {
      token: owner.accessToken,
      body: { role: 'viewer' },
    });
    expect(res.body.member).toMatchObject({ userId: s.user.id, role: 'viewer' });
    expect((await closing).code).toBe(CLOSE_FORBIDDEN);
    expect(await authenticated(client)).toBe('readonly');
    expect(performance.now() - t0).toBeLessThan(WITHIN_MS);
    expect(client.provider.authorizedScope).toBe('readonly');

    // The owner sees nothing of what the viewer's Y.Doc does now.
    const watcher = connectClient(server.wsUrl, { name: ws, token: owner.token });
    clients.push(watcher);
    await watcher.synced;
    const id = createTask(
      client.doc,
      { origin: { kind: 'user', actorId: s.user.id } },
      { projectId: FIRST_PROJECT_ID, title: 'viewer edit' },
    );
    const marker = createTask(watcher.doc, watcher.editor, { projectId: FIRST_PROJECT_ID, title: 'after' });
    await watcher.acked();
    const fresh = connectClient(server.wsUrl, { name: ws, token: owner.token });
    clients.push(fresh);
    await fresh.synced;
    const tasks = fresh.doc.getMap('tasks');
    expect(tasks.has(marker)).toBe(true);
    expect(tasks.has(id)).toBe(false);
  });

  test('the sweep catches what no event announced (a role changed directly in the database)', async () => {
    const { s, client } = await memberWithBoard();
    const closing = closed(client);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(`${server.dataDir}/taskflow.sqlite`);
    try {
      db.prepare('UPDATE memberships SET role = ? WHERE workspace_id = ? AND user_id = ?').run(
        'viewer',
        ws,
        s.user.id,
      );
    } finally {
      db.close();
    }
    const { code, ms } = await closing;
    expect(code).toBe(CLOSE_FORBIDDEN);
    expect(ms).toBeLessThan(WITHIN_MS);
  });
});
