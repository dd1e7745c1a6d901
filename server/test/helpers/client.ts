/**
 * A real sync client: @hocuspocus/provider over `ws`, as a browser tab would run it (recipe in
 * `ws` as its WebSocket implementation). Edits go through the model's operations with a user origin.
 */
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type { Editor } from '@taskflow/model';
import { WebSocket } from 'ws';
import * as Y from 'yjs';

export type TestClient = {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  editor: Editor;
  /** Resolves once the first sync with the server is done. */
  synced: Promise<void>;
  /** Resolves once the server has acknowledged every update sent so far. */
  acked(): Promise<void>;
  /** The stateless messages the server sent. */
  stateless: string[];
  destroy(): void;
};

export function connectClient(
  wsUrl: string,
  options: {
    name?: string;
    /** Whom edits are made as: by default the token's user, as the server insists (SPEC M17). */
    actorId?: string;
    doc?: Y.Doc;
    /** The access token, or a function returning the current one (as the web app passes it). */
    token?: string | (() => Promise<string>);
    /** Reconnect backoff; the web app's is `BROWSER_BACKOFF` (the provider's default grows to 30 s). */
    backoff?: { delay: number; minDelay: number; maxDelay: number; factor: number };
    /** The socket class, when `ws` needs options (a CA for wss:// through a proxy). */
    webSocket?: typeof WebSocket;
  } = {},
): TestClient {
  const doc = options.doc ?? new Y.Doc();
  const socket = new HocuspocusProviderWebsocket({
    url: wsUrl,
    // ws's WebSocket is what the provider expects at runtime; its types differ from the DOM's.
    WebSocketPolyfill: (options.webSocket ?? WebSocket) as unknown as typeof globalThis.WebSocket,
    ...options.backoff,
  });
  const given = options.token;
  const editor: Editor = {
    origin: { kind: 'user', actorId: options.actorId ?? subjectOf(typeof given === 'string' ? given : '') },
  };
  const provider = new HocuspocusProvider({
    name: options.name ?? 'default',
    document: doc,
    websocketProvider: socket,
    token: async () => {
      const token = typeof given === 'function' ? await given() : (given ?? 'no-token');
      if (options.actorId === undefined) editor.origin = { kind: 'user', actorId: subjectOf(token) };
      return token;
    },
  });
  const stateless: string[] = [];
  provider.on('stateless', ({ payload }: { payload: string }) => stateless.push(payload));
  const synced = new Promise<void>((resolve, reject) => {
    provider.on('synced', () => resolve());
    provider.on('authenticationFailed', ({ reason }: { reason: string }) =>
      reject(new Error(`authentication failed: ${reason}`)),
    );
  });
  provider.attach();
  return {
    doc,
    provider,
    socket,
    editor,
    synced,
    stateless,
    acked: () => waitForAck(provider),
    destroy: () => {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** The user an access token names (its `sub`), or `unknown` for anything else. */
function subjectOf(token: string): string {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return typeof payload.sub === 'string' ? payload.sub : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** The reconnect backoff apps/web/src/sync/workspace.ts gives its provider. */
export const BROWSER_BACKOFF = { delay: 250, minDelay: 250, maxDelay: 2_000, factor: 1.5 };

export function waitForAck(provider: HocuspocusProvider): Promise<void> {
  if (provider.unsyncedChanges === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const onChange = ({ number }: { number: number }) => {
      if (number !== 0) return;
      provider.off('unsyncedChanges', onChange);
      resolve();
    };
    provider.on('unsyncedChanges', onChange);
  });
}

/** Resolves when `predicate(doc)` holds, checking after every update the doc receives. */
export function until(doc: Y.Doc, predicate: (doc: Y.Doc) => boolean): Promise<void> {
  if (predicate(doc)) return Promise.resolve();
  return new Promise((resolve) => {
    const check = () => {
      if (!predicate(doc)) return;
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}

/** The document as the server has it: a fresh client with a fresh Y.Doc, synced, then closed. */
export async function readServerState(
  wsUrl: string,
  token: string | (() => Promise<string>),
  name = 'default',
): Promise<{ doc: Y.Doc; state: Uint8Array; stateVector: Map<number, number> }> {
  const client = connectClient(wsUrl, { token, name });
  try {
    await client.synced;
    return {
      doc: client.doc,
      state: Y.encodeStateAsUpdate(client.doc),
      stateVector: Y.decodeStateVector(Y.encodeStateVector(client.doc)),
    };
  } finally {
    client.destroy();
  }
}
