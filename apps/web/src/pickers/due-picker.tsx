/**
 * The deadline day of the task(s): a date field, or Today / Tomorrow / Next week / No due date in
 * one click. Every choice is one change over all the tasks (edit-tasks.ts) and closes the picker;
 * Escape closes it without a change. Only the day is written: a time of day, where a task has one,
 * is not this picker's business.
 */
import { type FormEvent, useId, useMemo, useRef, useState } from 'react';
import { useWorkspace } from '../workspace-context.ts';
import type { TaskPickerProps } from './assignee-picker.tsx';
import { dueChoices, shortDay } from './due-choices.ts';
import { editTasks } from './edit-tasks.ts';
import { usePickerDialog } from './use-picker-dialog.ts';
import { sharedValue, useTargetTasks } from './use-target-tasks.ts';
import './pickers.css';

export function DuePicker({ taskIds, anchor, onClose }: TaskPickerProps) {
  const { workspace, editor } = useWorkspace();
  const tasks = useTargetTasks(taskIds);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  usePickerDialog(ref, anchor);
  const current = sharedValue(tasks, (t) => t.deadline);
  const [day, setDay] = useState(current ?? '');
  const choices = useMemo(() => dueChoices(new Date()), []);

  const set = (deadline: string | null) => {
    editTasks(workspace.doc, editor, taskIds, (t) => (t.deadline === deadline ? null : { deadline }));
    onClose();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    set(day || null);
  };

  return (
    <dialog
      ref={ref}
      className="picker"
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => e.target === e.currentTarget && onClose()}
      // Keys typed here are not board shortcuts.
      onKeyDown={(e) => e.stopPropagation()}
    >
      <form className="picker-form" onSubmit={submit}>
        <h2 id={titleId}>Due date</h2>
        <label className="field">
          <span>Day</span>
          <input type="date" value={day} onChange={(e) => setDay(e.target.value)} autoFocus />
        </label>
        <button type="submit" className="primary">
          Set due date
        </button>
        <div className="picker-quick">
          {choices.map((choice) => (
            <button key={choice.id} type="button" onClick={() => set(choice.day)}>
              <span>{choice.label}</span>
              <span className="muted">{shortDay(choice.day)}</span>
            </button>
          ))}
          <button type="button" onClick={() => set(null)}>
            <span>No due date</span>
          </button>
        </div>
      </form>
    </dialog>
  );
}
