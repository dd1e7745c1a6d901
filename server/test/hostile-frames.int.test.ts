/**
 * Must-show #3 (issue 2): hostile frames — garbage, truncated, oversized, clock gaps — sent over a
 * raw WebSocket. After each: the server is up, the document is byte-for-byte unchanged (read by a
 * fresh client: pending structs from a gap would show in its encoded state), and a well-behaved
 * client's edit still reaches a third client.
 */
import { createTask, FIRST_PROJECT_ID, readTask } from '@taskflow/model';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import * as Y from 'yjs';
import { firstOwner, type Session } from './helpers/auth.ts';
import { connectClient, readServerState, type TestClient, until } from './helpers/client.ts';
import {
  authMessage,
  concat,
  MessageType,
  openAuthenticated,
  openRaw,
  type RawClient,
  SyncType,
  syncMessage,
  varString,
  varUint,
} from './helpers/raw-client.ts';
import { type ServerProcess, spawnServer } from './helpers/server-process.ts';
import { tempDir } from './helpers/temp-dir.ts';

const MAX_FRAME_BYTES = 256 * 1024;
const editor = { origin: { kind: 'user', actorId: 'mallory' } } as const;

describe('S3/S4: hostile frames', () => {
  const data = tempDir('hostile');
  let server: ServerProcess;
  let bob: TestClient;
  let carol: TestClient;
  let owner: Session;
  let edits = 0;

  beforeAll(async () => {
    server = await spawnServer({ dataDir: data.path, env: { MAX_FRAME_BYTES: String(MAX_FRAME_BYTES) } });
    owner = await firstOwner(server.url);
    bob = connectClient(server.wsUrl, { token: owner.token });
    carol = connectClient(server.wsUrl, { token: owner.token });
    await Promise.all([bob.synced, carol.synced]);
  });
  afterAll(async () => {
    bob?.destroy();
    carol?.destroy();
    await server?.stop('SIGKILL');
    data.remove();
  });

  const serverState = async () => (await readServerState(server.wsUrl, owner.token)).state;

  /** The server is up, the document equals `baseline`, and bob's next edit reaches carol. */
  async function expectUnharmed(baseline: Uint8Array): Promise<void> {
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await serverState()).toEqual(baseline);
    edits += 1;
    const id = createTask(bob.doc, bob.editor, {
      projectId: FIRST_PROJECT_ID,
      title: `still syncing ${edits}`,
    });
    await bob.acked();
    await until(carol.doc, (doc) => readTask(doc, id) !== undefined);
  }

  /** A doc holding the server's current state, and the next update an edit to it produces. */
  async function validUpdate(edit: (doc: Y.Doc) => void): Promise<{ doc: Y.Doc; update: Uint8Array }> {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, await serverState());
    let update: Uint8Array | undefined;
    doc.once('update', (u: Uint8Array) => {
      update = u;
    });
    edit(doc);
    if (!update) throw new Error('the edit produced no update');
    return { doc, update };
  }

  /** Waits until the server has dealt with everything sent on `raw`: it answers a fresh auth, or the socket is gone. */
  async function settled(raw: RawClient): Promise<void> {
    if (raw.isClosed()) return;
    raw.send(authMessage('default\0probe'));
    await Promise.race([
      raw.next((m) => m.kind === 'authenticated' || m.kind === 'permission-denied'),
      raw.closed,
    ]).catch(() => undefined);
  }

  /** How a refusal reached `raw`: a Close message for the document, or the socket's close code. */
  const refusedHow = (raw: RawClient): Promise<string> =>
    Promise.race([
      raw.next((m) => m.kind === 'close').then(() => 'document'),
      raw.closed.then(({ code }) => `socket ${code}`),
    ]).catch(async () => `socket ${(await raw.closed).code}`);

  test('S3: garbage frames, before and after authentication, close only the offending connection', async () => {
    const baseline = await serverState();
    const random = seeded(7);
    const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
    const frames = [
      bytes(1),
      bytes(64),
      bytes(4096),
      concat(varString('default'), bytes(200)),
      concat(varString('default'), varUint(MessageType.Sync), bytes(200)),
      concat(varString('default'), varUint(MessageType.Sync), varUint(SyncType.Update), bytes(200)),
      concat(varString('default'), varUint(MessageType.Awareness), bytes(100)),
      concat(varString('default'), varUint(99), bytes(10)),
      Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]),
    ];
    // Garbage inside a sync or awareness message of an authenticated document closes that document.
    const closesDocument = new Set([4, 5, 6]);
    for (const [i, frame] of frames.entries()) {
      const unauthenticated = await openRaw(server.wsUrl);
      unauthenticated.send(frame);
      await settled(unauthenticated);
      unauthenticated.close();

      const authenticated = await openAuthenticated(server.wsUrl, owner.accessToken);
      authenticated.send(frame);
      if (closesDocument.has(i)) expect(await refusedHow(authenticated)).toMatch(/^(document|socket 1007)$/);
      await settled(authenticated);
      authenticated.close();
    }
    await expectUnharmed(baseline);
  });

  test('S3: truncated frames and a cut-off update are refused; the document is unchanged', async () => {
    const baseline = await serverState();
    const { update } = await validUpdate((doc) =>
      createTask(doc, editor, {
        projectId: FIRST_PROJECT_ID,
        title: 'should never arrive',
        description: 'x'.repeat(500),
      }),
    );
    const whole = syncMessage('default', SyncType.Update, update);
    const cuts = [whole.length - 1, whole.length - 20, Math.floor(whole.length / 2), 12];
    for (const cut of cuts) {
      const raw = await openAuthenticated(server.wsUrl, owner.accessToken);
      raw.send(whole.subarray(0, cut));
      // Its payload's length prefix runs past the frame: the socket is closed as unreadable (1007)
      // with one log line, before Hocuspocus would fail on it and print a stack trace.
      expect(await refusedHow(raw)).toBe('socket 1007');
      raw.close();
    }
    // A frame whose length prefix is right but whose update is cut off: caught before Yjs applies half of it.
    for (const cut of [update.length - 1, update.length - 5, Math.floor(update.length / 2)]) {
      for (const syncType of [SyncType.Update, SyncType.Step2]) {
        const raw = await openAuthenticated(server.wsUrl, owner.accessToken);
        raw.send(syncMessage('default', syncType, update.subarray(0, cut)));
        const told = await raw.next((m) => m.kind === 'stateless');
        expect(told).toEqual({
          kind: 'stateless',
          payload: JSON.stringify({ type: 'rejected', reason: 'malformed' }),
        });
        await raw.next((m) => m.kind === 'close');
        raw.close();
      }
    }
    await expectUnharmed(baseline);
  });

  test('S3: a frame over MAX_FRAME_BYTES closes that socket with 1009, even when its update is valid', async () => {
    const baseline = await serverState();
    const { update } = await validUpdate((doc) =>
      doc.getMap('meta').set('junk', 'x'.repeat(MAX_FRAME_BYTES)),
    );
    const raw = await openAuthenticated(server.wsUrl, owner.accessToken);
    raw.send(syncMessage('default', SyncType.Update, update));
    const { code } = await raw.closed;
    expect(code).toBe(1009);
    await expectUnharmed(baseline);
  });

  test('S4: an update with a clock gap is refused with {"type":"rejected","reason":"gap"}, as Update and as SyncStep2', async () => {
    const baseline = await serverState();
    for (const syncType of [SyncType.Update, SyncType.Step2]) {
      // Two edits from one client; the first is withheld, so the second starts beyond the server's clock.
      const { doc } = await validUpdate((d) =>
        createTask(d, editor, { projectId: FIRST_PROJECT_ID, title: 'withheld' }),
      );
      let second: Uint8Array | undefined;
      doc.once('update', (u: Uint8Array) => {
        second = u;
      });
      createTask(doc, editor, { projectId: FIRST_PROJECT_ID, title: 'depends on the withheld one' });
      if (!second) throw new Error('no update');
      expect(Y.parseUpdateMeta(second).from.get(doc.clientID)).toBeGreaterThan(0);

      const raw = await openAuthenticated(server.wsUrl, owner.accessToken);
      raw.send(syncMessage('default', syncType, second));
      const told = await raw.next((m) => m.kind === 'stateless');
      expect(told).toEqual({
        kind: 'stateless',
        payload: JSON.stringify({ type: 'rejected', reason: 'gap' }),
      });
      expect((await raw.next((m) => m.kind === 'close')).kind).toBe('close');
      raw.close();
    }
    await expectUnharmed(baseline);
  });

  test('S4: a gap update sent before the sync handshake is held, then refused all the same', async () => {
    const baseline = await serverState();
    const { doc } = await validUpdate((d) =>
      createTask(d, editor, { projectId: FIRST_PROJECT_ID, title: 'withheld' }),
    );
    let second: Uint8Array | undefined;
    doc.once('update', (u: Uint8Array) => {
      second = u;
    });
    createTask(doc, editor, { projectId: FIRST_PROJECT_ID, title: 'depends on the withheld one' });
    if (!second) throw new Error('no update');
    const raw = await openAuthenticated(server.wsUrl, owner.accessToken, 'default', { handshake: false });
    raw.send(syncMessage('default', SyncType.Update, second));
    const told = await raw.next((m) => m.kind === 'stateless', 10_000);
    expect(told).toEqual({ kind: 'stateless', payload: JSON.stringify({ type: 'rejected', reason: 'gap' }) });
    raw.close();
    await expectUnharmed(baseline);
  });

  test('S3: the refusals left nothing on disk: a restart loads the same document', async () => {
    const before = await serverState();
    await server.stop('SIGTERM');
    bob.destroy();
    carol.destroy();
    server = await spawnServer({ dataDir: data.path, env: { MAX_FRAME_BYTES: String(MAX_FRAME_BYTES) } });
    bob = connectClient(server.wsUrl, { token: owner.token });
    carol = connectClient(server.wsUrl, { token: owner.token });
    await Promise.all([bob.synced, carol.synced]);
    expect(await serverState()).toEqual(before);
    await expectUnharmed(before);
  });
});

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
