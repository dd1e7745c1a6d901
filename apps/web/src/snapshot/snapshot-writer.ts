/**
 * The page's side of storing board snapshots: a writer per board view encodes what changed
 * (snapshot-encoder.ts), in slices of idle time, and posts it to the snapshot worker
 * (snapshot-writer.worker.ts), which builds the text and stores it. Only this module talks to
 * the worker; one worker serves every board view of the page, created on the first write.
 */
import type { Board } from '@taskflow/model';
import type { BoardSnapshot } from './board-snapshot.ts';
import type { SnapshotKey, WriterMessage, WriterReply } from './snapshot-assembler.ts';
import { SnapshotEncoder } from './snapshot-encoder.ts';
import { runWriterMessage, type SinkState } from './snapshot-sink.ts';

type Sink = { post(message: WriterMessage): void };

let sink: Sink | null = null;
/** Bumped when the sink is replaced (the worker broke): every writer sends all its rows again. */
let sinkGeneration = 0;
let nextSeq = 1;
let nextStream = 1;
const waiting = new Map<number, { resolve(): void; reject(error: Error): void }>();
/** People signed out in this tab: their late writes (a debounce in flight) are dropped. */
const closed = new Set<string>();

function settle(reply: WriterReply): void {
  const wait = waiting.get(reply.seq);
  waiting.delete(reply.seq);
  if (reply.ok) wait?.resolve();
  else wait?.reject(new Error(reply.error));
}

/** The same handling as the worker's, on this thread: where there is no worker, or it broke. */
function pageSink(): Sink {
  const state: SinkState = {
    streams: new Map(),
    closed: new Set(closed),
    queue: Promise.resolve(),
    reply: settle,
  };
  return {
    post(message) {
      state.queue = runWriterMessage(message, state);
    },
  };
}

function workerSink(): Sink {
  const worker = new Worker(new URL('./snapshot-writer.worker.ts', import.meta.url), { type: 'module' });
  worker.onmessage = ({ data }: MessageEvent<WriterReply>) => settle(data);
  worker.onerror = (event) => {
    console.warn('board snapshot worker failed; writing on the page instead', event.message);
    worker.terminate();
    sink = pageSink();
    sinkGeneration++;
    for (const wait of waiting.values()) wait.reject(new Error('board snapshot worker failed'));
    waiting.clear();
  };
  return { post: (message) => worker.postMessage(message) };
}

function currentSink(): Sink {
  sink ??= typeof Worker === 'function' ? workerSink() : pageSink();
  return sink;
}

/** Posts `message` (with a fresh seq) and resolves when it is done. */
function ask(message: WriterMessage & { seq: number }, to: Sink): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (to !== sink) {
      reject(new Error('board snapshot worker failed'));
      return;
    }
    waiting.set(message.seq, { resolve, reject });
    to.post(message);
  });
}

export function writesClosed(userId: string): boolean {
  return closed.has(userId);
}

/** Sign-out: no more writes for `userId`; resolves once the worker has let go of its database. */
export async function closeWrites(userId: string): Promise<void> {
  closed.add(userId);
  if (!sink) return;
  await ask({ type: 'close', seq: nextSeq++, userId }, sink).catch(() => undefined);
}

export function reopenWrites(userId: string): void {
  closed.delete(userId);
  if (sink) ask({ type: 'reopen', seq: nextSeq++, userId }, sink).catch(() => undefined);
}

/** Writes the snapshots of one board view, each in as many idle slices as it takes. */
export class BoardSnapshotWriter {
  private readonly encoder = new SnapshotEncoder();
  private stream = nextStream++;
  private generation = sinkGeneration;

  /**
   * Works toward storing the snapshot of `board` until `outOfTime`. Returns null when more
   * slices are needed (call again, with this board or a newer one); otherwise the write, posted,
   * settling once it is stored. `around` gives what the page shows around the board (with the
   * names of everyone: only those the cards show are stored), asked for only then.
   */
  step(
    userId: string,
    workspaceId: string,
    board: Board,
    around: () => Omit<BoardSnapshot, 'board'>,
    outOfTime: () => boolean,
  ): Promise<void> | null {
    if (closed.has(userId)) return Promise.resolve();
    const to = currentSink();
    if (this.generation !== sinkGeneration) this.restart();
    const stream = this.stream;
    const done = this.encoder.sendRows(
      board,
      (rows) => to.post({ type: 'rows', stream, ...rows }),
      outOfTime,
    );
    if (!done) return null;
    const { projects, sprints, people } = around();
    const snapshot = { board, projects, sprints, people: this.encoder.shownPeople(board, people) };
    const layout = this.encoder.layout(snapshot, new Date().toISOString());
    const key: SnapshotKey = { userId, workspaceId, projectId: snapshot.board.project.id };
    return ask({ type: 'write', stream, seq: nextSeq++, key, ...layout }, to).catch((error: unknown) => {
      // What the far end holds is not known any more: start over there.
      if (stream === this.stream) this.restart();
      throw error;
    });
  }

  /** The board view is gone: the far end lets go of its rows. */
  dispose(): void {
    this.restart();
  }

  private restart(): void {
    if (this.generation === sinkGeneration) sink?.post({ type: 'forget', stream: this.stream });
    this.generation = sinkGeneration;
    this.encoder.reset();
    this.stream = nextStream++;
  }
}
