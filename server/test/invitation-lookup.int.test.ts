/**
 * The public invitation lookup (GET /invitations/:token): before signing in, the invitee's page
 * learns the workspace, who invited and the invited address (sign-up pre-fills it). Only a usable
 * token answers; a used, revoked or unknown one answers as accepting it would.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';

describe('invitation lookup', () => {
  let server: TestServer;
  let owner: Session;
  let ws: string;

  beforeAll(async () => {
    server = await startTestServer();
    owner = await signUp(server.url, { name: 'Olga Owner' });
    ws = await createWorkspace(owner, 'Rocket Team');
  });
  afterAll(async () => server?.close());

  const invite = async (email: string) => {
    const res = await call(server.url, 'POST', `/workspaces/${ws}/invite`, {
      token: owner.accessToken,
      body: { email, role: 'member' },
    });
    expect(res.status).toBe(201);
    return { id: res.body.id as string, token: String(res.body.url).split('/invite/')[1] ?? '' };
  };

  test('names the workspace, the inviter, the invited email and role, without signing in', async () => {
    const { token } = await invite('newcomer@example.com');
    const res = await call(server.url, 'GET', `/invitations/${token}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      workspaceName: 'Rocket Team',
      inviterName: 'Olga Owner',
      email: 'newcomer@example.com',
      role: 'member',
    });
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
  });

  test('an unknown or revoked token is 404, a used one 410', async () => {
    expect((await call(server.url, 'GET', '/invitations/nonsense')).status).toBe(404);

    const revoked = await invite('revoked@example.com');
    const del = await call(server.url, 'DELETE', `/workspaces/${ws}/invitations/${revoked.id}`, {
      token: owner.accessToken,
    });
    expect(del.status).toBe(204);
    expect((await call(server.url, 'GET', `/invitations/${revoked.token}`)).status).toBe(404);

    const invitee = await signUp(server.url, { name: 'Used Once' });
    const used = await invite(invitee.email);
    const accept = await call(server.url, 'POST', `/invitations/${used.token}/accept`, {
      token: invitee.accessToken,
    });
    expect(accept.status).toBe(200);
    const after = await call(server.url, 'GET', `/invitations/${used.token}`);
    expect(after.status).toBe(410);
    expect(after.body.error.code).toBe('gone');
  });
});
