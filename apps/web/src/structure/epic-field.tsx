/**
 * The epic link: a non-epic picks the epic it belongs to (any project of the workspace); an epic
 * lists its tasks with their status and how many are done.
 */
import { epicProgress, readEpics, readEpicTasks, type Task, updateTask } from '@taskflow/model';
import { useId } from 'react';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { useWorkspace } from '../workspace-context.ts';
import { ProgressMeter } from './progress.tsx';
import { TaskRef, useTaskKeyText } from './task-ref.tsx';
import { statusOf } from './task-status.ts';

export function EpicField({ task }: { task: Task }) {
  return task.type === 'epic' ? <EpicTasks task={task} /> : <EpicPicker task={task} />;
}

function EpicPicker({ task }: { task: Task }) {
  const { workspace, editor, readOnly } = useWorkspace();
  const epics = useDocQuery(workspace.doc, readEpics);
  const keyText = useTaskKeyText();
  const current = task.epicId !== null && epics.some((e) => e.id === task.epicId) ? task.epicId : '';
  return (
    <label className="field epic-picker">
      <span>Epic</span>
      <select
        value={current}
        disabled={readOnly}
        onChange={(e) =>
          attempt(() => updateTask(workspace.doc, editor, task.id, { epicId: e.target.value || null }))
        }
      >
        <option value="">None</option>
        {epics.map((epic) => (
          <option key={epic.id} value={epic.id}>
            {keyText(epic)} {epic.title}
          </option>
        ))}
      </select>
    </label>
  );
}

function EpicTasks({ task }: { task: Task }) {
  const { workspace } = useWorkspace();
  const doc = workspace.doc;
  const id = useId();
  const tasks = useDocQuery(doc, (d) => readEpicTasks(d, task.id), [task.id]);
  const progress = useDocQuery(doc, (d) => epicProgress(d, task.id), [task.id]);
  return (
    <section className="structure-section" aria-labelledby={id}>
      <h3 id={id}>
        Tasks in this epic <ProgressMeter label="Epic tasks" progress={progress} />
      </h3>
      {tasks.length === 0 ? (
        <p className="structure-empty">No tasks yet: pick this epic in a task’s Epic field.</p>
      ) : (
        <ul className="structure-list" aria-label="Tasks in this epic">
          {tasks.map((t) => (
            <li key={t.id}>
              <TaskRef task={t} />
              <StatusChip task={t} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function StatusChip({ task }: { task: Task }) {
  const { workspace } = useWorkspace();
  const status = statusOf(workspace.doc, task);
  return (
    <span className={`structure-status${status.done ? ' is-done' : ''}`}>
      {status.done && <span aria-hidden="true">✓ </span>}
      {status.name}
    </span>
  );
}
