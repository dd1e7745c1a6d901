/**
 * Subtasks: the list with each one's status, progress by the project's last column, and a line to
 * add one. A subtask shows its parent instead (Jira's rule: one level).
 */
import {
  createTask,
  doneColumnOf,
  effectiveParentId,
  effectiveSprintId,
  readSprints,
  readSubtasks,
  readTask,
  subtaskProgress,
  type Task,
} from '@taskflow/model';
import { type FormEvent, useId, useState } from 'react';
import type * as Y from 'yjs';
import { useDocQuery } from '../hooks/use-doc-query.ts';
import { attempt } from '../hooks/use-error-banner.ts';
import { useWorkspace } from '../workspace-context.ts';
import { StatusChip } from './epic-field.tsx';
import { ProgressMeter } from './progress.tsx';
import { TaskRef } from './task-ref.tsx';

/** The open sprint the parent is in: a subtask is planned with its parent, as in Jira (null: the backlog). */
function openSprintOf(doc: Y.Doc, task: Task): string | null {
  const sprints = new Map(readSprints(doc, task.projectId).map((s) => [s.id, s]));
  const id = effectiveSprintId(task, sprints, doneColumnOf(doc, task.projectId));
  return id !== null && sprints.get(id)?.state !== 'closed' ? id : null;
}

export function SubtasksSection({ task }: { task: Task }) {
  const { workspace, editor, readOnly } = useWorkspace();
  const doc = workspace.doc;
  const id = useId();
  const [title, setTitle] = useState('');
  const parent = useDocQuery(
    doc,
    (d) => {
      const parentId = effectiveParentId(d, task.id);
      return parentId === null ? null : (readTask(d, parentId) ?? null);
    },
    [task.id],
  );
  const subtasks = useDocQuery(doc, (d) => readSubtasks(d, task.id), [task.id]);
  const progress = useDocQuery(doc, (d) => subtaskProgress(d, task.id), [task.id]);

  if (parent) {
    return (
      <section className="structure-section" aria-labelledby={id}>
        <h3 id={id}>Subtask of</h3>
        <TaskRef task={parent} />
      </section>
    );
  }

  const add = (e: FormEvent) => {
    e.preventDefault();
    const text = title.trim();
    if (!text) return;
    const ok = attempt(() => {
      createTask(doc, editor, {
        projectId: task.projectId,
        title: text,
        parentId: task.id,
        sprintId: openSprintOf(doc, task),
      });
    });
    if (ok) setTitle('');
  };

  return (
    <section className="structure-section" aria-labelledby={id}>
      <h3 id={id}>
        Subtasks <ProgressMeter label="Subtasks" progress={progress} />
      </h3>
      {subtasks.length > 0 && (
        <ul className="structure-list" aria-label="Subtasks">
          {subtasks.map((t) => (
            <li key={t.id}>
              <TaskRef task={t} />
              <StatusChip task={t} />
            </li>
          ))}
        </ul>
      )}
      {!readOnly && !task.archivedAt && task.type !== 'epic' && (
        <form className="structure-add" onSubmit={add}>
          <input
            aria-label="New subtask"
            placeholder="Add a subtask"
            value={title}
            maxLength={500}
            onChange={(e) => setTitle(e.target.value)}
          />
          <button type="submit">Add subtask</button>
        </form>
      )}
    </section>
  );
}
