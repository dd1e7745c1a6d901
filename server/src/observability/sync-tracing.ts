/**
 * Spans for a client's edit on the sync path: `sync.update` for the incoming update, with a
 * `sync.append` child for its durable append (persistence/extension.ts) and a `sync.broadcast`
 * child for the relay to the other sockets (sync/relay.ts). Only built when tracing is on.
 *
 * The update span follows Yjs's own boundaries, because those are what the append and the relay
 * hang on: it covers one batch of transactions on a document (`beforeAllTransactions` →
 * `afterAllTransactions`, including the server's transactions nested in it, such as a new task's
 * number) whose first transaction came from a client's connection. Yjs applies an update
 * synchronously, so "the batch now open on this document" is the parent every child needs; no
 * context manager is involved (tracing.ts says why). A batch that changed nothing (an empty
 * SyncStep2) never gets a span: the span is made, with the batch's start time, when its first child
 * is. The extension must come after the relay's, so its `afterAllTransactions` listener, which ends
 * the span, runs after the relay's flush.
 *
 * REST and ticker writes (direct connections) are not traced here: their appends have no update
 * span to hang on, and these helpers return undefined for them.
 */
import type { afterLoadDocumentPayload, Extension } from '@hocuspocus/server';
import { ROOT_CONTEXT, type Span, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type { Doc, Transaction } from 'yjs';

/** Ends a child span; with a message, as failed. */
export type EndSpan = (error?: string) => void;

/**
 * Every time of these spans is read from this one clock and given to the SDK. Its own default
 * anchors each span on Date.now() (whole milliseconds) and a span given a start time ends on
 * Date.now() too: a child could seem to end after its parent.
 */
const now = () => performance.timeOrigin + performance.now();

type Batch = {
  /** Nesting of transaction batches (a server write from inside `afterAllTransactions`). */
  depth: number;
  /** When the outermost batch began, if it came from a client; undefined for the server's own. */
  startedAt: number | undefined;
  attributes: Record<string, string>;
  span: Span | undefined;
};

export class SyncTracing {
  readonly #tracer: Tracer;
  readonly #batches = new WeakMap<Doc, Batch>();
  readonly extension: Extension;

  constructor(tracer: Tracer) {
    this.#tracer = tracer;
    this.extension = {
      extensionName: 'taskflow-sync-tracing',
      afterLoadDocument: async ({ document, documentName }: afterLoadDocumentPayload) => {
        this.#watch(document, documentName);
      },
    };
  }

  /** A span for the durable append of an update, as a child of the client's update span. */
  readonly append = (doc: Doc): EndSpan | undefined => this.#child(doc, 'sync.append');

  /** A span for the relay of the stored edit to the document's other sockets. */
  readonly broadcast = (doc: Doc): EndSpan | undefined => this.#child(doc, 'sync.broadcast');

  #child(doc: Doc, name: string): EndSpan | undefined {
    const batch = this.#batches.get(doc);
    if (!batch || batch.startedAt === undefined) return undefined;
    batch.span ??= this.#tracer.startSpan('sync.update', {
      kind: SpanKind.SERVER,
      startTime: batch.startedAt,
      attributes: batch.attributes,
    });
    const span = this.#tracer.startSpan(name, { startTime: now() }, trace.setSpan(ROOT_CONTEXT, batch.span));
    return (error) => {
      if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error });
      span.end(now());
    };
  }

  #watch(doc: Doc, documentName: string): void {
    const batch: Batch = { depth: 0, startedAt: undefined, attributes: {}, span: undefined };
    this.#batches.set(doc, batch);
    doc.on('beforeAllTransactions', () => {
      batch.depth += 1;
    });
    doc.on('beforeTransaction', (transaction: Transaction) => {
      if (batch.depth !== 1 || batch.startedAt !== undefined) return;
      const context = connectionContext(transaction.origin);
      if (!context) return;
      batch.startedAt = now();
      batch.attributes = { 'taskflow.workspace.id': documentName };
      if (typeof context.userId === 'string') batch.attributes['taskflow.user.id'] = context.userId;
      if (typeof context.requestId === 'string') batch.attributes['taskflow.request_id'] = context.requestId;
    });
    doc.on('afterAllTransactions', () => {
      batch.depth -= 1;
      if (batch.depth > 0) return;
      batch.depth = 0;
      batch.span?.end(now());
      batch.span = undefined;
      batch.startedAt = undefined;
    });
  }
}

/** The context of the client connection a transaction came from (Hocuspocus's origin), if any. */
function connectionContext(origin: unknown): Record<string, unknown> | undefined {
  if (typeof origin !== 'object' || origin === null) return undefined;
  const o = origin as { source?: unknown; connection?: { context?: unknown } };
  if (o.source !== 'connection') return undefined;
  const context = o.connection?.context;
  return typeof context === 'object' && context !== null ? (context as Record<string, unknown>) : {};
}
