/**
 * The open task panel's field-by-field edits over the live task (rules in field-edits.ts), saved as
 * the person goes (issue 14: inline autosave, no Save/Cancel form). A field is written when it is
 * committed — a text field on blur or Enter, a choice at once — and only if its text differs from
 * its base, so a field I did not change is never written over someone else's edit.
 */
import type { Task, TaskPatch } from '@taskflow/model';
import { useCallback, useRef, useState } from 'react';
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
  /**
   * Writes the field if I changed it (`text` overrides what was typed, for one-step choices). A
   * typed field someone else changed meanwhile waits for the person's choice in the notice.
   */
  commit(field: TaskField, text?: string): void;
  /** Writes every field I changed and have not saved yet (the panel closing). */
  commitAll(): void;
  /** Drops my unsaved text of the field: it shows the live task again (Esc). */
  revert(field: TaskField): void;
  /** Whether I typed into the field and have not saved it yet. */
  dirty(field: TaskField): boolean;
};

/** Writes a patch; false when the model refused it (the error is already shown). */
export type SavePatch = (patch: TaskPatch) => boolean;

export function useTaskEdits(task: Task, people: Record<string, string>, save: SavePatch): TaskEdits {
  const [edits, setEdits] = useState<fieldEdits.FieldEdits>({});
  const same = useCallback<fieldEdits.SameValue>((field, a, b) => sameField(field, a, b, people), [people]);
  const live = draftOf(task, people);
  // Others' changes are taken in during render (React's "adjust state when a prop changes"), so a
  // field and its notice change in the same paint; `follow` returns `edits` itself once settled.
  const followed = fieldEdits.follow(edits, live, task.updatedBy, same);
  if (followed !== edits) setEdits(followed);
  // Commits run from blur and close handlers, which may fire before React renders the last
  // keystroke's state: they read the newest edits from here.
  const latest = useRef(followed);
  latest.current = followed;

  const write = (current: fieldEdits.FieldEdits, fields: readonly TaskField[]): fieldEdits.FieldEdits => {
    const changed = fieldEdits.changedFields(current, same).filter((f) => fields.includes(f));
    let next = current;
    if (changed.length > 0) {
      const patch: TaskPatch = {};
      for (const field of changed)
        Object.assign(patch, fieldPatch(field, current[field]?.text ?? '', people));
      // A refused write keeps the text, so nothing typed is lost and the error says why.
      if (!save(patch)) return current;
    }
    for (const field of fields) next = fieldEdits.takeTheirs(next, field);
    return next;
  };
  const apply = (next: fieldEdits.FieldEdits) => {
    latest.current = next;
    setEdits(next);
  };

  return {
    values: fieldEdits.shown(followed, live),
    conflicts: fieldEdits.conflicts(followed),
    type: (field, text) => apply(fieldEdits.typeInto(latest.current, field, text, live)),
    keepMine: (field) => apply(fieldEdits.keepMine(latest.current, field)),
    takeTheirs: (field) => apply(fieldEdits.takeTheirs(latest.current, field)),
    commit: (field, text) => {
      // While the notice asks whether mine or theirs stays, leaving the field decides nothing: the
      // person clicks one of its buttons (or closes the panel, which keeps mine, as it says).
      if (text === undefined && latest.current[field]?.changedBy != null) return;
      const current =
        text === undefined ? latest.current : fieldEdits.typeInto(latest.current, field, text, live);
      apply(write(current, [field]));
    },
    commitAll: () => apply(write(latest.current, Object.keys(latest.current) as TaskField[])),
    revert: (field) => apply(fieldEdits.takeTheirs(latest.current, field)),
    dirty: (field) => latest.current[field] !== undefined,
  };
}
