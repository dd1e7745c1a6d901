/** Workspace archives made in tests: a freshly seeded workspace, and the building blocks of hostile ones. */
import { seedWorkspace } from '@taskflow/model';
import * as Y from 'yjs';
import type { WorkspaceArchive } from '../../src/transfer/workspace-archive-schema.ts';

export const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** The archive of a workspace nobody has edited yet: its seed as the one history row. */
export function seededArchive(name = 'Imported'): WorkspaceArchive {
  const doc = new Y.Doc();
  seedWorkspace(doc, { workspaceId: 'elsewhere', now: () => Date.UTC(2026, 0, 1) });
  const update = Y.encodeStateAsUpdate(doc);
  const at = Date.UTC(2026, 0, 1);
  doc.destroy();
  return {
    format: 'taskflow-workspace',
    version: 1,
    exportedAt: new Date(at).toISOString(),
    source: { workspaceId: 'elsewhere', schemaVersion: 1 },
    workspace: { name, createdAt: at },
    settings: null,
    members: [],
    people: [],
    document: { state: b64(update) },
    history: {
      updates: [
        { id: 1, data: b64(update), receivedAt: at, clientId: null, userId: null, connectionId: null },
      ],
      snapshot: null,
      checkpoints: [],
      checkpointViews: [],
      floor: null,
      purges: [],
      activity: [],
      activityCursor: null,
    },
    fired: [],
    syncClients: [],
  };
}
