/**
 * Must-show 3 (issue 8), identity: what the document records as who did something is the
 * sender, whatever a member's client writes (SPEC M14, M17, M18), through SyncStep2 as through
 * Update; and no member can write under a colleague's Yjs clientID, also not one seen only in
 * presence (issue 8 item 3). Each forgery has an honest twin that must pass, so the refusals
 * are the rules at work, not a broken connection.
 */
import {
  addComment,
  createTask,
  deleteComment,
  type Editor,
  editComment,
  FIRST_PROJECT_ID,
  moveTask,
  readComments,
  readPeople,
  readTask,
  setPersonName,
  updateTask,
  watchTask,
} from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { annBobMallory, type Session } from './helpers/auth.ts';
import { connectClient, type TestClient, until } from './helpers/client.ts';
import { editOf, freshView, sendContent, sendEditAs, type Transport } from './helpers/content.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';

const as = (id: string): Editor => ({ origin: { kind: 'user', actorId: id } });

describe('issue 8: identity inside the document is the sender’s', () => {
  let server: TestServer;
  let ann: Session;
  let bob: Session;
  let mallory: Session;
  let ws: string;
  let annBoard: TestClient;
  let bobBoard: TestClient;
  let annTask: string;
  let annComment: string;
  let nextClient = 5_000_000;

  beforeAll(async () => {
    server = await startTestServer();
    ({ ann, bob, mallory, ws } = await annBobMallory(server.url, 'Identity'));
    annBoard = connectClient(server.wsUrl, { name: ws, token: ann.token });
    bobBoard = connectClient(server.wsUrl, { name: ws, token: bob.token });
    await Promise.all([annBoard.synced, bobBoard.synced]);
    annTask = createTask(annBoard.doc, annBoard.editor, { projectId: FIRST_PROJECT_ID, title: 'Ann’s task' });
    annComment = addComment(annBoard.doc, annBoard.editor, annTask, 'Ann’s words');
    await annBoard.acked();
    await until(bobBoard.doc, (doc) => readComments(doc, annTask).length === 1);
  });
  afterAll(async () => {
    annBoard?.destroy();
    bobBoard?.destroy();
    await server?.close();
  });

  /**
   * Mallory's client (a fresh clientID) makes `edit` on the server's current state and sends it.
   * Resolves with the answer once what was accepted has reached Ann.
   */
  function mallorySends(edit: (doc: Y.Doc) => void, transport: Transport) {
    const target = {
      wsUrl: server.wsUrl,
      token: mallory.accessToken,
      documentName: ws,
      observer: annBoard.doc,
    };
    return sendEditAs(target, nextClient++, edit, transport);
  }

  const task = (doc: Y.Doc, id: string) => doc.getMap<Y.Map<unknown>>('tasks').get(id) as Y.Map<unknown>;
  const comment = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>('comments').get(annComment) as Y.Map<unknown>;

  /** Each forgery, the reason it is refused for, and what Mallory may do instead. */
  const cases: { name: string; forged: (d: Y.Doc) => void; reason: string; honest: (d: Y.Doc) => void }[] = [
    {
      name: 'a comment signed as Ann',
      forged: (d) => addComment(d, as(ann.user.id), annTask, 'I agree (Ann)'),
      reason: 'forged-identity',
      honest: (d) => addComment(d, as(mallory.user.id), annTask, 'I agree'),
    },
    {
      name: 'editing Ann’s comment',
      forged: (d) => editComment(d, as(ann.user.id), annComment, 'Ann’s words, improved'),
      reason: 'foreign-comment',
      honest: (d) => {
        const mine = addComment(d, as(mallory.user.id), annTask, 'draft');
        editComment(d, as(mallory.user.id), mine, 'final');
      },
    },
    {
      name: 'deleting Ann’s comment (as the model does, and raw)',
      forged: (d) => {
        deleteComment(d, as(ann.user.id), annComment);
      },
      reason: 'foreign-comment',
      honest: (d) =>
        deleteComment(d, as(mallory.user.id), addComment(d, as(mallory.user.id), annTask, 'oops')),
    },
    {
      name: 'removing the text of Ann’s comment with a raw delete',
      forged: (d) => comment(d).delete('body'),
      reason: 'foreign-comment',
      honest: (d) => watchTask(d, as(mallory.user.id), annTask, true),
    },
    {
      name: 'another person’s name in `people`',
      forged: (d) => setPersonName(d, as(mallory.user.id), ann.user.id, 'Ann (Mallory)'),
      reason: 'forged-identity',
      honest: (d) => setPersonName(d, as(mallory.user.id), mallory.user.id, 'Mallory'),
    },
    {
      name: 'someone else’s name under one’s own id',
      forged: (d) => setPersonName(d, as(mallory.user.id), mallory.user.id, 'Ann'),
      reason: 'forged-identity',
      honest: (d) => setPersonName(d, as(mallory.user.id), mallory.user.id, 'Mallory'),
    },
    {
      name: 'a task created “by” Ann',
      forged: (d) => createTask(d, as(ann.user.id), { projectId: FIRST_PROJECT_ID, title: 'Ann wants this' }),
      reason: 'forged-identity',
      honest: (d) =>
        createTask(d, as(mallory.user.id), { projectId: FIRST_PROJECT_ID, title: 'I want this' }),
    },
    {
      name: 'claiming Ann’s task (createdBy rewritten)',
      forged: (d) => task(d, annTask).set('createdBy', mallory.user.id),
      reason: 'forged-identity',
      honest: (d) => updateTask(d, as(mallory.user.id), annTask, { assignee: mallory.user.id }),
    },
    {
      name: 'an edit recorded as Ann’s (updatedBy)',
      forged: (d) => updateTask(d, as(ann.user.id), annTask, { priority: 'highest' }),
      reason: 'forged-identity',
      honest: (d) => updateTask(d, as(mallory.user.id), annTask, { priority: 'high' }),
    },
    {
      name: 'a move recorded as Ann’s (placement `by`)',
      forged: (d) => moveTask(d, as(ann.user.id), annTask, `${FIRST_PROJECT_ID}:col2`, 0),
      reason: 'forged-identity',
      honest: (d) => moveTask(d, as(mallory.user.id), annTask, `${FIRST_PROJECT_ID}:col2`, 0),
    },
    {
      name: 'subscribing Ann to a task (watch:ann)',
      forged: (d) => watchTask(d, as(ann.user.id), annTask, true),
      reason: 'foreign-watch',
      honest: (d) => watchTask(d, as(mallory.user.id), annTask, true),
    },
    {
      name: 'a newer schema version in `meta` (everyone’s writes would stop)',
      forged: (d) => d.getMap('meta').set('schemaVersion', 99),
      reason: 'not-writable',
      honest: (d) => updateTask(d, as(mallory.user.id), annTask, { labels: ['meta-free'] }),
    },
    {
      name: 'replacing Ann’s task with a new map',
      forged: (d) => d.getMap('tasks').set(annTask, new Y.Map()),
      reason: 'not-writable',
      honest: (d) =>
        createTask(d, as(mallory.user.id), { projectId: FIRST_PROJECT_ID, title: 'a task of my own' }),
    },
  ];

  for (const transport of ['update', 'step2'] as const) {
    for (const c of cases) {
      test(`${c.name} is refused (${c.reason}) via ${transport}; the honest version is not`, async () => {
        const forged = await mallorySends(c.forged, transport);
        expect(forged.outcome).toEqual({ kind: 'refused', reason: c.reason });
        expect((await mallorySends(c.honest, transport)).outcome).toEqual({ kind: 'saved' });
        // The honest edit has reached Ann; had the forged one been applied, it would have come first.
        expect(Y.getState(annBoard.doc.store, forged.client)).toBe(0);
      });
    }
  }

  test('after all that, a fresh client reads Ann’s task, comment and name as Ann left them', async () => {
    const view = await freshView(server.wsUrl, ann.token, ws);
    expect(readTask(view, annTask)).toMatchObject({ createdBy: ann.user.id, title: 'Ann’s task' });
    expect(readTask(view, annTask)?.watchers).not.toContain(ann.user.id);
    expect(readComments(view, annTask).find((c) => c.id === annComment)).toMatchObject({
      authorId: ann.user.id,
      body: 'Ann’s words',
    });
    expect(readPeople(view)[ann.user.id]).toBe('Ann');
    expect(readPeople(view)[mallory.user.id]).toBe('Mallory');
    expect(view.getMap('meta').get('schemaVersion')).toBe(1);
  });
});

describe('issue 8 item 3: nobody writes under a colleague’s clientID', () => {
  let server: TestServer;
  let ann: Session;
  let bob: Session;
  let mallory: Session;
  let ws: string;

  beforeAll(async () => {
    server = await startTestServer();
    ({ ann, bob, mallory, ws } = await annBobMallory(server.url, 'Clients'));
  });
  afterAll(async () => {
    await server?.close();
  });

  const titleOf = (doc: Y.Doc, id: string) => readTask(doc, id)?.title;

  for (const transport of ['step2', 'update', 'reply-step2'] as const) {
    test(`a member’s ${transport} under Ann’s clientID at her next clock, while she is offline, is refused; Ann’s own edit wins`, async () => {
      const annBoard = connectClient(server.wsUrl, { name: ws, token: ann.token });
      const bobBoard = connectClient(server.wsUrl, { name: ws, token: bob.token });
      await Promise.all([annBoard.synced, bobBoard.synced]);
      const id = createTask(annBoard.doc, annBoard.editor, { projectId: FIRST_PROJECT_ID, title: 'draft' });
      await annBoard.acked();
      await until(bobBoard.doc, (doc) => titleOf(doc, id) === 'draft');
      annBoard.destroy();
      // Offline, Ann retitles her task: her next clock.
      updateTask(annBoard.doc, annBoard.editor, id, { title: 'Ann’s title' });
      // Mallory, who has the server's state and saw Ann's clientID there, writes that clock first.
      const server2 = Y.encodeStateAsUpdate(bobBoard.doc);
      const forged = editOf(server2, annBoard.doc.clientID, (d) =>
        updateTask(d, as(ann.user.id), id, { title: 'Mallory’s title' }),
      );
      expect(await sendContent(server.wsUrl, mallory.accessToken, ws, forged, transport)).toEqual({
        kind: 'refused',
        reason: 'foreign-client',
      });
      // Ann comes back: her edit is taken, and everyone converges on it.
      const back = connectClient(server.wsUrl, { name: ws, token: ann.token, doc: annBoard.doc });
      await back.synced;
      await back.acked();
      await until(bobBoard.doc, (doc) => titleOf(doc, id) === 'Ann’s title');
      expect(titleOf(await freshView(server.wsUrl, bob.token, ws), id)).toBe('Ann’s title');
      back.destroy();
      bobBoard.destroy();
    });
  }

  test('a clientID seen only in presence cannot be claimed by another member before its owner writes', async () => {
    const annTab = connectClient(server.wsUrl, { name: ws, token: ann.token });
    const malloryTab = connectClient(server.wsUrl, { name: ws, token: mallory.token });
    await Promise.all([annTab.synced, malloryTab.synced]);
    const annId = annTab.doc.clientID;
    annTab.provider.setAwarenessField('cursor', 'here');
    // Mallory learns Ann's fresh clientID from presence: Ann has not written anything under it.
    await new Promise<void>((resolve) => {
      const check = () => {
        if (!malloryTab.provider.awareness?.getStates().has(annId)) return;
        malloryTab.provider.awareness?.off('change', check);
        resolve();
      };
      malloryTab.provider.awareness?.on('change', check);
      check();
    });
    expect(Y.decodeStateVector(Y.encodeStateVector(malloryTab.doc)).has(annId)).toBe(false);
    const squat = editOf(Y.encodeStateAsUpdate(malloryTab.doc), annId, (d) =>
      createTask(d, as(mallory.user.id), { projectId: FIRST_PROJECT_ID, title: 'squatting' }),
    );
    expect(await sendContent(server.wsUrl, mallory.accessToken, ws, squat, 'update')).toEqual({
      kind: 'refused',
      reason: 'foreign-client',
    });
    // Ann's first edit under that clientID goes through and reaches Mallory's board.
    const id = createTask(annTab.doc, annTab.editor, { projectId: FIRST_PROJECT_ID, title: 'Ann’s first' });
    await annTab.acked();
    await until(malloryTab.doc, (doc) => titleOf(doc, id) === 'Ann’s first');
    annTab.destroy();
    malloryTab.destroy();
  });
});
