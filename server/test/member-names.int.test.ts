/**
 * Issue 14: the assignee picker offers the workspace's people from the document, so a member who
 * has never opened the board must be named there too. On each connection the server writes every
 * member's account name (and nothing when names are unchanged).
 */
import { readPeople } from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { addMember, createWorkspace, type Session, signUp } from './helpers/auth.ts';
import { connectClient, until } from './helpers/client.ts';
import { startTestServer, type TestServer } from './helpers/in-process.ts';

describe('members are named in the document before they first connect', () => {
  let server: TestServer;
  let ann: Session;
  let ws: string;

  beforeAll(async () => {
    server = await startTestServer();
    ann = await signUp(server.url, { name: 'Ann' });
    ws = await createWorkspace(ann, 'Acme');
    await addMember(ann, ws, await signUp(server.url, { name: 'Bob Builder' }), 'member');
    await addMember(ann, ws, await signUp(server.url, { name: 'Vic Viewer' }), 'viewer');
  });
  afterAll(async () => server?.close());

  test('a connection brings every member’s name; a second one writes nothing new', async () => {
    const first = connectClient(server.wsUrl, { name: ws, token: ann.token });
    await first.synced;
    await until(first.doc, (doc) => Object.values(readPeople(doc)).includes('Vic Viewer'));
    expect(Object.values(readPeople(first.doc)).sort()).toEqual([
      'Ann',
      'Bob Builder',
      'Taskflow',
      'Vic Viewer',
    ]);
    const before = Y.encodeStateVector(first.doc);
    first.destroy();

    const again = connectClient(server.wsUrl, { name: ws, token: ann.token });
    await again.synced;
    await new Promise((r) => setTimeout(r, 300));
    // Names unchanged: the reconnect added no structs to the document.
    expect(Y.encodeStateAsUpdate(again.doc, before).byteLength).toBeLessThan(40);
    again.destroy();
  });
});
