/**
 * The policy gate of the route table (issue 9): the workspace a spec names is resolved and the
 * caller's role checked before the handler runs, so a handler never sees a refused caller, and the
 * answers keep their order (401, 415, 404 / 403, then 400 for the body).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Authenticator } from '../accounts/authenticator.ts';
import { RevokedTokens, Users } from '../accounts/users.ts';
import { Workspaces } from '../accounts/workspaces.ts';
import { signAccessToken } from '../auth/access-tokens.ts';
import { loadOrCreateSigningKey } from '../auth/signing-key.ts';
import { notFound } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { openDatabase } from '../persistence/database.ts';
import { apiErrorResponse } from './api.ts';
import type { ApiEnv } from './api-types.ts';
import { workspaceParam } from './gate.ts';
import { RouteTable } from './route-table.ts';

let dir: string;
let db: Database.Database;
let app: Hono<ApiEnv>;
let ws: string;
const token: Record<'owner' | 'viewer' | 'stranger', string> = { owner: '', viewer: '', stranger: '' };
const ids: Record<keyof typeof token, string> = { owner: '', viewer: '', stranger: '' };
let reached: { route: string; workspace: string; role: string; body?: unknown }[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'taskflow-gate-'));
  db = openDatabase({ dataDir: dir, synchronous: 'normal' });
  const key = await loadOrCreateSigningKey(dir);
  const users = new Users(db);
  const workspaces = new Workspaces(db);
  for (const who of Object.keys(token) as (keyof typeof token)[]) {
    const u = users.create({ email: `${who}@example.com`, name: who, passwordHash: 'h' });
    if (u === 'email_taken') throw new Error('unexpected');
    ids[who] = u.id;
    token[who] = (await signAccessToken(key, u.id)).token;
  }
  ws = workspaces.create('Gate', ids.owner).id;
  workspaces.setRole(ws, ids.viewer, 'viewer');

  app = new Hono<ApiEnv>();
  const routes = new RouteTable(app, {
    authenticator: new Authenticator(key, users, new RevokedTokens(db)),
    workspaces,
  });
  routes.inWorkspace(
    {
      method: 'patch',
      path: '/w/:id',
      summary: 'A write.',
      action: 'task.write',
      workspace: workspaceParam,
      body: z.object({ title: z.string() }).strict(),
      status: 200,
      errors: [],
    },
    (c, { workspace, role, body }) => {
      reached.push({ route: 'write', workspace, role, body });
      return c.json({ ok: true }, 200);
    },
  );
  routes.inWorkspace(
    {
      method: 'delete',
      path: '/w/:id/members/:userId',
      summary: 'Remove, or leave.',
      action: 'members.remove',
      workspace: workspaceParam,
      target: { param: 'userId', self: 'workspace.read' },
      status: 204,
      errors: [],
    },
    (c, { workspace, role }) => {
      reached.push({ route: 'remove', workspace, role });
      return c.body(null, 204);
    },
  );
  routes.inWorkspace(
    {
      method: 'post',
      path: '/letters/:id',
      summary: 'Only its managers know it exists.',
      action: 'deadletters.manage',
      workspace: {
        param: 'id',
        hidden: 'That letter',
        resolve: (id) => {
          if (id !== 'known') throw notFound('That letter');
          return ws;
        },
      },
      status: 200,
      errors: [],
    },
    (c, { workspace, role }) => {
      reached.push({ route: 'letter', workspace, role });
      return c.json({ ok: true }, 200);
    },
  );
  routes.acrossWorkspaces(
    {
      method: 'get',
      path: '/mine',
      summary: 'A list.',
      action: 'deadletters.manage',
      status: 200,
      errors: [],
    },
    (c, { workspaces: allowed }) => c.json({ allowed }, 200),
  );
  app.onError((error, c) => apiErrorResponse(error, c, { logger: createLogger('silent') }));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  reached = [];
});

const send = async (method: string, path: string, who?: keyof typeof token, body?: string, type?: string) => {
  const headers: Record<string, string> = {};
  if (who) headers.authorization = `Bearer ${token[who]}`;
  if (body !== undefined) headers['content-type'] = type ?? 'application/json';
  const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return {
    status: res.status,
    error: text ? (JSON.parse(text).error?.code as string | undefined) : undefined,
  };
};

describe('route table: the policy gate', () => {
  it('a viewer on a write route never reaches the handler: 403, before the body is even read', async () => {
    expect(await send('PATCH', `/w/${ws}`, 'viewer', '{"title":"x"}')).toEqual({
      status: 403,
      error: 'forbidden',
    });
    expect(await send('PATCH', `/w/${ws}`, 'viewer', '{"nope":1}')).toEqual({
      status: 403,
      error: 'forbidden',
    });
    expect(reached).toEqual([]);
  });

  it('no role is the same 404 as no workspace; 401 and 415 come first', async () => {
    expect(await send('PATCH', `/w/${ws}`, 'stranger', '{"title":"x"}')).toEqual({
      status: 404,
      error: 'not_found',
    });
    expect(await send('PATCH', '/w/nowhere', 'owner', '{"title":"x"}')).toEqual({
      status: 404,
      error: 'not_found',
    });
    expect((await send('PATCH', `/w/${ws}`, undefined, '{"title":"x"}')).status).toBe(401);
    expect((await send('PATCH', '/w/nowhere', 'owner', 'title=x', 'text/plain')).status).toBe(415);
    expect(reached).toEqual([]);
  });

  it('an allowed caller gets the workspace, the role and the checked body; a bad body is a 400', async () => {
    expect((await send('PATCH', `/w/${ws}`, 'owner', '{"nope":1}')).status).toBe(400);
    expect((await send('PATCH', `/w/${ws}`, 'owner', '{"title":"x"}')).status).toBe(200);
    expect(reached).toEqual([{ route: 'write', workspace: ws, role: 'owner', body: { title: 'x' } }]);
  });

  it('naming oneself checks the self action instead (leaving needs only membership)', async () => {
    expect((await send('DELETE', `/w/${ws}/members/${ids.owner}`, 'viewer')).status).toBe(403);
    expect((await send('DELETE', `/w/${ws}/members/${ids.viewer}`, 'viewer')).status).toBe(204);
    expect(reached).toEqual([{ route: 'remove', workspace: ws, role: 'viewer' }]);
  });

  it('a hidden target answers every refusal with its own 404', async () => {
    for (const who of ['viewer', 'stranger'] as const) {
      expect(await send('POST', '/letters/known', who)).toEqual({ status: 404, error: 'not_found' });
    }
    expect((await send('POST', '/letters/unknown', 'owner')).status).toBe(404);
    expect((await send('POST', '/letters/known', 'owner')).status).toBe(200);
    expect(reached).toEqual([{ route: 'letter', workspace: ws, role: 'owner' }]);
  });

  it('a list keeps only the workspaces where the role allows the action, and refuses nobody', async () => {
    const list = async (who: keyof typeof token) =>
      (await (await app.request('/mine', { headers: { authorization: `Bearer ${token[who]}` } })).json())
        .allowed;
    expect(await list('owner')).toEqual([ws]);
    expect(await list('viewer')).toEqual([]);
    expect(await list('stranger')).toEqual([]);
  });
});
