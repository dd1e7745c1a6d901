/**
 * Where a card move's milliseconds go between two clients: the server runs in this process, next
 * to the two clients, and every stage of one move is stamped with performance.now() (the client's
 * send, the frame off the socket, each extension hook, the Yjs transaction and each `update`
 * listener, the ack and the broadcast leaving, the frame reaching the receiver). Prints each
 * stage's median offset from the move and the median time spent in it, over BENCH_MOVES moves.
 *
 * A diagnostic, not a figure to compare: one process holds both ends, so the clients' work shares
 * the server's event loop (bench/run.ts measures with the server in a process of its own).
 * Run: node --import tsx bench/sync-trace.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Document, type Extension, Hocuspocus } from '@hocuspocus/server';
import { createTask, type Editor, FIRST_PROJECT_ID, moveTask, readBoard, readTask } from '@taskflow/model';
import WebSocket from 'ws';
import { ScheduleProjection } from '../server/src/automations/schedule-projection.ts';
import { ActivityProjector } from '../server/src/history/activity-projector.ts';
import { ActivityStore } from '../server/src/history/activity-store.ts';
import { DocumentEvents } from '../server/src/notifications/doc-events.ts';
import { UpdateLog } from '../server/src/persistence/update-log.ts';
import { startServer } from '../server/src/start-server.ts';
import { HandshakeOrder } from '../server/src/sync/handshake-order.ts';
import { benchUser, once, taskflowPeer } from './clients.ts';
import { percentile } from './stats.ts';

const MOVES = Number(process.env.BENCH_MOVES ?? 300);

type Mark = { name: string; t: number; dur?: number };
let marks: Mark[] = [];
const mark = (name: string, t = performance.now(), dur?: number) =>
  marks.push(dur === undefined ? { name, t } : { name, t, dur });

/** Times a function: a mark at its start, with its synchronous duration (and async, if it returns a promise). */
function timed<A extends unknown[], R>(name: string, fn: (...args: A) => R): (...args: A) => R {
  return function (this: unknown, ...args: A): R {
    const t = performance.now();
    const out = fn.apply(this, args);
    mark(name, t, performance.now() - t);
    if (out instanceof Promise) {
      void out.then(
        () => mark(`${name} settled`),
        () => mark(`${name} rejected`),
      );
    }
    return out;
  };
}

/** Every hook of every extension, timed under `extensionName.hook`. */
function wrapExtensions(hocuspocus: Hocuspocus): void {
  for (const extension of hocuspocus.configuration.extensions as (Extension & Record<string, unknown>)[]) {
    const name = extension.extensionName ?? 'anonymous';
    let proto: object | null = extension;
    const keys = new Set<string>();
    while (proto && proto !== Object.prototype) {
      for (const key of Object.getOwnPropertyNames(proto)) keys.add(key);
      proto = Object.getPrototypeOf(proto);
    }
    for (const key of keys) {
      if (key === 'constructor' || !/^(on|before|after|connected)/.test(key)) continue;
      const fn = extension[key];
      if (typeof fn !== 'function') continue;
      extension[key] = timed(`${name}.${key}`, fn.bind(extension) as (...a: unknown[]) => unknown);
    }
  }
}

/** The Yjs transaction's phases and each `update` listener of the loaded document. */
function wrapDocument(doc: Document): void {
  doc.on('beforeTransaction', () => mark('tx begin'));
  doc.on('beforeObserverCalls', () => mark('tx observers begin'));
  doc.on('afterTransaction', () => mark('tx observers end'));
  doc.on('afterTransactionCleanup', () => mark('tx cleanup end'));
  const observers = (doc as unknown as { _observers: Map<string, Set<(...a: unknown[]) => void>> })
    ._observers;
  const listeners = [...(observers.get('update') ?? [])];
  observers.set('update', new Set(listeners.map((f, i) => timed(`update listener ${i}`, f))));
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'taskflow-trace-'));
  // Extensions are wrapped on the first hook call of the instance (start-server.ts keeps it private).
  const hooks = Hocuspocus.prototype.hooks;
  const wrapped = new WeakSet<Hocuspocus>();
  Hocuspocus.prototype.hooks = function (this: Hocuspocus, ...args: Parameters<Hocuspocus['hooks']>) {
    if (!wrapped.has(this)) {
      wrapped.add(this);
      wrapExtensions(this);
    }
    return hooks.apply(this, args);
  } as Hocuspocus['hooks'];
  // The parts of the append (persistence/extension.ts and its afterAppend in start-server.ts).
  const parts: [object, string, string][] = [
    [UpdateLog.prototype, 'append', 'log.append'],
    [ActivityProjector.prototype, 'afterAppend', 'activity.afterAppend'],
    [ActivityStore.prototype, 'write', 'activity store.write'],
    [ScheduleProjection.prototype, 'markStale', 'schedule.markStale'],
    [DocumentEvents.prototype, 'afterAppend', 'doc events.afterAppend'],
  ];
  for (const [proto, key, label] of parts) {
    const record = proto as Record<string, (...a: unknown[]) => unknown>;
    record[key] = timed(label, record[key] as (...a: unknown[]) => unknown);
  }
  const server = await startServer({ dataDir, port: 0, host: '127.0.0.1' });
  const accept = HandshakeOrder.prototype.accept;
  HandshakeOrder.prototype.accept = timed('server frame in', accept);
  const sent = HandshakeOrder.prototype.sent;
  HandshakeOrder.prototype.sent = function (this: HandshakeOrder, frame: unknown) {
    if (frame instanceof Uint8Array) {
      // The type after the document name: 0 sync (the broadcast), 8 sync status (the ack).
      const nameLength = frame[0] ?? 0;
      mark(`server sends type ${frame[1 + nameLength]}`);
    }
    return sent.call(this, frame);
  };
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (this: WebSocket, ...args: unknown[]) {
    mark('client send');
    return (send as (...a: unknown[]) => void).apply(this, args);
  } as WebSocket['send'];
  const emit = WebSocket.prototype.emit;
  WebSocket.prototype.emit = function (this: WebSocket, event: string | symbol, ...args: unknown[]) {
    if (event === 'message') mark('client frame in');
    return emit.call(this, event, ...args);
  };
  try {
    const user = await benchUser(server.port);
    const [sender, receiver] = [
      await taskflowPeer(server.port, user.token),
      await taskflowPeer(server.port, user.token),
    ];
    if (!sender || !receiver) throw new Error('no peers');
    const doc = server.document('default') as Document | undefined;
    if (!doc) throw new Error('document not loaded');
    wrapDocument(doc);
    const editor: Editor = { origin: { kind: 'user', actorId: user.userId } };
    const taskId = createTask(sender.doc, editor, { projectId: FIRST_PROJECT_ID, title: 'trace card' });
    await once(receiver.doc, () => readTask(receiver.doc, taskId) !== undefined);
    const columns = readBoard(sender.doc, FIRST_PROJECT_ID)?.columns.map((c) => c.id) ?? [];
    const runs: Mark[][] = [];
    for (let i = 0; i < MOVES; i++) {
      marks = [];
      mark('move');
      const placement = moveTask(sender.doc, editor, taskId, columns[i % columns.length] as string, 0);
      mark('move applied locally');
      await once(receiver.doc, () => readTask(receiver.doc, taskId)?.movedAt === placement.hlc);
      mark('seen');
      runs.push(marks);
      // Let trailing work (acks, debounces) finish outside the next move.
      await new Promise((r) => setTimeout(r, 5));
    }
    report(runs);
    sender.close();
    receiver.close();
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Per stage (first occurrence in each move, up to `seen`): median offset from the move, median own time. */
function report(runs: Mark[][]): void {
  const offsets = new Map<string, number[]>();
  const durations = new Map<string, number[]>();
  const order: string[] = [];
  for (const run of runs) {
    const start = run[0]?.t ?? 0;
    const end = run.find((m) => m.name === 'seen')?.t ?? Number.POSITIVE_INFINITY;
    const first = new Set<string>();
    for (const m of run) {
      if (m.t > end || first.has(m.name)) continue;
      first.add(m.name);
      if (!offsets.has(m.name)) {
        order.push(m.name);
        offsets.set(m.name, []);
        durations.set(m.name, []);
      }
      offsets.get(m.name)?.push(m.t - start);
      if (m.dur !== undefined) durations.get(m.name)?.push(m.dur);
    }
  }
  const med = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  const counts = new Map<string, number>();
  for (const run of runs) for (const m of run) counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
  const rows = order
    .map((name) => ({ name, at: med(offsets.get(name) ?? []), own: durations.get(name) ?? [] }))
    .sort((a, b) => a.at - b.at);
  console.log(
    `\nOne card move, ${runs.length} moves, median ms from the move (own = time inside the call)\n`,
  );
  for (const r of rows) {
    const own = r.own.length ? `  own ${med(r.own).toFixed(3)}` : '';
    const times = (counts.get(r.name) ?? 0) / runs.length;
    const each = times > 1.05 ? `  (x${times.toFixed(1)} a move)` : '';
    console.log(`${r.at.toFixed(3).padStart(8)}  ${r.name}${own}${each}`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
