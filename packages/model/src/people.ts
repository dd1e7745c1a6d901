/** Display names of the people who edit a workspace, so ids in `createdBy`/`by` can be shown as names. */
import type * as Y from 'yjs';
import { type Editor, peopleMap, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { nameSchema, personSchema } from './schema.ts';

export function setPersonName(doc: Y.Doc, editor: Editor, actorId: string, name: string): void {
  const parsed = nameSchema.safeParse(name);
  if (!parsed.success) throw new ModelError('invalid_input', 'A name needs 1 to 120 characters.');
  write(doc, editor, () => {
    const current = personSchema.safeParse(peopleMap(doc).get(actorId));
    if (current.success && current.data.name === parsed.data) return;
    peopleMap(doc).set(actorId, { name: parsed.data });
  });
}

/** actorId → display name; entries that do not parse are skipped. */
export function readPeople(doc: Y.Doc): Record<string, string> {
  const out: Record<string, string> = { system: 'Taskflow' };
  peopleMap(doc).forEach((value, id) => {
    const parsed = personSchema.safeParse(value);
    if (parsed.success) out[id] = parsed.data.name;
  });
  return out;
}
