/**
 * Issue 14: rich, collaborative descriptions on a real server. Two clients typing into one
 * description end with both texts; a task from a client that predates fragments gets one from the
 * server, and that client's string edits reach it; a mention notifies the person once, in-app and
 * by email, across more edits and a restart; a crafted huge description is refused as too-large.
 */
import path from 'node:path';
import {
  createTask,
  DESCRIPTION_FRAGMENT_KEY,
  fragmentPlainText,
  readTask,
  taskDescriptionFragment,
} from '@taskflow/model';
import { type RunningServer, startServer } from '@taskflow/server';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addMember, call, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, type TestClient, until } from './helpers/client.ts';
import { tempDir } from './helpers/temp-dir.ts';

const dir = tempDir('rich-description');
const open: TestClient[] = [];
let server: RunningServer;

async function start(): Promise<RunningServer> {
  return startServer({
    port: 0,
    dataDir: dir.path,
    limits: { registerPerAddress: 1000, loginPerAddress: 1000 },
  });
}

const wsUrl = () => `${server.url.replace('http', 'ws')}/sync`;

async function client(who: Session, ws: string): Promise<TestClient> {
  const c = connectClient(wsUrl(), { token: who.accessToken, name: ws });
  open.push(c);
  await c.synced;
  return c;
}

function fragment(doc: Y.Doc, taskId: string): Y.XmlFragment {
  const f = taskDescriptionFragment(doc, taskId);
  if (!f) throw new Error('no fragment');
  return f;
}

/** A paragraph as the editor writes it: text, then a mention of `person`. */
function mentionParagraph(text: string, person: Session): Y.XmlElement {
  const mention = new Y.XmlElement('mention');
  mention.setAttribute('id', person.user.id);
  mention.setAttribute('label', person.user.name);
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text), mention]);
  return p;
}

async function notices(who: Session): Promise<{ kind: string; title: string }[]> {
  const r = await call(server.url, 'GET', '/notifications', { token: who.accessToken });
  return r.body.items;
}

afterAll(async () => {
  for (const c of open) c.destroy();
  await server?.close();
  dir.remove();
});

describe('rich descriptions through a real server', () => {
  let ann: Session;
  let bob: Session;
  let ws: string;
  let taskId: string;

  test('two people typing at once both keep their text', async () => {
    server = await start();
    ann = await signUp(server.url, { name: 'Ann' });
    bob = await signUp(server.url, { name: 'Bob' });
    ws = await createWorkspace(ann, 'Rich');
    await addMember(ann, ws, bob, 'member');
    const a = await client(ann, ws);
    const b = await client(bob, ws);
    const projectId = (a.doc.getMap('projects').keys().next().value ?? '') as string;
    taskId = createTask(a.doc, a.editor, { projectId, title: 'Spec', description: 'base' });
    await a.acked();
    await until(b.doc, (d) => taskDescriptionFragment(d, taskId) !== undefined);
    const run = (doc: Y.Doc) => (fragment(doc, taskId).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    // Neither has seen the other's typing when it types.
    run(a.doc).insert(4, ' from Ann');
    run(b.doc).insert(0, 'Bob: ');
    await Promise.all([a.acked(), b.acked()]);
    const both = 'Bob: base from Ann';
    await until(a.doc, (d) => readTask(d, taskId)?.description === both);
    await until(b.doc, (d) => readTask(d, taskId)?.description === both);
    const rest = await call(server.url, 'GET', `/tasks/${taskId}`, { token: ann.accessToken });
    expect(rest.body.task.description).toBe(both);
  });

  test('a mention notifies the person once, in-app and by email, whatever follows', async () => {
    const a = open[0] as TestClient;
    fragment(a.doc, taskId).insert(1, [mentionParagraph('Please review, ', bob)]);
    await a.acked();
    // More typing, and a second mention of Bob: no second notice.
    fragment(a.doc, taskId).insert(2, [mentionParagraph('and again ', bob)]);
    await a.acked();
    const bobs = (await notices(bob)).filter((n) => n.kind === 'mention');
    expect(bobs.map((n) => n.title)).toEqual([expect.stringMatching(/^Ann mentioned you in .*Spec$/)]);
    // The author is never told of their own mention.
    fragment(a.doc, taskId).insert(0, [mentionParagraph('me: ', ann)]);
    await a.acked();
    expect((await notices(ann)).filter((n) => n.kind === 'mention')).toEqual([]);
  });

  test('after a restart, more edits keep it at one notice; one queued email', async () => {
    for (const c of open.splice(0)) c.destroy();
    await server.close();
    server = await start();
    const a = await client(ann, ws);
    await until(a.doc, (d) => taskDescriptionFragment(d, taskId) !== undefined);
    fragment(a.doc, taskId).insert(0, [mentionParagraph('once more ', bob)]);
    await a.acked();
    expect((await notices(bob)).filter((n) => n.kind === 'mention')).toHaveLength(1);
    const db = new Database(path.join(dir.path, 'taskflow.sqlite'), { readonly: true });
    try {
      const rows = db.prepare("SELECT user_id FROM outbox WHERE kind = 'mention'").all();
      expect(rows).toEqual([{ user_id: bob.user.id }]);
    } finally {
      db.close();
    }
  });

  test('a task from a client without fragments gets one from the server; its string edits reach it', async () => {
    const old = await client(bob, ws);
    const projectId = (old.doc.getMap('projects').keys().next().value ?? '') as string;
    let legacy = '';
    old.doc.transact(() => {
      legacy = createTask(old.doc, old.editor, { projectId, title: 'Old', description: 'from before' });
      (old.doc.getMap('tasks').get(legacy) as Y.Map<unknown>).delete(DESCRIPTION_FRAGMENT_KEY);
    });
    await old.acked();
    await until(old.doc, (d) => taskDescriptionFragment(d, legacy) !== undefined);
    expect(fragmentPlainText(fragment(old.doc, legacy))).toBe('from before');
    (old.doc.getMap('tasks').get(legacy) as Y.Map<unknown>).set('description', 'edited as a string');
    await old.acked();
    await until(old.doc, (d) => fragmentPlainText(fragment(d, legacy)) === 'edited as a string');
    expect(readTask(old.doc, legacy)?.description).toBe('edited as a string');
  });

  test('a comment naming a member (@Name) tells them they were mentioned, once', async () => {
    const posted = await call(server.url, 'POST', `/tasks/${taskId}/comments`, {
      token: ann.accessToken,
      body: { body: 'Looks good.\n- ask @Bob about `npm test`' },
    });
    expect(posted.status).toBe(201);
    const bobs = (await notices(bob)).filter((n) => n.kind === 'mention');
    expect(bobs.map((n) => n.title)).toEqual([
      expect.stringMatching(/^Ann mentioned you in a comment on .*Spec$/),
      expect.stringMatching(/^Ann mentioned you in .*Spec$/),
    ]);
  });

  test('a crafted huge description is refused as too-large', async () => {
    const mallory = await client(bob, ws);
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText('x'.repeat(120_000))]);
    fragment(mallory.doc, taskId).insert(0, [p]);
    await new Promise<void>((resolve) => {
      const check = () => (mallory.stateless.length > 0 ? resolve() : setTimeout(check, 20));
      check();
    });
    expect(JSON.parse(mallory.stateless[0] as string)).toEqual({ type: 'rejected', reason: 'too-large' });
  });
});
