/**
 * Large updates applied without Yjs encoding them back. While any listener for a document's
 * `update` event exists, Yjs encodes each transaction into an update before emitting it; for the
 * transaction that brings a whole 10,000-task workspace in (the local copy at reopen, the server's
 * copy at first open) that costs about two thirds of applying it. We hold those bytes already, so
 * the listeners are set aside while it applies and then told with the bytes we have: the same
 * content, so storing or relaying it is as correct as storing Yjs's encoding of it.
 */
import * as Y from 'yjs';

type UpdateListener = (update: Uint8Array, origin: unknown, doc: Y.Doc, tr: Y.Transaction) => void;

/**
 * Sets the `update` listeners aside; the returned function puts them back. Null when this lib0 no
 * longer keeps its listeners where we look: the caller then applies the usual way (slower, same result).
 */
function setAside(doc: Y.Doc): (() => void) | null {
  // lib0's Observable keeps listeners in `_observers`, name → Set; Yjs encodes only if the name is there.
  const observers = (doc as unknown as { _observers?: unknown })._observers;
  if (!(observers instanceof Map)) return null;
  const byName = observers as Map<string, Set<UpdateListener>>;
  const listeners = byName.get('update');
  byName.delete('update');
  return () => {
    if (!listeners) return;
    for (const l of byName.get('update') ?? []) listeners.add(l);
    byName.set('update', listeners);
  };
}

/** Applies `updates` in one transaction with the `update` listeners set aside, then tells them. */
export function applyQuietly(doc: Y.Doc, updates: readonly Uint8Array[], origin: unknown): void {
  const restore = setAside(doc);
  if (!restore) {
    Y.transact(
      doc,
      () => {
        for (const update of updates) Y.applyUpdate(doc, update, origin);
      },
      origin,
      false,
    );
    return;
  }
  let transaction: Y.Transaction | null = null;
  try {
    Y.transact(
      doc,
      (tr) => {
        transaction = tr;
        for (const update of updates) Y.applyUpdate(doc, update, origin);
      },
      origin,
      false,
    );
  } finally {
    restore();
  }
  if (transaction) for (const update of updates) doc.emit('update', [update, origin, doc, transaction]);
}

/** Below this, encoding an update back costs less than looking at the message. */
const LARGE_MESSAGE_BYTES = 256 * 1024;
/** y-protocols' sync message types carrying an update. */
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
/** Hocuspocus's message type for Yjs sync messages. */
const HOCUSPOCUS_SYNC = 0;

/**
 * The update in a Hocuspocus sync message (step 2 or update), or null for any other message:
 * varString document name, varUint 0 (sync), varUint 1 or 2, varUint8Array update (lib0 encoding).
 */
export function syncUpdateOf(bytes: Uint8Array): Uint8Array | null {
  let at = 0;
  const varUint = (): number => {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = bytes[at++];
      if (byte === undefined) return Number.NaN;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return Number.NaN;
  };
  const nameLength = varUint();
  if (!Number.isFinite(nameLength)) return null;
  at += nameLength;
  if (varUint() !== HOCUSPOCUS_SYNC) return null;
  const type = varUint();
  if (type !== SYNC_STEP_2 && type !== SYNC_UPDATE) return null;
  const length = varUint();
  if (!Number.isFinite(length) || at + length > bytes.length) return null;
  return bytes.subarray(at, at + length);
}

type MessageSource = {
  on(event: 'message', listener: (payload: { event: MessageEvent }) => void): unknown;
  off(event: 'message', listener: (payload: { event: MessageEvent }) => void): unknown;
};

/**
 * For a provider's large incoming sync messages (the server's copy at first open): the provider
 * emits `message` right before it applies one, synchronously, so the listeners are set aside here
 * and put back, and told, in a microtask, once that apply has returned. Returns unsubscribe.
 */
export function quietLargeSyncMessages(provider: MessageSource, doc: Y.Doc, origin: unknown): () => void {
  const onMessage = ({ event }: { event: MessageEvent }) => {
    const data: unknown = event.data;
    const bytes =
      data instanceof Uint8Array ? data : data instanceof ArrayBuffer ? new Uint8Array(data) : null;
    if (!bytes || bytes.length < LARGE_MESSAGE_BYTES) return;
    const update = syncUpdateOf(bytes);
    if (!update) return;
    let transaction: Y.Transaction | null = null;
    const seen = (tr: Y.Transaction) => {
      transaction ??= tr;
    };
    const restore = setAside(doc);
    if (!restore) return;
    doc.on('afterTransaction', seen);
    queueMicrotask(() => {
      restore();
      doc.off('afterTransaction', seen);
      if (transaction) doc.emit('update', [update, origin, doc, transaction]);
    });
  };
  provider.on('message', onMessage);
  return () => provider.off('message', onMessage);
}
