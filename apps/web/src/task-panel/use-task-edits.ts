/** The open task panel's field-by-field edits over the live task (rules in field-edits.ts). */
import type { Task, TaskPatch } from '@taskflow/model';
import { useCallback, useState } from 'react';
import { draftOf, fieldPatch, sameField, type TaskDraft, type TaskField } from '../components/task-form.ts';
import {
  type Conflict,
  changedFields,
  conflicts,
  type FieldEdits,
  follow,
  keepMine,
  type SameValue,
  shown,
  takeTheirs,
  typeInto,
} from './field-edits.ts';

export type TaskEdits = {
  /** What each control shows: my text where I typed, the live task elsewhere. */
  values: TaskDraft;
  conflicts: Conflict[];
  type(field: TaskField, text: string): void;
  keepMine(field: TaskField): void;
  takeTheirs(field: TaskField): void;
  /** Only the fields I changed, as the model values they save as; empty when there is nothing to write. */
  patch(): TaskPatch;
};

export function useTaskEdits(task: Task, people: Record<string, string>): TaskEdits {
  const [edits, setEdits] = useState<FieldEdits>({});
  const same = useCallback<SameValue>((field, a, b) => sameField(field, a, b, people), [people]);
  const live = draftOf(task, people);
  // Others' changes are taken in during render (React's "adjust state when a prop changes"), so a
  // field and its notice change in the same paint; `follow` returns `edits` itself once settled.
  const followed = follow(edits, live, task.updatedBy, same);
  if (followed !== edits) setEdits(followed);

  return {
    values: shown(followed, live),
    conflicts: conflicts(followed),
    type: (field, text) => setEdits((current) => typeInto(current, field, text, live)),
    keepMine: (field) => setEdits((current) => keepMine(current, field)),
    takeTheirs: (field) => setEdits((current) => takeTheirs(current, field)),
    patch: () => {
      const patch: TaskPatch = {};
      for (const field of changedFields(followed, same))
        Object.assign(patch, fieldPatch(field, followed[field]?.text ?? '', people));
      return patch;
    },
  };
}
