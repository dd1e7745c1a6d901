/**
 * Issue 14 (saved views) over a real server: a member's crafted sync updates that rename, delete,
 * share or unshare Ann's personal view, or make a view in her name, are refused with their reason,
 * via Update and SyncStep2, and her views stay as she left them. Each forgery has an honest twin
 * that must pass (a shared view is the project's: anyone may rename it), so the refusals are the
 * rules at work, not a broken connection.
 */
import {
  createView,
  deleteView,
  type Editor,
  FIRST_PROJECT_ID,
  readView,
  readViews,
  renameView,
} from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { annBobMallory, type Session } from './helpers/auth.ts';
import { connectClient, type TestClient } from './helpers/client.ts';
import { freshView, sendEditAs, type Transport } from './helpers/content.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';

const P = FIRST_PROJECT_ID;
const as = (id: string): Editor => ({ origin: { kind: 'user', actorId: id } });

describe('issue 14: a personal saved view is its creator’s alone', () => {
  let server: TestServer;
  let ann: Session;
  let mallory: Session;
  let ws: string;
  let annBoard: TestClient;
  let personal: string;
  let shared: string;
  let nextClient = 7_000_000;

  beforeAll(async () => {
    server = await startTestServer();
    ({ ann, mallory, ws } = await annBobMallory(server.url, 'Views guard'));
    annBoard = connectClient(server.wsUrl, { name: ws, token: ann.token });
    await annBoard.synced;
    const a = annBoard.editor;
    personal = createView(annBoard.doc, a, {
      projectId: P,
      name: 'Mine',
      query: 'assignee=me',
      shared: false,
    });
    shared = createView(annBoard.doc, a, { projectId: P, name: 'Team', query: 'due=overdue', shared: true });
    await annBoard.acked();
  });
  afterAll(async () => {
    annBoard?.destroy();
    await server?.close();
  });

  function mallorySends(edit: (doc: Y.Doc) => void, transport: Transport) {
    const target = {
      wsUrl: server.wsUrl,
      token: mallory.accessToken,
      documentName: ws,
      observer: annBoard.doc,
    };
    return sendEditAs(target, nextClient++, edit, transport);
  }
  const yView = (d: Y.Doc, id: string) => d.getMap<Y.Map<unknown>>('views').get(id) as Y.Map<unknown>;
  const m = () => as(mallory.user.id);
  const a = () => as(ann.user.id);
  const mine = (d: Y.Doc) =>
    createView(d, m(), { projectId: P, name: `Mallory’s ${nextClient}`, query: '', shared: false });

  const cases: { name: string; forged: (d: Y.Doc) => void; reason: string; honest: (d: Y.Doc) => void }[] = [
    {
      name: 'renaming Ann’s personal view',
      forged: (d) => renameView(d, a(), personal, 'Mallory was here'),
      reason: 'foreign-view',
      honest: (d) => renameView(d, m(), shared, `Team ${nextClient}`),
    },
    {
      name: 'deleting Ann’s personal view',
      forged: (d) => yView(d, personal).set('deletedAt', new Date().toISOString()),
      reason: 'foreign-view',
      honest: (d) => deleteView(d, m(), mine(d)),
    },
    {
      name: 'sharing Ann’s personal view',
      forged: (d) => yView(d, personal).set('shared', true),
      reason: 'foreign-view',
      honest: (d) => yView(d, mine(d)).set('shared', true),
    },
    {
      name: 'making Ann’s shared view personal',
      forged: (d) => yView(d, shared).set('shared', false),
      reason: 'foreign-view',
      honest: (d) => renameView(d, m(), shared, `Team ${nextClient}`),
    },
    {
      name: 'a view made in Ann’s name',
      forged: (d) => createView(d, a(), { projectId: P, name: 'Ann’s?', query: '', shared: true }),
      reason: 'forged-identity',
      honest: (d) => mine(d),
    },
    {
      name: 'removing Ann’s view entry',
      forged: (d) => d.getMap('views').delete(personal),
      reason: 'not-writable',
      honest: (d) => mine(d),
    },
  ];

  for (const transport of ['update', 'step2'] as const) {
    for (const c of cases) {
      test(`${c.name} is refused (${c.reason}) via ${transport}; the honest version is not`, async () => {
        const forged = await mallorySends(c.forged, transport);
        expect(forged.outcome).toEqual({ kind: 'refused', reason: c.reason });
        expect((await mallorySends(c.honest, transport)).outcome).toEqual({ kind: 'saved' });
        expect(Y.getState(annBoard.doc.store, forged.client)).toBe(0);
      });
    }
  }

  test('after all that, Ann’s personal view is as she left it and only she lists it', async () => {
    const view = await freshView(server.wsUrl, ann.token, ws);
    expect(readView(view, personal)).toMatchObject({ name: 'Mine', shared: false, createdBy: ann.user.id });
    expect(readViews(view, P, mallory.user.id).map((v) => v.id)).not.toContain(personal);
    expect(readViews(view, P, ann.user.id).map((v) => v.id)).toContain(personal);
  });
});
