/** The open task panel's field-by-field edits over the live task (rules in field-edits.ts). */
import type { Task, TaskPatch } from '@taskflow/model';
import { useCallback, useState } from 'react';
// One name for the rules, apart from this hook's own `keepMine`/`takeTheirs`.
import * as fieldEdits from './field-edits.ts';
import { draftOf, fieldPatch, sameField, type TaskDraft, type TaskField } from './task-form.ts';

export type TaskEdits = {
  /** What each control shows: my text where I typed, the live task elsewhere. */
  values: TaskDraft;
  conflicts: fieldEdits.Conflict[];
  type(field: TaskField, text: string): void;
  keepMine(field: TaskField): void;
  takeTheirs(field: TaskField): void;
  /** Only the fields I changed, as the model values they save as; empty when there is nothing to write. */
  patch(): TaskPatch;
};

export function useTaskEdits(task: Task, people: Record<string, string>): TaskEdits {
  const [edits, setEdits] = useState<fieldEdits.FieldEdits>({});
  const same = useCallback<fieldEdits.SameValue>((field, a, b) => sameField(field, a, b, people), [people]);
  const live = draftOf(task, people);
  // Others' changes are taken in during render (React's "adjust state when a prop changes"), so a
  // field and its notice change in the same paint; `follow` returns `edits` itself once settled.
  const followed = fieldEdits.follow(edits, live, task.updatedBy, same);
  if (followed !== edits) setEdits(followed);

  return {
    values: fieldEdits.shown(followed, live),
    conflicts: fieldEdits.conflicts(followed),
    type: (field, text) => setEdits((current) => fieldEdits.typeInto(current, field, text, live)),
    keepMine: (field) => setEdits((current) => fieldEdits.keepMine(current, field)),
    takeTheirs: (field) => setEdits((current) => fieldEdits.takeTheirs(current, field)),
    patch: () => {
      const patch: TaskPatch = {};
      for (const field of fieldEdits.changedFields(followed, same))
        Object.assign(patch, fieldPatch(field, followed[field]?.text ?? '', people));
      return patch;
    },
  };
}
