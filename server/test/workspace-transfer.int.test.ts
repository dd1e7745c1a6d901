/**
 * Must-show 3 (issue 15), the export half: a workspace with history (REST and sync edits,
 * compactions and checkpoints, a comment, settings) is exported from one server and imported into
 * another; its document state is byte-identical, its history rows and activity are the same, and
 * the REST history and board read the same (ids aside); members are matched by email. Hostile
 * files each get a clear 4xx and create nothing. Only owners export.
 */
import http from 'node:http';
import { moveTask, readPeople } from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import type { WorkspaceArchive } from '../src/transfer/workspace-archive-schema.ts';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient } from './helpers/client.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';
import { b64, seededArchive } from './helpers/workspace-archive.ts';

const SCRIPT_TITLE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';

describe('workspace export and import', () => {
  let source: TestServer;
  let target: TestServer;
  let ann: Session;
  let bob: Session;
  let carol: Session;
  let dave: Session;
  let ws: string;
  let scriptTaskId: string;
  let archive: WorkspaceArchive;

  beforeAll(async () => {
    // Small compaction and checkpoint intervals: the history has snapshots, checkpoints and views.
    source = await startTestServer({ compactEvery: 5, checkpointEvery: 8 });
    target = await startTestServer();
    ann = await signUp(source.url, { name: 'Ann' });
    bob = await signUp(source.url, { name: 'Bob' });
    carol = await signUp(source.url, { name: 'Carol' });
    dave = await signUp(source.url, { name: 'Dave' });
    ws = await createWorkspace(ann, 'Acme <b>Corp</b>');
    await addMember(ann, ws, bob, 'member');
    await addMember(ann, ws, carol, 'viewer');
    await addMember(ann, ws, dave, 'admin');
    const api = (who: Session, method: string, path: string, body?: unknown) =>
      call(source.url, method, path, { token: who.accessToken, body });
    const project = await api(ann, 'POST', '/projects', { workspaceId: ws, name: 'Web' });
    expect(project.status).toBe(201);
    const projectId = project.body.project.id as string;
    const ids: string[] = [];
    for (const [i, title] of ['Plan', 'Build', SCRIPT_TITLE, 'Ship'].entries()) {
      const t = await api(i % 2 ? bob : ann, 'POST', '/tasks', { projectId, title });
      expect(t.status).toBe(201);
      ids.push(t.body.task.id);
    }
    scriptTaskId = ids[2] as string;
    expect((await api(bob, 'PATCH', `/tasks/${ids[0]}`, { columnId: `${projectId}:col2` })).status).toBe(200);
    expect((await api(ann, 'PATCH', `/tasks/${ids[1]}`, { title: 'Build it' })).status).toBe(200);
    expect((await api(bob, 'POST', `/tasks/${ids[1]}/comments`, { body: 'On it' })).status).toBe(201);
    expect((await api(ann, 'PATCH', `/workspaces/${ws}/settings`, { reminderLeadHours: 12 })).status).toBe(
      200,
    );
    // A sync client moves cards too: rows with a Yjs clientID and a socket connection.
    const board = connectClient(source.wsUrl, { name: ws, token: bob.token });
    await board.synced;
    // Everything so far arrived before this line: the purge below removes it from the history.
    const purgeLine = new Date().toISOString();
    for (let round = 0; round < 3; round++) {
      for (const [i, id] of ids.entries()) {
        moveTask(board.doc, board.editor, id, `${projectId}:col${((i + round) % 3) + 1}`, 0);
        await board.acked();
      }
    }
    board.destroy();
    // Only rows already folded into the snapshot may go, and compaction runs at a quiet moment of
    // its own choosing (no event tells a test when): ask again until the purge finds rows.
    let purged = 0;
    for (let tries = 0; purged === 0 && tries < 100; tries++) {
      const p = await api(ann, 'POST', `/workspaces/${ws}/history/purge`, { before: purgeLine });
      expect(p.status).toBe(200);
      purged = p.body.rowsDeleted;
      if (purged === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(purged).toBeGreaterThan(0);
    const res = await api(ann, 'GET', `/workspaces/${ws}/export`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="taskflow-acme-b-corp-b-\d{4}-\d\d-\d\d\.json"$/,
    );
    archive = res.body;
  }, 60_000);
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  test('the export holds the document, its full history and activity, members, people and settings', () => {
    expect(archive).toMatchObject({ format: 'taskflow-workspace', version: 1 });
    expect(archive.workspace.name).toBe('Acme <b>Corp</b>');
    expect(archive.settings).toMatchObject({ leadMs: 12 * 3_600_000 });
    expect(archive.members.map((m) => [m.email, m.role])).toEqual([
      [ann.email, 'owner'],
      [bob.email, 'member'],
      [carol.email, 'viewer'],
      [dave.email, 'admin'],
    ]);
    expect(archive.history.updates.length).toBeGreaterThan(8);
    expect(archive.history.snapshot).not.toBeNull();
    expect(archive.history.checkpoints.length).toBeGreaterThan(0);
    // A purge happened: history starts at a floor, from the checkpoint kept there, and says so.
    expect(archive.history.floor).not.toBeNull();
    expect(archive.history.checkpoints.map((c) => c.uptoId)).toContain(archive.history.floor?.uptoId);
    expect(archive.history.purges).toHaveLength(1);
    expect(archive.history.activity.some((a) => a.kind === 'history.purged')).toBe(true);
    expect(archive.history.activity.length).toBeGreaterThan(8);
    expect(archive.syncClients.length).toBeGreaterThan(0);
    expect(archive.people.map((p) => p.email).sort()).toEqual([ann.email, bob.email].sort());
  });

  test('export → import on another server: byte-identical document, the same history, activity and board', async () => {
    const ann2 = await signUp(target.url, { email: ann.email, name: 'Ann' });
    const bob2 = await signUp(target.url, { email: bob.email, name: 'Bob' });
    const carol2 = await signUp(target.url, { email: carol.email, name: 'Carol' });
    const res = await call(target.url, 'POST', '/workspaces/import', {
      token: ann2.accessToken,
      body: archive,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const id = res.body.workspace.id as string;
    expect(id).not.toBe(ws);
    expect(res.body).toMatchObject({
      workspace: { name: 'Acme <b>Corp</b>', role: 'owner' },
      members: {
        added: [
          { email: bob.email, role: 'member' },
          { email: carol.email, role: 'viewer' },
        ],
        skipped: [{ email: dave.email, role: 'admin', reason: 'no account on this server' }],
      },
      updates: archive.history.updates.length,
      activity: archive.history.activity.length,
    });
    const members = await call(target.url, 'GET', `/workspaces/${id}/members`, { token: ann2.accessToken });
    expect(members.body.members.map((m: { userId: string; role: string }) => [m.userId, m.role])).toEqual([
      [ann2.user.id, 'owner'],
      [bob2.user.id, 'member'],
      [carol2.user.id, 'viewer'],
    ]);

    // Exported again from the new server (after its first load): the same document bytes, the same rows.
    const again: WorkspaceArchive = (
      await call(target.url, 'GET', `/workspaces/${id}/export`, { token: ann2.accessToken })
    ).body;
    expect(again.document.state).toBe(archive.document.state);
    expect(again.history.updates.map((u) => u.data)).toEqual(archive.history.updates.map((u) => u.data));
    expect(again.history.snapshot?.data).toBe(archive.history.snapshot?.data);
    expect(again.history.checkpoints.map((c) => c.data)).toEqual(
      archive.history.checkpoints.map((c) => c.data),
    );
    const shift = (again.history.updates[0]?.id ?? 0) - (archive.history.updates[0]?.id ?? 0);
    expect(again.history.activity.map((a) => ({ ...a, rowId: a.rowId - shift, actorId: null }))).toEqual(
      archive.history.activity.map((a) => ({ ...a, actorId: null })),
    );
    expect(again.settings).toEqual(archive.settings);
    // The live document a board opens holds all of it; on connecting, the server only names this
    // server's members in it (their accounts here have new ids).
    const client = connectClient(target.wsUrl, { name: id, token: ann2.token });
    await client.synced;
    const state = new Uint8Array(Buffer.from(archive.document.state, 'base64'));
    const missing = Y.decodeUpdate(Y.diffUpdate(state, Y.encodeStateVector(client.doc)));
    expect(missing.structs).toEqual([]);
    const archived = new Y.Doc();
    Y.applyUpdate(archived, state);
    for (const name of archived.share.keys()) {
      if (name === 'people') continue;
      expect(client.doc.getMap(name).toJSON(), name).toEqual(archived.getMap(name).toJSON());
    }
    expect(readPeople(client.doc)).toMatchObject({ ...readPeople(archived), [ann2.user.id]: 'Ann' });
    client.destroy();

    // What people read over REST: the same, but for ids (entries, people, the workspace).
    const read = async (server: TestServer, who: Session, path: string) =>
      (await call(server.url, 'GET', path, { token: who.accessToken })).body;
    const people = new Map([
      [ann2.user.id, ann.user.id],
      [bob2.user.id, bob.user.id],
    ]);
    const sameIds = (items: { id: string; actorId: string | null }[]) =>
      items.map(({ id: _id, ...item }) => ({
        ...item,
        actorId: people.get(item.actorId ?? '') ?? item.actorId,
      }));
    const activityA = await read(source, ann, `/workspaces/${ws}/activity?limit=200`);
    const activityB = await read(target, ann2, `/workspaces/${id}/activity?limit=200`);
    expect(activityA.items.length).toBe(archive.history.activity.length);
    expect(sameIds(activityB.items)).toEqual(sameIds(activityA.items));
    const taskA = await read(source, ann, `/tasks/${scriptTaskId}/activity?workspaceId=${ws}`);
    const taskB = await read(target, ann2, `/tasks/${scriptTaskId}/activity?workspaceId=${id}`);
    expect(taskA.items.length).toBeGreaterThan(0);
    expect(sameIds(taskB.items)).toEqual(sameIds(taskA.items));
    const boardA = await read(source, ann, `/workspaces/${ws}/board`);
    const boardB = await read(target, ann2, `/workspaces/${id}/board`);
    expect(JSON.stringify(boardB.projects).replaceAll(id, ws)).toBe(JSON.stringify(boardA.projects));
    const past = new Date(archive.history.updates.at(-3)?.receivedAt ?? 0).toISOString();
    expect((await read(target, ann2, `/workspaces/${id}/board?at=${past}`)).projects).toEqual(
      (await read(source, ann, `/workspaces/${ws}/board?at=${past}`)).projects,
    );

    // A script in a title is a title: stored and served as text, never markup.
    const task = await read(target, ann2, `/tasks/${scriptTaskId}?workspaceId=${id}`);
    expect(task.task.title).toBe(SCRIPT_TITLE);

    // The imported workspace is a working one: a member edits it.
    const edit = await call(target.url, 'PATCH', `/tasks/${scriptTaskId}?workspaceId=${id}`, {
      token: bob2.accessToken,
      body: { title: 'Safe now' },
    });
    expect(edit.status).toBe(200);
  });

  test('only the owner may export; others are refused, non-members cannot tell it exists', async () => {
    for (const who of [bob, carol, dave]) {
      const res = await call(source.url, 'GET', `/workspaces/${ws}/export`, { token: who.accessToken });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
    }
    const stranger = await signUp(source.url, { name: 'Eve' });
    expect(
      (await call(source.url, 'GET', `/workspaces/${ws}/export`, { token: stranger.accessToken })).status,
    ).toBe(404);
    expect((await call(source.url, 'GET', `/workspaces/${ws}/export`)).status).toBe(401);
  });

  test('a workspace nobody opened yet exports as its seed, and imports', async () => {
    const fresh = await createWorkspace(ann, 'Untouched');
    const res = await call(source.url, 'GET', `/workspaces/${fresh}/export`, { token: ann.accessToken });
    expect(res.status).toBe(200);
    // The seed (the server's, no user), then whatever the server writes on a first load (names).
    expect(res.body.history.updates[0]).toMatchObject({ userId: null });
    const back = await call(source.url, 'POST', '/workspaces/import', {
      token: ann.accessToken,
      body: res.body,
    });
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    expect(back.body.workspace.name).toBe('Untouched');
  });

  describe('hostile files: a clear 4xx and no workspace', () => {
    let mallory: Session;
    const mine = async () =>
      (await call(target.url, 'GET', '/workspaces', { token: mallory.accessToken })).body.workspaces.length;
    const post = (body: unknown, options: { raw?: string; type?: string } = {}) =>
      call(target.url, 'POST', '/workspaces/import', {
        token: mallory.accessToken,
        ...(options.raw === undefined ? { body } : { rawBody: options.raw }),
        ...(options.type ? { headers: { 'content-type': options.type } } : {}),
      });
    const refused = async (
      res: Awaited<ReturnType<typeof post>>,
      status: number,
      code: string,
      message: RegExp,
    ) => {
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(JSON.stringify(res.body.error)).toMatch(message);
      expect(await mine()).toBe(0);
    };

    beforeAll(async () => {
      mallory = await signUp(target.url, { name: 'Mallory' });
    });

    test('a file of another format, or no JSON at all', async () => {
      await refused(
        await post({ lists: [], cards: [] }),
        400,
        'invalid_input',
        /not a Taskflow workspace export/,
      );
      await refused(await post({ ...seededArchive(), format: 'trello' }), 400, 'invalid_input', /format/);
      await refused(
        await post(null, { raw: 'PK\u0003\u0004 not json' }),
        400,
        'invalid_json',
        /not valid JSON/,
      );
      await refused(
        await post(null, { raw: '{}', type: 'text/plain' }),
        415,
        'unsupported_media_type',
        /json/,
      );
    });

    test('an unknown version', async () => {
      await refused(await post({ ...seededArchive(), version: 2 }), 400, 'invalid_input', /reads version 1/);
    });

    test('deep nesting', async () => {
      const deep = `{"format":"taskflow-workspace","members":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
      await refused(await post(null, { raw: deep }), 400, 'json_too_deep', /nests deeper/);
    });

    test('garbage where Yjs updates belong, and a history that does not make the document', async () => {
      const garbage = seededArchive();
      garbage.document.state = b64(new Uint8Array([1, 200, 255, 7, 3, 99, 0, 12, 250, 250, 250, 1]));
      await refused(await post(garbage), 400, 'invalid_input', /not a valid Yjs update/);
      const row = seededArchive();
      (row.history.updates[0] as { data: string }).data = b64(new Uint8Array(64).fill(0xff));
      await refused(await post(row), 400, 'invalid_input', /not a valid Yjs update/);
      const other = seededArchive();
      const doc = new Y.Doc();
      doc.getMap('meta').set('schemaVersion', 1);
      (other.history.updates[0] as { data: string }).data = b64(Y.encodeStateAsUpdate(doc));
      await refused(await post(other), 400, 'invalid_input', /does not match its history/);
      const notBase64 = seededArchive();
      notBase64.document.state = '<script>';
      await refused(await post(notBase64), 400, 'invalid_input', /base64/);
      const empty = seededArchive();
      const blank = Y.encodeStateAsUpdate(new Y.Doc());
      empty.document.state = b64(blank);
      (empty.history.updates[0] as { data: string }).data = b64(blank);
      await refused(await post(empty), 400, 'invalid_input', /not a Taskflow workspace/);
    });

    test('references to rows the file lacks, and the same row twice (the transaction leaves nothing)', async () => {
      const dangling = seededArchive();
      dangling.history.activityCursor = 99;
      await refused(await post(dangling), 400, 'invalid_input', /rows the file does not have/);
      const twice = seededArchive();
      const entry = {
        rowId: 1,
        seq: 0,
        kind: 'project.created',
        entityId: 'first',
        taskId: null,
        projectId: 'first',
        actorId: null,
        madeAt: null,
        arrivedAt: 1,
        changes: '[]',
      };
      twice.history.activity = [entry, entry];
      // Passes every check before the write; the database refuses the second row mid-transaction.
      await refused(await post(twice), 400, 'invalid_input', /twice/);
    });

    test('a 200 MB file is refused from its Content-Length, before it is read', async () => {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(`${target.url}/api/v1/workspaces/import`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${mallory.accessToken}`,
            'content-type': 'application/json',
            'content-length': String(200 * 1024 * 1024),
          },
        });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (c: Buffer) => {
            body += c.toString();
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        // A first chunk only: the answer must come without the other 200 MB.
        req.write('{"format":"taskflow-workspace",');
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).error.code).toBe('payload_too_large');
      expect(await mine()).toBe(0);
    });

    test('a valid file still imports for the same person (the refusals left no trace)', async () => {
      const res = await post(seededArchive('Fine'));
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(await mine()).toBe(1);
    });
  });
});
