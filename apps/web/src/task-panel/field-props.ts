/** What every field of the task panel is given: the live task and the panel's edits over it. */
import type { Task } from '@taskflow/model';
import type { KeyboardEvent } from 'react';
import type { TaskField } from './task-form.ts';
import type { TaskEdits } from './use-task-edits.ts';

export type FieldProps = { task: Task; edits: TaskEdits };

/**
 * Keys of a text field that saves as you go: Enter saves a one-line field (Ctrl/Cmd+Enter a
 * multi-line one), Esc drops what was typed. Esc is stopped here so it does not also close the panel.
 */
export function textFieldKeys(edits: TaskEdits, field: TaskField, multiline = false) {
  return (e: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && (!multiline || e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      edits.commit(field);
    } else if (e.key === 'Escape' && edits.dirty(field)) {
      e.stopPropagation();
      edits.revert(field);
    }
  };
}
