/**
 * Issue 15, must-show 2 (logs): a real server whose pino output the test keeps, driven through
 * everything that handles a secret — sign-up and sign-in with a known password, the access token
 * and the refresh cookie, an invitation accepted by its token, a password reset by its emailed
 * link, email sent to a real SMTP server
 * (with an unsubscribe token and a comment's text in it), sync connections opened with the token,
 * and failing requests (a bad token, a wrong password). Then the whole log is searched: no
 * planted secret appears in it, each request id a response returned is in the log with its user,
 * and the sync connection's lines carry the id of their upgrade request.
 */
import { randomUUID } from 'node:crypto';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { type RunningServer, startServer } from '@taskflow/server';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { createLogger } from '../src/logger.ts';
import { call, createWorkspace, login, refreshCookie, register, type Session } from './helpers/auth.ts';
import { connectClient } from './helpers/client.ts';
import { type MailSink, parseHeaders, startMailSink } from './helpers/smtp.ts';
import { tempDir } from './helpers/temp-dir.ts';

type LogLine = Record<string, unknown> & { msg?: string };

describe('request logs keep secrets out', () => {
  const out: string[] = [];
  const onLine = new Set<() => void>();
  /** Resolves once a log line matching `predicate` has been written. */
  const logged = (predicate: (line: LogLine) => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!lines().some(predicate)) return;
        onLine.delete(check);
        resolve();
      };
      onLine.add(check);
      check();
    });
  const secrets = new Map<string, string>();
  const plant = (what: string, value: string) => {
    expect(value.length, `${what} is long enough to search for`).toBeGreaterThanOrEqual(12);
    secrets.set(what, value);
    return value;
  };
  let sink: MailSink;
  let server: RunningServer;
  let dir: ReturnType<typeof tempDir>;
  let owner: Session;
  let bob: Session;
  let ws: string;
  const wsUrl = () => `${server.url.replace('http', 'ws')}/sync`;
  const lines = (): LogLine[] => out.map((l) => JSON.parse(l) as LogLine);

  beforeAll(async () => {
    sink = await startMailSink();
    dir = tempDir('log-secrets');
    server = await startServer({
      port: 0,
      dataDir: dir.path,
      // Everything the server says, at the most talkative level, into this test's array.
      logger: createLogger('trace', {
        write: (line: string) => {
          out.push(line);
          for (const check of [...onLine]) check();
        },
      }),
      limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
      smtpUrl: sink.url,
      // The test drives the ticker and the sender itself (tick()).
      tickMs: 3_600_000,
      senderMs: 3_600_000,
    });
  });
  afterAll(async () => {
    await server?.close();
    await sink?.close();
    dir?.remove();
  });

  test('passwords, tokens, cookies, invitation and unsubscribe tokens and email text never reach the log', async () => {
    // Accounts with known passwords, signed in: access tokens and refresh cookies.
    const ownerPassword = plant('owner password', `owner-pw-${randomUUID()}`);
    const o = await register(server.url, { name: 'Olga Owner', password: ownerPassword });
    owner = await login(server.url, o.email, ownerPassword);
    plant('owner access token', owner.accessToken);
    plant('owner refresh cookie', owner.cookie.split('=')[1] ?? '');
    const bobPassword = plant('bob password', `bob-pw-${randomUUID()}`);
    const b = await register(server.url, { name: 'Bob Builder', password: bobPassword });
    bob = await login(server.url, b.email, bobPassword);
    plant('bob access token', bob.accessToken);

    const refreshed = await call(server.url, 'POST', '/auth/refresh', { cookie: owner.cookie });
    expect(refreshed.status).toBe(200);
    plant('refreshed access token', refreshed.body.accessToken);
    plant('rotated refresh cookie', (refreshCookie(refreshed.headers) ?? '').split('=')[1] ?? '');

    // An invitation, looked up and accepted by its token (a token in the path).
    ws = await createWorkspace(owner, 'Harbour');
    const inv = await call(server.url, 'POST', `/workspaces/${ws}/invite`, {
      token: owner.accessToken,
      body: { email: bob.email, role: 'member' },
    });
    expect(inv.status).toBe(201);
    const invitationToken = plant('invitation token', String(inv.body.url).split('/invite/')[1] ?? '');
    expect((await call(server.url, 'GET', `/invitations/${invitationToken}`)).status).toBe(200);
    // The web app's invitation page carries the token in its path too.
    await fetch(`${server.url}/invite/${invitationToken}`);
    const accepted = await call(server.url, 'POST', `/invitations/${invitationToken}/accept`, {
      token: bob.accessToken,
    });
    expect(accepted.status).toBe(200);

    // Email over real SMTP: the invitation (its token in the body) and a comment with unique text.
    const prefs = await call(server.url, 'PUT', '/me/notification-preferences', {
      token: bob.accessToken,
      body: { comment: 'immediate' },
    });
    expect(prefs.status).toBe(200);
    const project = await call(server.url, 'POST', '/projects', {
      token: owner.accessToken,
      body: { workspaceId: ws, name: 'Docks', key: 'DOK' },
    });
    const task = await call(server.url, 'POST', '/tasks', {
      token: owner.accessToken,
      body: { projectId: project.body.project.id, title: 'Paint the crane', assignee: bob.user.id },
    });
    expect(task.status).toBe(201);
    const commentText = plant('comment text (an email body)', `the-pelican-sings-${randomUUID()}`);
    const comment = await call(server.url, 'POST', `/tasks/${task.body.task.id}/comments`, {
      token: owner.accessToken,
      body: { body: commentText },
    });
    expect(comment.status).toBe(201);
    await server.tick();
    const mails = await waitForMail(sink, (raw) => raw.includes(commentText));
    expect(mails.some((m) => quotedPrintable(m.raw).includes(invitationToken))).toBe(true);
    const withComment = mails.find((m) => m.raw.includes(commentText));
    const unsubscribe = /token=([^>&\s]+)/.exec(
      parseHeaders(withComment?.raw ?? '').get('list-unsubscribe') ?? '',
    );
    const unsubscribeToken = plant('unsubscribe token', decodeURIComponent(unsubscribe?.[1] ?? ''));
    const unsub = await call(
      server.url,
      'GET',
      `/notifications/unsubscribe?token=${encodeURIComponent(unsubscribeToken)}`,
    );
    expect(unsub.status).toBe(200);

    // Sync with the token; one socket names its own request id, as a proxy would.
    const syncRequestId = `sync-${randomUUID().slice(0, 8)}`;
    const client = connectClient(wsUrl(), { token: owner.accessToken, name: ws });
    await client.synced;
    const named = connectWithRequestId(wsUrl(), bob.accessToken, ws, syncRequestId);
    await named.synced;
    const badSyncToken = plant('bad sync token', `eyJhbGciOiJub25lIn0.${randomUUID()}.x`);
    const refused = connectClient(wsUrl(), { token: badSyncToken, name: ws });
    await expect(refused.synced).rejects.toThrow(/authentication failed/);
    refused.destroy();
    named.destroy();
    client.destroy();
    await logged((l) => l.msg === 'sync connection closed' && l.requestId === syncRequestId);

    // Failing requests: a bad bearer token, a wrong password.
    const badBearer = plant('bad bearer token', `not-a-token-${randomUUID()}`);
    expect((await call(server.url, 'GET', '/me', { token: badBearer })).status).toBe(401);
    const wrongPassword = plant('wrong password', `wrong-pw-${randomUUID()}`);
    expect(
      (
        await call(server.url, 'POST', '/auth/login', {
          body: { email: owner.email, password: wrongPassword },
        })
      ).status,
    ).toBe(401);
    expect(
      (await call(server.url, 'POST', '/auth/refresh', { cookie: `tf_refresh=${badBearer}` })).status,
    ).toBe(401);
    await call(server.url, 'POST', '/auth/logout', { token: bob.accessToken, cookie: bob.cookie });

    // A password reset by emailed link: the link's token and the new password.
    expect(
      (await call(server.url, 'POST', '/auth/password/forgot', { body: { email: bob.email } })).status,
    ).toBe(202);
    await server.tick();
    const resetMails = await waitForMail(sink, (raw) => raw.includes('Reset your Taskflow password'));
    const resetMail = resetMails.find((m) => m.raw.includes('Reset your Taskflow password'))?.raw ?? '';
    const resetToken = plant(
      'password reset token',
      /token=([A-Za-z0-9_-]+)/.exec(quotedPrintable(resetMail))?.[1] ?? '',
    );
    const newPassword = plant('new password', `new-pw-${randomUUID()}`);
    const reset = await call(server.url, 'POST', '/auth/password/reset', {
      body: { token: resetToken, password: newPassword },
    });
    expect(reset.status).toBe(204);

    const log = out.join('');
    expect(out.length).toBeGreaterThan(20);
    for (const [what, value] of secrets) expect(log.includes(value), `${what} is in the log`).toBe(false);
    expect(log).not.toMatch(/Bearer /i);
    expect(log).not.toContain('tf_refresh');

    // Token-bearing paths are logged by their template.
    expect(lines()).toContainEqual(
      expect.objectContaining({
        msg: 'request',
        route: '/api/v1/invitations/:token/accept',
        status: 200,
        user: bob.user.id,
      }),
    );
    expect(lines()).toContainEqual(
      expect.objectContaining({ msg: 'request', route: '/api/v1/notifications/unsubscribe', status: 200 }),
    );

    // The sync connections' lines carry their upgrade request's id, with user and workspace.
    const opened = lines().filter((l) => l.msg === 'sync connection opened');
    expect(opened.length).toBeGreaterThanOrEqual(2);
    for (const l of opened) {
      expect(l.requestId).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(l.workspace).toBe(ws);
    }
    expect(opened).toContainEqual(
      expect.objectContaining({ requestId: syncRequestId, user: bob.user.id, workspace: ws }),
    );
    expect(lines()).toContainEqual(
      expect.objectContaining({ msg: 'sync connection closed', requestId: syncRequestId, user: bob.user.id }),
    );
    const failedSync = lines().find((l) => l.msg === 'sync authentication failed: bad token');
    expect(failedSync?.requestId).toEqual(expect.any(String));
  });

  test('the request id a response returns is logged with the route template, the user and the workspace', async () => {
    const mine = `req-${randomUUID().slice(0, 8)}`;
    const me = await call(server.url, 'GET', '/me', {
      token: owner.accessToken,
      headers: { 'x-request-id': mine },
    });
    expect(me.status).toBe(200);
    expect(me.headers.get('x-request-id')).toBe(mine);
    expect(lines()).toContainEqual(
      expect.objectContaining({
        msg: 'request',
        requestId: mine,
        method: 'GET',
        route: '/api/v1/me',
        status: 200,
        user: owner.user.id,
        ms: expect.any(Number),
      }),
    );

    // No id sent, or one that is not sane (too long, odd characters): the server makes its own.
    const members = await call(server.url, 'GET', `/workspaces/${ws}/members`, { token: owner.accessToken });
    const made = members.headers.get('x-request-id') ?? '';
    expect(made).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines()).toContainEqual(
      expect.objectContaining({
        requestId: made,
        route: '/api/v1/workspaces/:id/members',
        user: owner.user.id,
        workspace: ws,
      }),
    );
    for (const insane of ['x'.repeat(65), 'a b', 'id;drop', 'ünïcode']) {
      const res = await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': insane } });
      expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }

    // A refusal before any route (bad token) still answers with an id and logs it, without a user.
    const refused = await call(server.url, 'GET', '/me', { token: 'nope-nope-nope' });
    const refusedId = refused.headers.get('x-request-id');
    const line = lines().find((l) => l.requestId === refusedId);
    expect(line).toMatchObject({ status: 401, route: '/api/v1/me' });
    expect(line?.user).toBeUndefined();

    // The WebSocket upgrade answers with its id too.
    const upgradeId = await new Promise<string | undefined>((resolve, reject) => {
      const socket = new WebSocket(wsUrl(), { headers: { 'x-request-id': 'upgrade-1234' } });
      socket.on('upgrade', (res) => resolve(res.headers['x-request-id'] as string | undefined));
      socket.on('open', () => socket.close());
      socket.on('error', reject);
    });
    expect(upgradeId).toBe('upgrade-1234');
  });
});

/** A provider whose socket sends `X-Request-Id` on its upgrade, as a proxy in front would. */
function connectWithRequestId(url: string, token: string, name: string, requestId: string) {
  class WithRequestId extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { 'x-request-id': requestId } });
    }
  }
  const socket = new HocuspocusProviderWebsocket({
    url,
    // ws's WebSocket is what the provider expects at runtime; its types differ from the DOM's.
    WebSocketPolyfill: WithRequestId as unknown as typeof globalThis.WebSocket,
  });
  const provider = new HocuspocusProvider({ name, document: new Y.Doc(), websocketProvider: socket, token });
  const synced = new Promise<void>((resolve) => provider.on('synced', () => resolve()));
  provider.attach();
  return {
    synced,
    destroy: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** A quoted-printable body decoded: soft line breaks joined, `=3D` and the like turned back. */
function quotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

async function waitForMail(sink: MailSink, match: (raw: string) => boolean) {
  for (let n = 1; n <= 10; n++) {
    const mails = await sink.waitFor(n);
    if (mails.some((m) => match(m.raw))) return mails;
  }
  throw new Error('the expected mail never arrived');
}
