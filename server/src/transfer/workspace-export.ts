/**
 * Export: a workspace as one archive (workspace-archive-schema.ts), read from storage in one read
 * transaction, never from the loaded copy: what is on disk is what was acknowledged, and reading it
 * writes nothing. The document state is the stored state re-encoded by Yjs
 * (`Y.encodeStateAsUpdate`), which is deterministic for a given content: the same workspace
 * exported twice, or exported again after an import, gives the same bytes.
 */
import * as Y from 'yjs';
import type { Users } from '../accounts/users.ts';
import type { Workspaces } from '../accounts/workspaces.ts';
import { LATEST_SCHEMA_VERSION } from '../persistence/migrations.ts';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION, type WorkspaceArchive } from './workspace-archive-schema.ts';
import type { StoredExtras, StoredHistory, WorkspaceTransferStore } from './workspace-transfer-store.ts';

export type ExportDeps = {
  store: WorkspaceTransferStore;
  workspaces: Pick<Workspaces, 'get' | 'members'>;
  users: Pick<Users, 'get'>;
  now: () => number;
};

const b64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export function exportWorkspace(deps: ExportDeps, workspaceId: string): WorkspaceArchive | undefined {
  const workspace = deps.workspaces.get(workspaceId);
  if (!workspace) return undefined;
  const { history, extras } = deps.store.read(workspaceId);
  return {
    format: ARCHIVE_FORMAT,
    version: ARCHIVE_VERSION,
    exportedAt: new Date(deps.now()).toISOString(),
    source: { workspaceId, schemaVersion: LATEST_SCHEMA_VERSION },
    workspace: { name: workspace.name, createdAt: workspace.createdAt },
    settings: extras.settings,
    members: deps.workspaces
      .members(workspaceId)
      .map((m) => ({ email: m.email, name: m.name, role: m.role })),
    people: peopleNamed(deps, history, extras),
    document: { state: b64(documentState(history)) },
    history: {
      updates: history.updates.map((u) => ({ ...u, data: b64(u.data) })),
      snapshot: history.snapshot && { ...history.snapshot, data: b64(history.snapshot.data) },
      checkpoints: history.checkpoints.map((c) => ({ ...c, data: b64(c.data) })),
      checkpointViews: history.checkpointViews,
      floor: history.floor,
      purges: history.purges,
      activity: history.activity,
      activityCursor: history.activityCursor,
    },
    fired: extras.fired,
    syncClients: extras.syncClients,
  };
}

/** Everyone the history names who has an account here, by email (import maps them by it). */
function peopleNamed(
  deps: Pick<ExportDeps, 'users'>,
  history: StoredHistory,
  extras: StoredExtras,
): WorkspaceArchive['people'] {
  const ids = new Set<string>();
  for (const u of history.updates) if (u.userId !== null) ids.add(u.userId);
  for (const a of history.activity) if (a.actorId !== null) ids.add(a.actorId);
  for (const p of history.purges) if (p.byUser !== null) ids.add(p.byUser);
  for (const s of extras.syncClients) ids.add(s.userId);
  const people: WorkspaceArchive['people'] = [];
  for (const id of ids) {
    const user = deps.users.get(id);
    if (user) people.push({ userId: id, email: user.email, name: user.name });
  }
  return people;
}

/** The document as a load builds it (snapshot, then the rows after it), encoded by Yjs. */
export function documentState(history: Pick<StoredHistory, 'snapshot' | 'updates'>): Uint8Array {
  const doc = new Y.Doc();
  try {
    const from = history.snapshot?.uptoId ?? 0;
    if (history.snapshot) Y.applyUpdate(doc, history.snapshot.data);
    for (const u of history.updates) if (u.id > from) Y.applyUpdate(doc, u.data);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}
