/** Small helpers shared by the model's tests: a seeded workspace and replicas that sync by hand. */
import * as Y from 'yjs';
import { readBoard } from '../board.ts';
import type { Editor } from '../doc.ts';
import { FIRST_PROJECT_ID, seedWorkspace } from '../seed.ts';

export const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);

export function seeded(): Y.Doc {
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: 'w', now: () => T0 });
  return doc;
}

/** A fresh replica holding everything `from` has. */
export function replicaOf(from: Y.Doc): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(from));
  return doc;
}

/** Two-way sync of every given replica with every other. */
export function syncAll(...docs: Y.Doc[]): void {
  for (const a of docs)
    for (const b of docs) if (a !== b) Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
}

export function editor(actorId: string, at: number | (() => number) = T0): Editor {
  return { origin: { kind: 'user', actorId }, now: typeof at === 'number' ? () => at : at };
}

export function columnIds(doc: Y.Doc, projectId = FIRST_PROJECT_ID): string[] {
  return readBoard(doc, projectId)?.columns.map((c) => c.id) ?? [];
}

export function columnOf(doc: Y.Doc, taskId: string, projectId = FIRST_PROJECT_ID): string | undefined {
  return readBoard(doc, projectId)?.columns.find((c) => c.tasks.some((t) => t.id === taskId))?.id;
}

export function titlesIn(doc: Y.Doc, columnId: string, projectId = FIRST_PROJECT_ID): string[] {
  return (
    readBoard(doc, projectId)
      ?.columns.find((c) => c.id === columnId)
      ?.tasks.map((t) => t.title) ?? []
  );
}
