/**
 * Who is editing, until accounts exist: a display name the person gives once and a generated
 * actor id, both kept in localStorage so every tab of this browser speaks for the same person.
 */
import { type Editor, nameSchema } from '@taskflow/model';

const ACTOR_KEY = 'taskflow:actorId';
const NAME_KEY = 'taskflow:name';

export type Identity = { actorId: string; name: string | null };

export function loadIdentity(): Identity {
  let actorId = localStorage.getItem(ACTOR_KEY);
  if (!actorId) {
    actorId = crypto.randomUUID();
    localStorage.setItem(ACTOR_KEY, actorId);
  }
  const stored = nameSchema.safeParse(localStorage.getItem(NAME_KEY));
  return { actorId, name: stored.success ? stored.data : null };
}

/** Returns the cleaned name, or undefined when it is not acceptable. */
export function saveName(name: string): string | undefined {
  const parsed = nameSchema.safeParse(name);
  if (!parsed.success) return undefined;
  localStorage.setItem(NAME_KEY, parsed.data);
  return parsed.data;
}

export function editorFor(actorId: string): Editor {
  return { origin: { kind: 'user', actorId } };
}
