/**
 * Field-by-field editing of an open task (issue 8, item 7: a panel saved its whole form and wrote
 * back fields its person never touched, over other people's edits).
 *
 * For each field the person has typed into, the panel keeps their text and the field's value when
 * they began (its base). Fields nobody touched here show the live task, so others' changes appear
 * as they happen. A save writes only the fields whose text differs from their base: what I did not
 * change is never written, so it cannot undo anyone's edit.
 *
 * When the live value of a field I am editing moves away from its base, someone else changed it
 * under me: a conflict, with who did it. If I had not actually changed the field (my text still
 * saves as the base) or we typed the same, there is nothing to decide and the field follows theirs.
 * Otherwise I choose: keep mine (my text will replace theirs; the base becomes theirs) or take
 * theirs (my edit is dropped). Saving without choosing keeps mine, as the notice says.
 *
 * Plain data and pure functions, so the rules are tested without React (field-edits.test.ts).
 */
import { TASK_FIELDS, type TaskDraft, type TaskField } from './task-form.ts';

export type FieldEdit = {
  /** What the person typed. */
  readonly text: string;
  /** The field's live value when they began; the field is saved only if `text` differs from it. */
  readonly base: string;
  /** The live value last seen, to notice the next change by someone else. */
  readonly seen: string;
  /** Who moved the live value away from `base` while this edit was open (an actor id), if anyone. */
  readonly changedBy: string | null;
};

export type FieldEdits = Readonly<Partial<Record<TaskField, FieldEdit>>>;

/** Whether two texts of a field save as the same value. */
export type SameValue = (field: TaskField, a: string, b: string) => boolean;

export type Conflict = { field: TaskField; changedBy: string; theirs: string };

function fieldsOf(edits: FieldEdits): TaskField[] {
  return TASK_FIELDS.filter((field) => edits[field] !== undefined);
}

function without(edits: FieldEdits, field: TaskField): FieldEdits {
  const { [field]: _dropped, ...rest } = edits;
  return rest;
}

/** The person typed `text` into `field`; its base is the live value if this is the first keystroke. */
export function typeInto(edits: FieldEdits, field: TaskField, text: string, live: TaskDraft): FieldEdits {
  const current = edits[field];
  const started = current ?? { base: live[field], seen: live[field], changedBy: null };
  return { ...edits, [field]: { ...started, text } };
}

/**
 * Takes in the live task after a change: edits whose field someone else changed become conflicts,
 * or are dropped when there is nothing to decide. Returns `edits` itself when nothing changed, so a
 * caller can compare by identity.
 */
export function follow(edits: FieldEdits, live: TaskDraft, updatedBy: string, same: SameValue): FieldEdits {
  let next = edits;
  for (const field of fieldsOf(edits)) {
    const edit = edits[field];
    const now = live[field];
    if (!edit || now === edit.seen) continue;
    if (same(field, edit.text, edit.base) || same(field, edit.text, now)) {
      next = without(next, field);
    } else if (same(field, now, edit.base)) {
      next = { ...next, [field]: { ...edit, seen: now, changedBy: null } };
    } else {
      next = { ...next, [field]: { ...edit, seen: now, changedBy: updatedBy } };
    }
  }
  return next;
}

/** The fields where someone else's change would be replaced by mine, in the panel's order. */
export function conflicts(edits: FieldEdits): Conflict[] {
  const out: Conflict[] = [];
  for (const field of fieldsOf(edits)) {
    const edit = edits[field];
    if (edit?.changedBy != null) out.push({ field, changedBy: edit.changedBy, theirs: edit.seen });
  }
  return out;
}

/** Mine stays, to replace theirs at the next save: their value becomes the base. */
export function keepMine(edits: FieldEdits, field: TaskField): FieldEdits {
  const edit = edits[field];
  if (!edit) return edits;
  return { ...edits, [field]: { ...edit, base: edit.seen, changedBy: null } };
}

/** Theirs stays: my edit of the field is dropped and it follows the live task again. */
export function takeTheirs(edits: FieldEdits, field: TaskField): FieldEdits {
  return without(edits, field);
}

/** What the panel shows: my text where I typed, the live value everywhere else. */
export function shown(edits: FieldEdits, live: TaskDraft): TaskDraft {
  const out = { ...live };
  for (const field of fieldsOf(edits)) out[field] = edits[field]?.text ?? live[field];
  return out;
}

/** The fields a save writes: those whose text saves as something other than their base. */
export function changedFields(edits: FieldEdits, same: SameValue): TaskField[] {
  return fieldsOf(edits).filter((field) => {
    const edit = edits[field];
    return edit !== undefined && !same(field, edit.text, edit.base);
  });
}
