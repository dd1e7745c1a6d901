import { createTask, type TaskType } from '@taskflow/model';
import { type FormEvent, useContext, useState } from 'react';
import { attempt } from '../hooks/use-error-banner.ts';
import { NewTaskSprintContext } from '../planning/board-scope.ts';
import { NewTaskType } from '../structure/new-task-type.tsx';
import { useWorkspace } from '../workspace-context.ts';

type Props = {
  projectId: string;
  columnId: string;
  columnName: string;
  /** Told the new task's id, so the column can scroll it into view. */
  onAdded?: (taskId: string) => void;
};

export function AddTaskForm({ projectId, columnId, columnName, onAdded }: Props) {
  const { workspace, editor } = useWorkspace();
  const [title, setTitle] = useState('');
  const [type, setType] = useState<TaskType>('task');
  // On a Scrum board a new task joins the active sprint, so it stays on the board it was added to.
  const sprintId = useContext(NewTaskSprintContext);

  const add = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim()) return;
    let id = '';
    const created = attempt(() => {
      id = createTask(workspace.doc, editor, {
        projectId,
        columnId,
        title,
        sprintId,
        ...(type === 'task' ? {} : { type }),
      });
    });
    if (created) {
      setTitle('');
      onAdded?.(id);
    }
  };

  return (
    <form className="add-task" onSubmit={add}>
      <input
        aria-label={`New task in ${columnName}`}
        placeholder="Add a task…"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={500}
      />
      <NewTaskType value={type} onChange={setType} columnName={columnName} />
      <button type="submit" aria-label={`Add task to ${columnName}`} disabled={!title.trim()}>
        Add
      </button>
    </form>
  );
}
