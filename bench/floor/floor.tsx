/**
 * The browser bench's floor: the same board as Taskflow's (same columns, same card markup and
 * stylesheet, the first 100 cards of each column and a "Show more" button, as board-column.tsx
 * does) rendered by plain React from plain JSON, with no Yjs, no sync, no IndexedDB. What is left
 * is fetching the JSON, React and the browser's layout: the least any board can cost.
 *
 * - `?all=1` renders every card of every column (no window), for reference; `?signin=1` waits
 *   for a click on "Sign in" before it fetches the board.
 * - Keyboard move: Space on a card's "Move" button picks it up, arrows pick a column, Space drops
 *   it at the top of that column (one state update).
 * - Remote move: a WebSocket on `/ws` delivers `{ id, columnId, index }`; the board applies it.
 * - Task panel: "Open <title>" shows a dialog with a controlled title input (local state).
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';

export type FloorTask = {
  id: string;
  number: number | null;
  title: string;
  priority: string;
  labels: string[];
  deadline: string | null;
  estimate: number | null;
  assignee: string | null;
};
export type FloorBoard = { projectKey: string; columns: { id: string; name: string; tasks: FloorTask[] }[] };

type State = { columns: { id: string; name: string; ids: string[] }[]; tasks: Map<string, FloorTask> };

const PAGE = 100;
const ALL = new URLSearchParams(location.search).has('all');

const Card = memo(function Card({
  task,
  projectKey,
  onOpen,
  onKey,
}: {
  task: FloorTask;
  projectKey: string;
  onOpen: (id: string) => void;
  onKey: (id: string, key: string) => boolean;
}) {
  const hasMeta = task.labels.length > 0 || task.deadline || task.estimate !== null || task.assignee;
  return (
    <li className="task-item">
      <article className="task-card" aria-label={task.title}>
        <button
          type="button"
          className="task-open"
          onClick={() => onOpen(task.id)}
          aria-label={`Open ${task.title}`}
        >
          {task.number !== null && <span className="task-key">{`${projectKey}-${task.number}`}</span>}
          <span className="task-title-text">{task.title}</span>
          {hasMeta || task.priority !== 'medium' ? (
            <div className="task-meta">
              {task.priority !== 'medium' && (
                <span className={`priority priority-${task.priority}`}>{task.priority}</span>
              )}
              {task.labels.map((label) => (
                <span key={label} className="label">
                  {label}
                </span>
              ))}
              {task.deadline && <span className="deadline">due {task.deadline}</span>}
              {task.estimate !== null && <span className="estimate">{task.estimate} pt</span>}
              {task.assignee && <span className="avatar">{task.assignee.slice(0, 2).toUpperCase()}</span>}
            </div>
          ) : null}
        </button>
        <button
          type="button"
          className="drag-handle"
          aria-label={`Move ${task.title}`}
          onKeyDown={(e) => {
            if (onKey(task.id, e.key)) e.preventDefault();
          }}
        >
          ⠿
        </button>
      </article>
    </li>
  );
});

const Column = memo(function Column({
  column,
  tasks,
  projectKey,
  onOpen,
  onKey,
}: {
  column: State['columns'][number];
  tasks: Map<string, FloorTask>;
  projectKey: string;
  onOpen: (id: string) => void;
  onKey: (id: string, key: string) => boolean;
}) {
  const [limit, setLimit] = useState(ALL ? Number.POSITIVE_INFINITY : PAGE);
  const visible = useMemo(() => column.ids.slice(0, limit), [column.ids, limit]);
  const hidden = column.ids.length - visible.length;
  return (
    <section className="column" aria-label={column.name}>
      <div className="column-header">
        <h2 className="column-title">
          {column.name} <span className="count">{column.ids.length}</span>
        </h2>
      </div>
      <div className="column-body">
        <ol className="task-list" aria-label={`Tasks in ${column.name}`}>
          {visible.map((id) => {
            const task = tasks.get(id);
            return task ? (
              <Card key={id} task={task} projectKey={projectKey} onOpen={onOpen} onKey={onKey} />
            ) : null;
          })}
        </ol>
        {hidden > 0 && (
          <button type="button" className="show-more" onClick={() => setLimit((n) => n + PAGE * 5)}>
            Show {Math.min(hidden, PAGE * 5)} more of {hidden} in {column.name}
          </button>
        )}
      </div>
    </section>
  );
});

function Panel({ task, onClose }: { task: FloorTask; onClose: () => void }) {
  const [title, setTitle] = useState(task.title);
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog ref={ref} className="dialog task-detail" aria-label="Task details" onClose={onClose}>
      <label className="field">
        <span>Title</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={500} />
      </label>
    </dialog>
  );
}

function move(state: State, id: string, columnId: string, index: number): State {
  const columns = state.columns.map((c) => {
    const without = c.ids.includes(id) ? c.ids.filter((x) => x !== id) : c.ids;
    if (c.id !== columnId) return without === c.ids ? c : { ...c, ids: without };
    const ids = [...without];
    ids.splice(Math.min(index, ids.length), 0, id);
    return { ...c, ids };
  });
  return { ...state, columns };
}

function App({ board }: { board: FloorBoard }) {
  const [state, setState] = useState<State>(() => ({
    columns: board.columns.map((c) => ({ id: c.id, name: c.name, ids: c.tasks.map((t) => t.id) })),
    tasks: new Map(board.columns.flatMap((c) => c.tasks.map((t) => [t.id, t] as const))),
  }));
  const [open, setOpen] = useState<string | null>(null);
  const stateRef = useRef(state);
  stateRef.current = state;
  const picked = useRef<{ id: string; target: number } | null>(null);

  const onKey = useCallback((id: string, key: string): boolean => {
    const columns = stateRef.current.columns;
    if (key === ' ' || key === 'Enter') {
      if (!picked.current) {
        picked.current = { id, target: columns.findIndex((c) => c.ids.includes(id)) };
        return true;
      }
      const { target } = picked.current;
      picked.current = null;
      const column = columns[target];
      if (column) setState((s) => move(s, id, column.id, 0));
      return true;
    }
    if (!picked.current) return false;
    if (key === 'ArrowRight') picked.current.target = Math.min(columns.length - 1, picked.current.target + 1);
    else if (key === 'ArrowLeft') picked.current.target = Math.max(0, picked.current.target - 1);
    else if (key === 'Escape') picked.current = null;
    else return false;
    return true;
  }, []);

  useEffect(() => {
    const socket = new WebSocket(`ws://${location.host}/ws`);
    socket.onmessage = (e) => {
      const m = JSON.parse(String(e.data)) as { id: string; columnId: string; index: number };
      setState((s) => move(s, m.id, m.columnId, m.index));
    };
    return () => socket.close();
  }, []);

  const openTask = state.tasks.get(open ?? '');
  return (
    <div className="board-scroll">
      <div className="board">
        {state.columns.map((c) => (
          <Column
            key={c.id}
            column={c}
            tasks={state.tasks}
            projectKey={board.projectKey}
            onOpen={setOpen}
            onKey={onKey}
          />
        ))}
      </div>
      {openTask && <Panel task={openTask} onClose={() => setOpen(null)} />}
    </div>
  );
}

const root = document.getElementById('root');
if (!root) throw new Error('no #root');
const reactRoot = createRoot(root);
const load = () =>
  fetch('/board.json')
    .then((r) => r.json() as Promise<FloorBoard>)
    .then((board) => reactRoot.render(<App board={board} />));
// `?signin=1`: the app is loaded, the board is fetched on the click (as Taskflow after sign-in).
if (new URLSearchParams(location.search).has('signin')) {
  reactRoot.render(
    <button type="button" onClick={load}>
      Sign in
    </button>,
  );
} else {
  void load();
}
