/**
 * One task's details in a side panel beside the board (issue 14: a side panel instead of a modal,
 * inline autosave). The board stays usable while it is open: another card opens in its place.
 * Every field saves as the person goes (use-task-edits.ts): fields they did not touch follow
 * others' changes live, and a notice says when someone changes a field they are typing in.
 * Closing the panel, or opening another task, saves what is still being typed.
 */
import { archiveTask, type Board, restoreTask, type Task, type TaskPatch, updateTask } from '@taskflow/model';
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import { TaskHistory } from '../history/task-history.tsx';
import { attempt } from '../hooks/use-error-banner.ts';
import { usePublishOpenTask } from '../palette/open-task.ts';
import { TaskDetailKey } from '../planning/task-detail-key.tsx';
import { TaskRepeat } from '../recurrence/task-repeat.tsx';
import { TaskStructure } from '../structure/task-structure.tsx';
import { TimeTracking } from '../time/time-tracking.tsx';
import { TabList, tabPanelProps } from '../ui/tab-list.tsx';
import { personName, useWorkspace } from '../workspace-context.ts';
import { AssigneeField } from './assignee-field.tsx';
import { DeadlineField } from './deadline-field.tsx';
import { DeleteTask } from './delete-task.tsx';
import { DescriptionField } from './description-field.tsx';
import { EstimateField } from './estimate-field.tsx';
import { LabelsField } from './labels-field.tsx';
import { MoveTo } from './move-to.tsx';
import { PriorityField } from './priority-field.tsx';
import { TaskComments } from './task-comments.tsx';
import { TitleField } from './title-field.tsx';
import { useTaskEdits } from './use-task-edits.ts';
import { WatchToggle } from './watch-toggle.tsx';
import './task-panel.css';

type Props = { task: Task; board: Board; onClose: () => void };

function when(iso: string): string {
  return new Date(iso).toLocaleString();
}

export function TaskPanel({ task, board, onClose }: Props) {
  const { workspace, editor, people, readOnly } = useWorkspace();
  const doc = workspace.doc;
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const save = (patch: TaskPatch) => attempt(() => updateTask(doc, editor, task.id, patch));
  const edits = useTaskEdits(task, people, save);
  // The command palette acts on this task while the panel shows it.
  usePublishOpenTask(task.id);

  // Whatever is still being typed is saved when the panel goes: closed, or another task opened.
  const commitAll = useRef(edits.commitAll);
  commitAll.current = edits.commitAll;
  useEffect(() => {
    const dialog = ref.current;
    // Not modal: the board beside it stays usable.
    if (dialog && !dialog.open) dialog.show();
    const onPageHide = () => commitAll.current();
    window.addEventListener('pagehide', onPageHide);
    return () => {
      window.removeEventListener('pagehide', onPageHide);
      commitAll.current();
    };
  }, []);

  const close = () => {
    edits.commitAll();
    onClose();
  };
  // A field's own Esc (dropping what was typed) stops the event; any other Esc closes the panel.
  const onKeyDown = (e: KeyboardEvent<HTMLDialogElement>) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      close();
    }
  };

  const column = board.columns.find((c) => c.id === task.columnId)?.name ?? '—';

  return (
    <dialog ref={ref} className="dialog task-detail" aria-labelledby={titleId} onKeyDown={onKeyDown}>
      <header className="detail-header">
        <TaskDetailKey task={task} />
        <h2 id={titleId}>Task details</h2>
        {readOnly && <span className="badge">View only</span>}
        <button type="button" className="icon" aria-label="Close task details" onClick={close}>
          ×
        </button>
      </header>
      {/* A disabled fieldset turns every field off at once for viewers. */}
      <fieldset className="plain" disabled={readOnly}>
        <TitleField task={task} edits={edits} />
        <DescriptionField task={task} edits={edits} />
        <div className="field-row">
          <PriorityField task={task} edits={edits} />
          <AssigneeField task={task} edits={edits} />
        </div>
        <div className="field-row">
          <DeadlineField task={task} edits={edits} />
          <EstimateField task={task} edits={edits} />
        </div>
        <LabelsField task={task} edits={edits} />
        {!readOnly && <p className="autosave-hint">Changes save as you go.</p>}
      </fieldset>
      <TaskStructure task={task} />
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
      {!readOnly && (
        <div className="dialog-actions">
          {task.archivedAt ? (
            <button type="button" onClick={() => attempt(() => restoreTask(doc, editor, task.id))}>
              Restore task
            </button>
          ) : (
            <button
              type="button"
              className="danger"
              onClick={() => {
                edits.commitAll();
                if (attempt(() => archiveTask(doc, editor, task.id))) onClose();
              }}
            >
              Archive task
            </button>
          )}
          {/* What is still being typed is saved first: after the delete there is no task to save
              into, and Undo then brings the task back with it. */}
          <DeleteTask task={task} beforeDelete={edits.commitAll} onDeleted={onClose} />
        </div>
      )}
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
