/**
 * A drop is shown before it is written (issue 13: "a local keyboard move visible in one frame").
 * The board renders the moved card at its target at once (`withPendingMove`), and `moveTask` runs
 * right after that frame is painted (`afterPaint`): the document write and everything that follows
 * it (the model's indexes, the board store's patch, the IndexedDB append, the socket, the other
 * tabs) no longer stand between the key press and the paint. The write still happens within a
 * frame, or at once when the page goes away, and it is the same `moveTask` call as before, so undo,
 * history and lost-move notices treat it as any other move.
 */
import type { Board, BoardColumn, Task } from '@taskflow/model';

/** A drop not written yet: the task, and where `moveTask` will put it (index among the others). */
export type PendingMove = { taskId: string; columnId: string; index: number };

/**
 * `board` with the pending move applied: the task taken out of its column and put at `index`
 * among the target column's other tasks, which is where `moveTask` puts it. Only the one or two
 * columns it touches get new arrays. The board as it is when the task or column is unknown (a
 * remote change removed it meanwhile); applying it to a board where the move is already written
 * gives that same board's order.
 */
export function withPendingMove(board: Board, move: PendingMove): Board {
  // findIndex stops at the task, and slice copies an array at memory speed: no callback per task
  // of a column of thousands.
  let from = -1;
  let at = -1;
  for (let i = 0; i < board.columns.length && at < 0; i++) {
    at = board.columns[i]?.tasks.findIndex((t) => t.id === move.taskId) ?? -1;
    if (at >= 0) from = i;
  }
  const to = board.columns.findIndex((c) => c.id === move.columnId);
  const source = board.columns[from];
  const task = source?.tasks[at];
  if (!source || !task || to < 0) return board;
  const moved: Task = task.columnId === move.columnId ? task : { ...task, columnId: move.columnId };
  const columns: BoardColumn[] = board.columns.slice();
  const left = source.tasks.slice();
  left.splice(at, 1);
  columns[from] = { ...source, tasks: left };
  const target = columns[to] as BoardColumn;
  const tasks = to === from ? left : target.tasks.slice();
  tasks.splice(Math.max(0, Math.min(move.index, tasks.length)), 0, moved);
  columns[to] = { ...target, tasks };
  return { ...board, columns };
}

const waiting = new Set<() => void>();

/** Whatever is still waiting runs before the page goes away (a reload right after a drop). */
function flushWaiting(): void {
  for (const run of [...waiting]) run();
}

let listening = false;

/**
 * Runs `work` once the next frame is painted: a message posted from an animation frame callback
 * is handled after that frame's paint (a microtask or a plain task could run before it). A hidden
 * tab gets no frames, so a timer runs it then; a page being unloaded runs it at once.
 */
export function afterPaint(work: () => void): void {
  let done = false;
  const channel = new MessageChannel();
  const run = () => {
    if (done) return;
    done = true;
    waiting.delete(run);
    clearTimeout(timer);
    channel.port1.close();
    work();
  };
  waiting.add(run);
  if (!listening) {
    listening = true;
    addEventListener('pagehide', flushWaiting);
  }
  channel.port1.onmessage = run;
  requestAnimationFrame(() => channel.port2.postMessage(null));
  const timer = setTimeout(run, 100);
}
