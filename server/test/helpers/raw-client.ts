/**
 * A WebSocket client that speaks the Hocuspocus wire format by hand, so tests can send what no
 * provider would: garbage, cut-off frames, oversized frames, updates with clock gaps.
 *
 * Every message is `varString(documentName) varUint(messageType) body`; see @hocuspocus/provider's
 * OutgoingMessages and the server's IncomingMessage/MessageReceiver.
 */
import { WebSocket } from 'ws';
import * as Y from 'yjs';

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, Stateless: 5, Close: 7, SyncStatus: 8 } as const;
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;
const AuthType = { Token: 0, PermissionDenied: 1, Authenticated: 2 } as const;

export function varUint(n: number): Uint8Array {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push(0x80 | (v & 0x7f));
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Uint8Array.from(out);
}

export function varBytes(bytes: Uint8Array): Uint8Array {
  return concat(varUint(bytes.length), bytes);
}

export function varString(s: string): Uint8Array {
  return varBytes(new TextEncoder().encode(s));
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function authMessage(documentName: string, token = 'no-token'): Uint8Array {
  return concat(
    varString(documentName),
    varUint(MessageType.Auth),
    varUint(AuthType.Token),
    varString(token),
  );
}

/** A sync message carrying `update` as SyncStep2 or Update. */
export function syncMessage(documentName: string, syncType: number, update: Uint8Array): Uint8Array {
  return concat(varString(documentName), varUint(MessageType.Sync), varUint(syncType), varBytes(update));
}

export type Incoming =
  | { kind: 'authenticated'; scope: string }
  | { kind: 'sync-status'; saved: boolean }
  | { kind: 'permission-denied'; reason: string }
  | { kind: 'stateless'; payload: string }
  | { kind: 'close'; reason: string }
  | { kind: 'other'; type: number };

/** Decodes just what the tests look at; everything else is `other`. */
export function decodeIncoming(bytes: Uint8Array): Incoming {
  let pos = 0;
  const readUint = () => {
    let n = 0;
    let mult = 1;
    for (;;) {
      const b = bytes[pos++] ?? 0;
      n += (b & 0x7f) * mult;
      if (b < 0x80) return n;
      mult *= 128;
    }
  };
  const readString = () => {
    const len = readUint();
    const s = new TextDecoder().decode(bytes.subarray(pos, pos + len));
    pos += len;
    return s;
  };
  readString();
  const type = readUint();
  if (type === MessageType.Auth) {
    const sub = readUint();
    if (sub === AuthType.Authenticated) return { kind: 'authenticated', scope: readString() };
    if (sub === AuthType.PermissionDenied) return { kind: 'permission-denied', reason: readString() };
  }
  if (type === MessageType.Stateless) return { kind: 'stateless', payload: readString() };
  if (type === MessageType.Close) return { kind: 'close', reason: readString() };
  if (type === MessageType.SyncStatus) return { kind: 'sync-status', saved: readUint() === 1 };
  return { kind: 'other', type };
}

export type RawClient = {
  send(bytes: Uint8Array): void;
  received: Incoming[];
  /**
   * Resolves with the first message (already received or later) matching `predicate`; rejects if
   * the socket closes first or nothing matches within `timeoutMs`.
   */
  next(predicate: (m: Incoming) => boolean, timeoutMs?: number): Promise<Incoming>;
  closed: Promise<{ code: number; reason: string }>;
  isClosed(): boolean;
  close(): void;
};

export async function openRaw(wsUrl: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const ws = new WebSocket(wsUrl, { headers });
  const received: Incoming[] = [];
  const waiters: {
    predicate: (m: Incoming) => boolean;
    resolve: (m: Incoming) => void;
    reject: (e: Error) => void;
  }[] = [];
  let closedState = false;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => {
      closedState = true;
      for (const w of waiters.splice(0)) w.reject(new Error(`socket closed (${code})`));
      resolve({ code, reason: reason.toString() });
    });
  });
  // The server may cut the socket mid-send (oversized frames); that is an expected outcome here.
  ws.on('error', () => {});
  ws.on('message', (data: Buffer) => {
    const message = decodeIncoming(new Uint8Array(data));
    received.push(message);
    for (const w of [...waiters]) {
      if (!w.predicate(message)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(message);
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', () => reject(new Error('socket closed before opening')));
  });
  return {
    send: (bytes) => ws.send(bytes),
    received,
    next: (predicate, timeoutMs = 5_000) => {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      if (closedState) return Promise.reject(new Error('socket closed'));
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (m: Incoming) => {
            clearTimeout(timer);
            resolve(m);
          },
          reject: (e: Error) => {
            clearTimeout(timer);
            reject(e);
          },
        };
        // A bound on waiting for a reply that should come at once, so a regression fails fast and says so.
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(
            new Error(`no matching message within ${timeoutMs} ms; received: ${JSON.stringify(received)}`),
          );
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    closed,
    isClosed: () => closedState,
    close: () => ws.close(),
  };
}

/**
 * A raw connection authenticated to `documentName` that has done the sync handshake as a provider
 * does (SyncStep1, then SyncStep2 with nothing to add), so the server stops holding its updates
 * (server/src/sync/handshake-order.ts). `handshake: false` stops right after authentication.
 */
export async function openAuthenticated(
  wsUrl: string,
  token: string,
  documentName = 'default',
  options: { handshake?: boolean } = {},
): Promise<RawClient> {
  const raw = await openRaw(wsUrl);
  raw.send(authMessage(documentName, token));
  await raw.next((m) => m.kind === 'authenticated');
  if (options.handshake === false) return raw;
  raw.send(syncMessage(documentName, SyncType.Step1, Y.encodeStateVector(new Y.Doc())));
  raw.send(syncMessage(documentName, SyncType.Step2, Y.encodeStateAsUpdate(new Y.Doc())));
  return raw;
}
