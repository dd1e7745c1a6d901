/**
 * The content of a brand-new workspace. Only the server calls this, once, when no stored state
 * exists (SPEC M8): two offline clients seeding an "empty" document would each create their own
 * copy of every default column.
 */
import type * as Y from 'yjs';
import { type Editor, metaMap, write } from './doc.ts';
import { createProject } from './projects.ts';
import { SCHEMA_VERSION } from './schema.ts';

export const FIRST_PROJECT_ID = 'first';

export function seedWorkspace(doc: Y.Doc, input: { workspaceId: string; now?: () => number }): void {
  const editor: Editor = {
    origin: { kind: 'server', reason: 'seed' },
    ...(input.now ? { now: input.now } : {}),
  };
  write(doc, editor, () => {
    metaMap(doc).set('schemaVersion', SCHEMA_VERSION);
    metaMap(doc).set('workspaceId', input.workspaceId);
    createProject(doc, editor, { id: FIRST_PROJECT_ID, name: 'My first project' });
  });
}

export type SchemaState = 'ok' | 'unseeded' | 'newer';

/** Whether this code can write the document: `newer` means a newer Taskflow wrote it. */
export function schemaState(doc: Y.Doc): SchemaState {
  const v = metaMap(doc).get('schemaVersion');
  if (typeof v !== 'number') return 'unseeded';
  return v > SCHEMA_VERSION ? 'newer' : 'ok';
}
