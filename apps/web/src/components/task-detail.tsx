/**
 * Every field of one task, editable, with who created and last changed it. Edits are field by
 * field (task-panel/field-edits.ts): fields I did not touch follow others' changes live, a save
 * writes only what I changed, and a notice says when someone changes a field I am editing.
 */
import { archiveTask, type Board, readTask, restoreTask, type Task, updateTask } from '@taskflow/model';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { TaskHistory } from '../history/task-history.tsx';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { usePublishOpenTask } from '../palette/open-task.ts';
import { TaskDetailKey } from '../planning/task-detail-key.tsx';
import { TaskRepeat } from '../recurrence/task-repeat.tsx';
import { FieldConflictNotice } from '../task-panel/field-conflict-notice.tsx';
import { MoveTo } from '../task-panel/move-to.tsx';
import { isPriority, type TaskField } from '../task-panel/task-form.ts';
import { useTaskEdits } from '../task-panel/use-task-edits.ts';
import { TimeTracking } from '../time/time-tracking.tsx';
import { TabList, tabPanelProps } from '../ui/tab-list.tsx';
import { personName, useWorkspace } from '../workspace-context.ts';
import { TaskComments } from './task-comments.tsx';
import { WatchToggle } from './watch-toggle.tsx';

type Props = { taskId: string; board: Board; onClose: () => void };

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

export function TaskDetail({ taskId, board, onClose }: Props) {
  const { workspace } = useWorkspace();
  const task = useDocQuery(workspace.doc, (doc) => readTask(doc, taskId), [taskId]);
  if (!task) return null;
  // Keyed: another task is another set of edits.
  return <TaskPanel key={task.id} task={task} board={board} onClose={onClose} />;
}

function TaskPanel({ task, board, onClose }: Omit<Props, 'taskId'> & { task: Task }) {
  const { workspace, actorId, editor, people, readOnly } = useWorkspace();
  const doc = workspace.doc;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const edits = useTaskEdits(task, people);
  const draft = edits.values;
  // The command palette acts on this task while the panel shows it.
  usePublishOpenTask(task.id);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  const column = board.columns.find((c) => c.id === task.columnId)?.name ?? '—';
  const set = (field: TaskField, text: string) => edits.type(field, text);
  const peopleNames = Object.entries(people).filter(([id]) => id !== 'system');
  const noticeFor = (field: TaskField) => {
    const conflict = edits.conflicts.find((c) => c.field === field);
    if (!conflict) return null;
    return (
      <FieldConflictNotice
        conflict={conflict}
        who={conflict.changedBy === actorId ? null : personName(people, conflict.changedBy)}
        onKeepMine={edits.keepMine}
        onTakeTheirs={edits.takeTheirs}
      />
    );
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    const patch = edits.patch();
    if (Object.keys(patch).length === 0 || attempt(() => updateTask(doc, editor, task.id, patch))) onClose();
  };

  return (
    <dialog ref={ref} className="dialog task-detail" aria-labelledby={titleId} onClose={onClose}>
      <form onSubmit={save}>
        <header className="detail-header">
          <TaskDetailKey task={task} />
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
          {noticeFor('title')}
          <label className="field">
            <span>Description</span>
            <textarea
              value={draft.description}
              onChange={(e) => set('description', e.target.value)}
              rows={5}
            />
          </label>
          {noticeFor('description')}
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
          {noticeFor('priority')}
          {noticeFor('assignee')}
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
          {noticeFor('deadline')}
          {noticeFor('estimate')}
          <label className="field">
            <span>Labels</span>
            <input
              value={draft.labels}
              onChange={(e) => set('labels', e.target.value)}
              placeholder="bug, frontend"
            />
          </label>
          {noticeFor('labels')}
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
      {!readOnly && !task.archivedAt && <MoveTo task={task} board={board} />}
      <TaskRepeat task={task} />
      <TimeTracking task={task} />
      <TaskTabs task={task} />
    </dialog>
  );
}

/** Comments and History share the panel's foot; History is fetched only while it is shown. */
function TaskTabs({ task }: { task: Task }) {
  const [tab, setTab] = useState<'comments' | 'history'>('comments');
  const id = useId();
  const tabs = [
    { key: 'comments', label: 'Comments' },
    { key: 'history', label: 'History' },
  ] as const;
  return (
    <div className="task-tabs">
      <TabList id={id} label="Task comments and history" tabs={tabs} selected={tab} onSelect={setTab} />
      <div {...tabPanelProps(id, tab)}>
        {tab === 'comments' ? <TaskComments taskId={task.id} /> : <TaskHistory task={task} />}
      </div>
    </div>
  );
}
