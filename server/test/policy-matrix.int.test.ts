/**
 * Must-show 1 (issue 3): every subject — owner, admin, member, viewer, a non-member, a removed
 * member and a pending invitee — against every REST route and every sync action (read, write,
 * awareness), on one running server. Routes and the action each checks are read from the served
 * OpenAPI document (`x-taskflow-action`); the expected answer comes from the policy table (`can`).
 * A route without a fixture here fails the test, so a new route cannot skip the matrix.
 */
import { createTask, FIRST_PROJECT_ID } from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { type Action, can, type Role } from '../src/auth/policy.ts';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, readServerState, type TestClient } from './helpers/client.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';
import { authMessage, openAuthenticated, openRaw, SyncType, syncMessage } from './helpers/raw-client.ts';
import { FIXTURES, type Fixture, OUTSIDE_MATRIX } from './policy-matrix-routes.ts';

const SUBJECTS = ['owner', 'admin', 'member', 'viewer', 'non-member', 'removed', 'invitee'] as const;
type Subject = (typeof SUBJECTS)[number];
const ROLE: Record<Subject, Role | null> = {
  owner: 'owner',
  admin: 'admin',
  member: 'member',
  viewer: 'viewer',
  'non-member': null,
  removed: null,
  invitee: null,
};

type Operation = { 'x-taskflow-action'?: Action; responses: Record<string, unknown>; security: unknown[] };

describe('policy matrix: every subject × every route and sync action', () => {
  let server: TestServer;
  const who = {} as Record<Subject, Session>;
  let shared: Fixture;
  const operations: { key: string; op: Operation }[] = [];

  async function fixture(): Promise<Fixture> {
    const owner = who.owner;
    const ws = await createWorkspace(owner, 'Matrix');
    await addMember(owner, ws, who.admin, 'admin');
    await addMember(owner, ws, who.member, 'member');
    await addMember(owner, ws, who.viewer, 'viewer');
    await addMember(owner, ws, who.removed, 'member');
    const removed = await call(server.url, 'DELETE', `/workspaces/${ws}/members/${who.removed.user.id}`, {
      token: owner.accessToken,
    });
    expect(removed.status).toBe(204);
    const target = await signUp(server.url);
    await addMember(owner, ws, target, 'viewer');
    const invite = await call(server.url, 'POST', `/workspaces/${ws}/invite`, {
      token: owner.accessToken,
      body: { email: who.invitee.email, role: 'member' },
    });
    expect(invite.status).toBe(201);
    const as = (s: Session, method: string, path: string, body?: unknown) =>
      call(server.url, method, path, { token: s.accessToken, body });
    const project = await as(owner, 'POST', '/projects', {
      workspaceId: ws,
      name: 'Matrix project',
      mode: 'scrum',
    });
    const projectId = project.body.project.id as string;
    const task = await as(owner, 'POST', '/tasks', { projectId, title: 'T' });
    const taskId = task.body.task.id as string;
    const planned = await as(owner, 'POST', `/projects/${projectId}/sprints`, { name: 'Planned' });
    const other = await as(owner, 'POST', '/projects', { workspaceId: ws, name: 'Running', mode: 'scrum' });
    const active = await as(owner, 'POST', `/projects/${other.body.project.id}/sprints`, { name: 'Active' });
    expect((await as(owner, 'POST', `/sprints/${active.body.sprint.id}/start`)).status).toBe(200);
    const worklogs: Fixture['worklogs'] = {};
    for (const s of [owner, who.admin, who.member]) {
      const log = async () =>
        (await as(s, 'POST', `/tasks/${taskId}/worklogs`, { seconds: 60 })).body.worklog.id as string;
      worklogs[s.user.id] = { edit: await log(), remove: await log() };
    }
    return {
      ws,
      projectId,
      taskId,
      target,
      invitationId: invite.body.id,
      plannedSprintId: planned.body.sprint.id,
      activeSprintId: active.body.sprint.id,
      worklogs,
    };
  }

  beforeAll(async () => {
    server = await startTestServer();
    for (const s of SUBJECTS) who[s] = await signUp(server.url, { name: `The ${s}` });
    shared = await fixture();
    const doc = await call(server.url, 'GET', '/openapi.json');
    for (const [path, methods] of Object.entries(
      doc.body.paths as Record<string, Record<string, Operation>>,
    )) {
      for (const [method, op] of Object.entries(methods)) operations.push({ key: `${method} ${path}`, op });
    }
  }, 60_000);
  afterAll(async () => server?.close());

  test('every route in the OpenAPI document has a matrix fixture or its own test', () => {
    const missing = operations.map((o) => o.key).filter((k) => !FIXTURES[k] && !OUTSIDE_MATRIX.has(k));
    expect(missing).toEqual([]);
    expect(operations.length).toBe(Object.keys(FIXTURES).length + OUTSIDE_MATRIX.size);
  });

  test('REST: each subject gets what the policy table says', async () => {
    const table: string[] = [];
    let checked = 0;
    for (const { key, op } of operations) {
      const fx = FIXTURES[key];
      if (!fx) continue;
      const action = op['x-taskflow-action'];
      const success = Number(Object.keys(op.responses).find((s) => s.startsWith('2')));
      for (const subject of SUBJECTS) {
        const role = ROLE[subject];
        const expected =
          action === undefined ? success : role === null ? 404 : can(role, action) ? success : 403;
        const f = fx.fresh ? await fixture() : shared;
        const c = fx.call(f, who[subject]);
        const res = await call(server.url, c.method, c.path, {
          token: who[subject].accessToken,
          body: c.body,
        });
        table.push(`${key} as ${subject}: ${res.status}`);
        expect({ route: key, subject, status: res.status }).toEqual({
          route: key,
          subject,
          status: expected,
        });
        if (res.status >= 400) expect(typeof res.body.error.code).toBe('string');
        checked += 1;
      }
    }
    console.info(`policy matrix: ${checked} REST checks`);
    expect(checked).toBe(Object.keys(FIXTURES).length * SUBJECTS.length);
  }, 120_000);

  test('REST: an invitation is accepted only by its invitee; members may leave; the last owner may not', async () => {
    const f = await fixture();
    const inv = await call(server.url, 'POST', `/workspaces/${f.ws}/invite`, {
      token: who.owner.accessToken,
      body: { email: who['non-member'].email, role: 'viewer' },
    });
    const token = inv.body.url.split('/invite/')[1];
    for (const s of SUBJECTS.filter((x) => x !== 'non-member')) {
      const res = await call(server.url, 'POST', `/invitations/${token}/accept`, {
        token: who[s].accessToken,
      });
      expect({ s, status: res.status }).toEqual({ s, status: 403 });
    }
    const ok = await call(server.url, 'POST', `/invitations/${token}/accept`, {
      token: who['non-member'].accessToken,
    });
    expect(ok.body).toEqual({ workspace: { id: f.ws, name: 'Matrix', role: 'viewer' } });
    const again = await call(server.url, 'POST', `/invitations/${token}/accept`, {
      token: who['non-member'].accessToken,
    });
    expect(again.status).toBe(410);
    expect(
      (await call(server.url, 'POST', '/invitations/nonsense/accept', { token: who.owner.accessToken }))
        .status,
    ).toBe(404);

    for (const s of ['admin', 'member', 'viewer'] as const) {
      const leave = await call(server.url, 'DELETE', `/workspaces/${f.ws}/members/${who[s].user.id}`, {
        token: who[s].accessToken,
      });
      expect({ s, status: leave.status }).toEqual({ s, status: 204 });
    }
    const lastOwner = await call(server.url, 'DELETE', `/workspaces/${f.ws}/members/${who.owner.user.id}`, {
      token: who.owner.accessToken,
    });
    expect(lastOwner.status).toBe(409);
    const demote = await call(server.url, 'PATCH', `/workspaces/${f.ws}/members/${who.owner.user.id}`, {
      token: who.owner.accessToken,
      body: { role: 'admin' },
    });
    expect(demote.status).toBe(409);
  });

  test('REST: only owners make or unmake owners', async () => {
    const f = await fixture();
    const promote = (actor: Session, target: Session, role: Role) =>
      call(server.url, 'PATCH', `/workspaces/${f.ws}/members/${target.user.id}`, {
        token: actor.accessToken,
        body: { role },
      });
    expect((await promote(who.admin, f.target, 'owner')).status).toBe(403);
    expect((await promote(who.admin, who.owner, 'member')).status).toBe(403);
    expect((await promote(who.owner, f.target, 'owner')).body.member).toMatchObject({
      userId: f.target.user.id,
      role: 'owner',
    });
    // Two owners now: one may step down.
    expect((await promote(who.owner, who.owner, 'admin')).status).toBe(200);
    const removeOwner = await call(server.url, 'DELETE', `/workspaces/${f.ws}/members/${f.target.user.id}`, {
      token: who.admin.accessToken,
    });
    expect(removeOwner.status).toBe(403);
  });

  describe('sync', () => {
    let observer: TestClient;
    beforeAll(async () => {
      observer = connectClient(server.wsUrl, { name: shared.ws, token: who.owner.token });
      await observer.synced;
    });
    afterAll(() => observer?.destroy());

    test.each(SUBJECTS)('read, write and awareness as %s', async (subject) => {
      const role = ROLE[subject];
      const session = who[subject];

      // read: authentication succeeds (read-only for viewers) or is refused like an unknown document.
      const raw = await openRaw(server.wsUrl);
      raw.send(authMessage(shared.ws, session.accessToken));
      const auth = await raw.next((m) => m.kind === 'authenticated' || m.kind === 'permission-denied');
      raw.close();
      if (!can(role, 'sync.read')) {
        expect(auth).toEqual({ kind: 'permission-denied', reason: 'forbidden' });
      } else {
        expect(auth).toEqual({
          kind: 'authenticated',
          scope: can(role, 'sync.write') ? 'read-write' : 'readonly',
        });
      }

      // write: an Update is applied and stored, or acknowledged as not saved.
      if (can(role, 'sync.read')) {
        const base = new Y.Doc();
        Y.applyUpdate(base, (await readServerState(server.wsUrl, who.owner.token, shared.ws)).state);
        let update: Uint8Array | undefined;
        base.once('update', (u: Uint8Array) => {
          update = u;
        });
        const title = `written by ${subject}`;
        createTask(
          base,
          { origin: { kind: 'user', actorId: session.user.id } },
          { projectId: FIRST_PROJECT_ID, title },
        );
        const writer = await openAuthenticated(server.wsUrl, session.accessToken, shared.ws);
        writer.send(syncMessage(shared.ws, SyncType.Update, update as Uint8Array));
        // The first SyncStatus answers the handshake's SyncStep2; the second answers the Update.
        const statuses = () => writer.received.filter((m) => m.kind === 'sync-status');
        await writer.next((m) => m.kind === 'sync-status' && statuses().length >= 2);
        writer.close();
        expect(statuses()[1]).toEqual({ kind: 'sync-status', saved: can(role, 'sync.write') });
        const after = new Y.Doc();
        Y.applyUpdate(after, (await readServerState(server.wsUrl, who.owner.token, shared.ws)).state);
        const titles = [...after.getMap<Y.Map<unknown>>('tasks').values()].map((t) => t.get('title'));
        expect(titles.includes(title)).toBe(can(role, 'sync.write'));
      }

      // awareness: others see the state, with the identity from the token.
      if (can(role, 'sync.read')) {
        const client = connectClient(server.wsUrl, { name: shared.ws, token: session.token });
        try {
          await client.synced;
          const seen = new Promise<Record<string, unknown>>((resolve) => {
            const check = () => {
              const state = observer.provider.awareness?.getStates().get(client.doc.clientID);
              if (state?.cursor === subject) resolve(state);
            };
            observer.provider.awareness?.on('change', check);
            check();
          });
          client.provider.setAwarenessField('user', { id: 'someone-else', name: 'Spoofed' });
          client.provider.setAwarenessField('cursor', subject);
          const state = await seen;
          expect(can(role, 'sync.awareness')).toBe(true);
          expect(state.user).toEqual({ id: session.user.id, name: session.user.name });
        } finally {
          client.destroy();
        }
      } else {
        const client = connectClient(server.wsUrl, { name: shared.ws, token: session.token });
        try {
          await expect(client.synced).rejects.toThrow(/forbidden/);
        } finally {
          client.destroy();
        }
      }
    });
  });
});
