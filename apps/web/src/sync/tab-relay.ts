/**
 * Keeps tabs of one browser live with each other without the server. Provider v4 has no
 * BroadcastChannel and the local store (local-store.ts) reads the disk only at start, so each tab
 * relays its updates here and, when it opens, trades state vectors with the tabs already open. Each tab keeps
 * its own Y.Doc and so its own clientID; only updates travel.
 *
 * Relayed updates can arrive out of causal order. When Yjs then holds structs it could not
 * integrate (pendingStructs), this tab asks the others for everything past its state vector: a
 * missing dependency arrives, and so do structs Yjs 13.6 sometimes strands although they did
 * arrive (docs/ARCHITECTURE.md, "Structs Yjs leaves pending").
 */
import * as Y from 'yjs';

type RelayMessage =
  | { type: 'update'; update: Uint8Array }
  /** "Here is what I have": answered with the diff, and asked back once (`reply: false`). */
  | { type: 'state'; stateVector: Uint8Array; reply: boolean };

function isRelayMessage(x: unknown): x is RelayMessage {
  if (typeof x !== 'object' || x === null) return false;
  const m = x as Record<string, unknown>;
  if (m.type === 'update') return m.update instanceof Uint8Array;
  return m.type === 'state' && m.stateVector instanceof Uint8Array && typeof m.reply === 'boolean';
}

/** Long enough for an overtaken update to arrive by itself; short enough to go unnoticed. */
const HEAL_DELAY_MS = 250;
/** When no tab has what is missing (only the server does), asking again backs off to this. */
const HEAL_MAX_DELAY_MS = 30_000;

export class TabRelay {
  private readonly channel: BroadcastChannel;
  private healTimer: ReturnType<typeof setTimeout> | undefined;
  private healDelay = HEAL_DELAY_MS;

  constructor(
    private readonly doc: Y.Doc,
    channelName: string,
    /** Updates with these origins are not relayed (e.g. the IndexedDB replay every tab does itself). */
    private readonly ignoredOrigins: ReadonlySet<unknown> = new Set(),
  ) {
    this.channel = new BroadcastChannel(channelName);
    this.channel.onmessage = (event: MessageEvent<unknown>) => this.receive(event.data);
    doc.on('update', this.onUpdate);
  }

  /** Trades state vectors with the open tabs; call once the local copy is loaded from disk. */
  start(): void {
    this.post({ type: 'state', stateVector: Y.encodeStateVector(this.doc), reply: true });
  }

  destroy(): void {
    clearTimeout(this.healTimer);
    this.doc.off('update', this.onUpdate);
    this.channel.close();
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === this || this.ignoredOrigins.has(origin)) return;
    this.post({ type: 'update', update });
  };

  private receive(data: unknown): void {
    if (!isRelayMessage(data)) return;
    if (data.type === 'update') {
      Y.applyUpdate(this.doc, data.update, this);
      if (!this.stuck()) this.healDelay = HEAL_DELAY_MS;
      else if (this.healTimer === undefined) this.healTimer = setTimeout(this.heal, this.healDelay);
      return;
    }
    const diff = Y.encodeStateAsUpdate(this.doc, data.stateVector);
    this.post({ type: 'update', update: diff });
    if (data.reply) this.post({ type: 'state', stateVector: Y.encodeStateVector(this.doc), reply: false });
  }

  private stuck(): boolean {
    return this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
  }

  private readonly heal = (): void => {
    this.healTimer = undefined;
    this.healDelay = Math.min(this.healDelay * 2, HEAL_MAX_DELAY_MS);
    if (this.stuck()) this.post({ type: 'state', stateVector: Y.encodeStateVector(this.doc), reply: false });
  };

  private post(message: RelayMessage): void {
    this.channel.postMessage(message);
  }
}
