/** Benchmark clients: N peers on one document, one of them moving a card, the rest waiting for it. */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import {
  createTask,
  type Editor,
  FIRST_PROJECT_ID,
  moveTask,
  readBoard,
  readTask,
  seedWorkspace,
} from '@taskflow/model';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

export type Peer = { doc: Y.Doc; close(): void };

/** Resolves once `ready()` holds, checked now and after each update of the doc. */
export function once(doc: Y.Doc, ready: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    if (ready()) return resolve();
    const check = () => {
      if (!ready()) return;
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}

/** Who the bench signs in as: the token every peer opens `default` with, and the user's id. */
export type BenchUser = { token: string; userId: string };

/**
 * Registers a bench user and signs in. The first account of a fresh server owns the workspace
 * `default`, which every peer then opens with this token.
 */
export async function benchUser(port: number): Promise<BenchUser> {
  const base = `http://127.0.0.1:${port}/api/v1/auth`;
  const account = { email: 'bench@example.com', password: 'bench-password-1', name: 'Bench' };
  const post = (path: string, body: unknown) =>
    fetch(`${base}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const registered = await post('register', account);
  if (registered.status !== 201)
    throw new Error(`register failed: ${registered.status} ${await registered.text()}`);
  const login = await post('login', { email: account.email, password: account.password });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const body = (await login.json()) as { accessToken: string; user: { id: string } };
  return { token: body.accessToken, userId: body.user.id };
}

export async function taskflowPeer(port: number, token: string): Promise<Peer> {
  const doc = new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: `ws://127.0.0.1:${port}/sync`,
    WebSocketPolyfill: WebSocket,
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: 'default',
    document: doc,
    token: async () => token,
  });
  provider.attach();
  await new Promise<void>((resolve) => provider.on('synced', () => resolve()));
  return {
    doc,
    close: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}

export async function referencePeer(port: number): Promise<Peer> {
  const doc = new Y.Doc();
  // disableBc: peers in one process would otherwise sync over BroadcastChannel and bypass the server.
  const provider = new WebsocketProvider(`ws://127.0.0.1:${port}`, 'default', doc, {
    WebSocketPolyfill: WebSocket as never,
    disableBc: true,
  });
  await new Promise<void>((resolve) => provider.on('sync', (synced: boolean) => synced && resolve()));
  return { doc, close: () => provider.destroy() };
}

/** Moves that can be made in rounds, interleaved with other servers' rounds. */
export type Mover = {
  /** Makes `count` moves, one at a time; every receiver's latency in ms. */
  moves(count: number): Promise<number[]>;
  close(): void;
};

/**
 * One card on the first peer's board that every other peer sees, then moved by the first peer.
 * `actorId` is the signed-in user's id: Taskflow refuses a move that names someone else (M17).
 */
export async function cardMover(peers: Peer[], actorId = 'bench'): Promise<Mover> {
  const [sender, ...receivers] = peers;
  if (!sender) throw new Error('no peers');
  const editor: Editor = { origin: { kind: 'user', actorId } };
  if (!readBoard(sender.doc, FIRST_PROJECT_ID)) seedWorkspace(sender.doc, { workspaceId: 'default' });
  const taskId = createTask(sender.doc, editor, { projectId: FIRST_PROJECT_ID, title: 'bench card' });
  await Promise.all(receivers.map((r) => once(r.doc, () => readTask(r.doc, taskId) !== undefined)));
  const columns = readBoard(sender.doc, FIRST_PROJECT_ID)?.columns.map((c) => c.id) ?? [];
  let made = 0;
  return {
    async moves(count) {
      const samples: number[] = [];
      for (let i = 0; i < count; i++, made++) {
        const started = performance.now();
        const column = columns[made % columns.length] as string;
        const placement = moveTask(sender.doc, editor, taskId, column, 0);
        await Promise.all(
          receivers.map((r) =>
            once(r.doc, () => readTask(r.doc, taskId)?.movedAt === placement.hlc).then(() =>
              samples.push(performance.now() - started),
            ),
          ),
        );
      }
      return samples;
    },
    close() {
      for (const p of peers) p.close();
    },
  };
}

/** Moves one card `moves` times, one move at a time; returns every receiver's latency in ms. */
export async function measureMoves(peers: Peer[], moves: number, actorId = 'bench'): Promise<number[]> {
  return (await cardMover(peers, actorId)).moves(moves);
}

/** Opens a plain WebSocket to `port`. */
export function rawSocket(port: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The floor: the same fan-out over a bare WebSocket broadcast, with a payload the size of a move. */
export function echoMover(sockets: WebSocket[]): Mover {
  const [sender, ...receivers] = sockets;
  if (!sender) throw new Error('no sockets');
  const payload = Buffer.alloc(160);
  let made = 0;
  return {
    async moves(count) {
      const samples: number[] = [];
      for (let i = 0; i < count; i++, made++) {
        const tag = made;
        payload.writeUInt32LE(tag, 0);
        const started = performance.now();
        const arrived = receivers.map(
          (ws) =>
            new Promise<void>((resolve) => {
              const onMessage = (data: Buffer) => {
                if (data.readUInt32LE(0) !== tag) return;
                ws.off('message', onMessage);
                samples.push(performance.now() - started);
                resolve();
              };
              ws.on('message', onMessage);
            }),
        );
        sender.send(payload);
        await Promise.all(arrived);
      }
      return samples;
    },
    close() {
      for (const ws of sockets) ws.close();
    },
  };
}
