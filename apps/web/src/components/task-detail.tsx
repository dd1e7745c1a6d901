/** Every field of one task, editable, with who created and last changed it. */
import { archiveTask, type Board, readTask, restoreTask, updateTask } from '@taskflow/model';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { attempt } from '../hooks/use-error-banner.ts';
import { TaskActivity } from '../recurrence/task-activity.tsx';
import { TaskRepeat } from '../recurrence/task-repeat.tsx';
import { personName, useWorkspace } from '../workspace-context.ts';
import { TaskComments } from './task-comments.tsx';
import { draftOf, isPriority, patchFrom, type TaskDraft } from './task-form.ts';
import { WatchToggle } from './watch-toggle.tsx';

type Props = { taskId: string; board: Board; version: number; onClose: () => void };

const PRIORITY_LABELS = {
  lowest: 'Lowest',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  highest: 'Highest',
} as const;

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

export function TaskDetail({ taskId, board, version, onClose }: Props) {
  const { workspace, editor, people, readOnly } = useWorkspace();
  const doc = workspace.doc;
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is how a document change reaches this memo.
  const task = useMemo(() => readTask(doc, taskId), [doc, taskId, version]);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [draft, setDraft] = useState<TaskDraft | null>(() => (task ? draftOf(task, people) : null));

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  if (!task || !draft) return null;
  const column = board.columns.find((c) => c.id === task.columnId)?.name ?? '—';
  const set = <K extends keyof TaskDraft>(key: K, value: TaskDraft[K]) =>
    setDraft({ ...draft, [key]: value });
  const peopleNames = Object.entries(people).filter(([id]) => id !== 'system');

  const save = (e: FormEvent) => {
    e.preventDefault();
    if (attempt(() => updateTask(doc, editor, task.id, patchFrom(task, draft, people)))) onClose();
  };

  return (
    <dialog ref={ref} className="dialog task-detail" aria-labelledby={titleId} onClose={onClose}>
      <form onSubmit={save}>
        <header className="detail-header">
          <h2 id={titleId}>Task details</h2>
          {readOnly && <span className="badge">View only</span>}
          <button type="button" className="icon" aria-label="Close task details" onClick={onClose}>
            ×
          </button>
        </header>
        {/* A disabled fieldset turns every field off at once for viewers. */}
        <fieldset className="plain" disabled={readOnly}>
          <label className="field">
            <span>Title</span>
            <input
              value={draft.title}
              onChange={(e) => set('title', e.target.value)}
              maxLength={500}
              required
            />
          </label>
          <label className="field">
            <span>Description</span>
            <textarea
              value={draft.description}
              onChange={(e) => set('description', e.target.value)}
              rows={5}
            />
          </label>
          <div className="field-row">
            <label className="field">
              <span>Priority</span>
              <select
                value={draft.priority}
                onChange={(e) => isPriority(e.target.value) && set('priority', e.target.value)}
              >
                {Object.entries(PRIORITY_LABELS).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
            <label className="field">
              <span>Assignee</span>
              <input
                value={draft.assignee}
                onChange={(e) => set('assignee', e.target.value)}
                list={`${titleId}-people`}
                placeholder="Name"
              />
              <datalist id={`${titleId}-people`}>
                {peopleNames.map(([id, name]) => (
                  <option key={id} value={name} />
                ))}
              </datalist>
            </label>
          </div>
          <div className="field-row">
            <label className="field">
              <span>Deadline</span>
              <input type="date" value={draft.deadline} onChange={(e) => set('deadline', e.target.value)} />
            </label>
            <label className="field">
              <span>Estimate</span>
              <input
                type="number"
                min={0}
                max={10000}
                step="any"
                value={draft.estimate}
                onChange={(e) => set('estimate', e.target.value)}
              />
            </label>
          </div>
          <label className="field">
            <span>Labels</span>
            <input
              value={draft.labels}
              onChange={(e) => set('labels', e.target.value)}
              placeholder="bug, frontend"
            />
          </label>
        </fieldset>
        <dl className="facts">
          <dt>Column</dt>
          <dd>{task.archivedAt ? 'Archived' : column}</dd>
          <dt>Created</dt>
          <dd>
            by {personName(people, task.createdBy)} at {when(task.createdAt)}
          </dd>
          <dt>Updated</dt>
          <dd>
            by {personName(people, task.updatedBy)} at {when(task.updatedAt)}
          </dd>
          <dt>Archived</dt>
          <dd>{task.archivedAt ? `yes, at ${when(task.archivedAt)}` : 'no'}</dd>
          <dt>Watchers</dt>
          <dd>
            <WatchToggle task={task} />
          </dd>
        </dl>
        {readOnly ? (
          <div className="dialog-actions">
            <span className="spacer" />
            <button type="button" onClick={onClose}>
              Close
            </button>
          </div>
        ) : (
          <div className="dialog-actions">
            {task.archivedAt ? (
              <button type="button" onClick={() => attempt(() => restoreTask(doc, editor, task.id))}>
                Restore task
              </button>
            ) : (
              <button
                type="button"
                className="danger"
                onClick={() => attempt(() => archiveTask(doc, editor, task.id)) && onClose()}
              >
                Archive task
              </button>
            )}
            <span className="spacer" />
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary">
              Save
            </button>
          </div>
        )}
      </form>
      <TaskRepeat task={task} />
      <TaskComments taskId={task.id} version={version} />
      <TaskActivity taskId={task.id} version={version} />
    </dialog>
  );
}
