/**
 * Import: an archive (workspace-archive-schema.ts) becomes a NEW workspace owned by the caller, in
 * one SQLite transaction: the workspace row, its memberships and every history row exist together
 * or not at all. Nothing is loaded or seeded until that commit, so no client can see half of it.
 *
 * The file is checked before anything is written, and a file that fails any check is refused whole
 * (`ArchiveError`, a 400): every Yjs update, snapshot and checkpoint must decode and apply without
 * leaving anything parked; the document rebuilt from the history (the floor's checkpoint, then every
 * row) and the one rebuilt as a load would (the snapshot, then the rows after it) must both equal
 * `document.state`; every reference to a row must name one the file has (or its floor); the
 * document must be a workspace's, of a schema this server reads. What it does not check is who
 * wrote what: the archive is its owner's word for its history, as the source server was.
 *
 * Members are matched by email to accounts on this server and keep their role; the caller is the
 * owner whatever the file says. An email without an account here is skipped and reported (the
 * owner can invite them), never invited silently.
 */
import { schemaState } from '@taskflow/model';
import * as Y from 'yjs';
import type { Users } from '../accounts/users.ts';
import type { Workspaces } from '../accounts/workspaces.ts';
import type { Role } from '../auth/policy.ts';
import type { Atomically } from '../persistence/database.ts';
import { isConstraintViolation } from '../persistence/engine/errors.ts';
import type { WorkspaceArchive } from './workspace-archive-schema.ts';
import { documentState } from './workspace-export.ts';
import type { StoredHistory, WorkspaceTransferStore } from './workspace-transfer-store.ts';

/** A file that is well-formed JSON of the right shape but not a workspace this server can take. */
export class ArchiveError extends Error {
  override name = 'ArchiveError';
}

export type ImportDeps = {
  store: WorkspaceTransferStore;
  workspaces: Pick<Workspaces, 'create' | 'setRole'>;
  users: Pick<Users, 'idByEmail'>;
  atomically: Atomically;
};

export type ImportReport = {
  workspace: { id: string; name: string; role: 'owner' };
  members: {
    added: { email: string; role: Role }[];
    skipped: { email: string; role: Role; reason: string }[];
  };
  updates: number;
  activity: number;
  documentBytes: number;
};

const bytes = (b64: string) => new Uint8Array(Buffer.from(b64, 'base64'));

export function importWorkspace(
  deps: ImportDeps,
  archive: WorkspaceArchive,
  caller: { id: string; email: string },
): ImportReport {
  const decoded = decodeHistory(archive);
  const state = checkDocument(archive, decoded);
  const history = withPeopleOf(deps, archive, decoded);
  const members = planMembers(deps, archive, caller);
  const lowest = Math.min(
    ...history.updates.map((u) => u.id),
    ...(history.floor ? [history.floor.uptoId] : []),
    ...(history.snapshot ? [history.snapshot.uptoId] : []),
  );
  const id = writeAll(() => {
    const w = deps.workspaces.create(archive.workspace.name, caller.id);
    for (const m of members.added) {
      deps.workspaces.setRole(w.id, m.userId, m.role);
    }
    deps.store.write(
      w.id,
      history,
      {
        settings: archive.settings,
        fired: archive.fired,
        syncClients: archive.syncClients.map((s) => ({ ...s, userId: history.person(s.userId) })),
      },
      deps.store.rowOffset(lowest),
    );
    return w.id;
  }, deps.atomically);
  return {
    workspace: { id, name: archive.workspace.name, role: 'owner' },
    members: { added: members.added.map(({ email, role }) => ({ email, role })), skipped: members.skipped },
    updates: history.updates.length,
    activity: history.activity.length,
    documentBytes: state.byteLength,
  };
}

/**
 * The history with each person the file names by email given this server's account id for that
 * email; someone without an account here keeps the source's id (shown as a former member).
 */
function withPeopleOf(
  deps: Pick<ImportDeps, 'users'>,
  archive: WorkspaceArchive,
  h: StoredHistory,
): StoredHistory & { person: (id: string) => string } {
  const here = new Map<string, string>();
  for (const p of archive.people) {
    const id = deps.users.idByEmail(p.email);
    if (id !== undefined) here.set(p.userId, id);
  }
  const person = (id: string) => here.get(id) ?? id;
  const maybe = (id: string | null) => (id === null ? null : person(id));
  return {
    ...h,
    updates: h.updates.map((u) => ({ ...u, userId: maybe(u.userId) })),
    activity: h.activity.map((a) => ({ ...a, actorId: maybe(a.actorId) })),
    purges: h.purges.map((p) => ({ ...p, byUser: maybe(p.byUser) })),
    person,
  };
}

/**
 * Runs the import's one transaction. A file can pass every check and still name the same row twice
 * (two activity entries at one position, one clientID twice): the database's keys refuse it and
 * the whole transaction rolls back, the workspace row with it.
 */
function writeAll<T>(fn: () => T, atomically: Atomically): T {
  try {
    return atomically(fn);
  } catch (error) {
    if (isConstraintViolation(error)) {
      throw new ArchiveError('The file holds the same history row twice.');
    }
    throw error;
  }
}

function decodeHistory(archive: WorkspaceArchive): StoredHistory {
  const h = archive.history;
  return {
    updates: h.updates.map((u) => ({ ...u, data: bytes(u.data) })),
    snapshot: h.snapshot && { ...h.snapshot, data: bytes(h.snapshot.data) },
    checkpoints: h.checkpoints.map((c) => ({ ...c, data: bytes(c.data) })),
    checkpointViews: h.checkpointViews,
    floor: h.floor,
    purges: h.purges,
    activity: h.activity,
    activityCursor: h.activityCursor,
  };
}

/** Applies `update` to `doc`, or says which part of the file is not a Yjs update. */
function apply(doc: Y.Doc, update: Uint8Array, what: string): void {
  try {
    // Into a scratch document only: garbled bytes that throw halfway leave nothing behind.
    Y.applyUpdate(doc, update);
  } catch {
    throw new ArchiveError(`${what} is not a valid Yjs update.`);
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    throw new ArchiveError(`${what} refers to changes the file does not have.`);
  }
}

function encoded(parts: { data: Uint8Array; what: string }[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    for (const p of parts) apply(doc, p.data, p.what);
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

/** Checks the history against the document state; returns the state. */
function checkDocument(archive: WorkspaceArchive, h: StoredHistory): Uint8Array {
  const ids = new Set<number>();
  let previous = 0;
  for (const u of h.updates) {
    if (u.id <= previous) throw new ArchiveError('The history rows are not in increasing id order.');
    previous = u.id;
    ids.add(u.id);
  }
  if (h.updates.length === 0) throw new ArchiveError('The file holds no document history.');
  const floor = h.floor?.uptoId;
  const known = (id: number) => ids.has(id) || id === floor;
  const refs = [
    ...(h.snapshot ? [h.snapshot.uptoId] : []),
    ...h.checkpoints.map((c) => c.uptoId),
    ...h.checkpointViews.map((v) => v.uptoId),
    ...h.purges.map((p) => p.uptoId),
    ...h.activity.map((a) => a.rowId),
    ...(h.activityCursor === null ? [] : [h.activityCursor]),
  ];
  if (refs.some((r) => !known(r)))
    throw new ArchiveError('The history refers to rows the file does not have.');
  if (floor !== undefined && (!h.snapshot || ids.has(floor) || [...ids].some((id) => id <= floor))) {
    throw new ArchiveError('The history floor does not match its rows.');
  }
  for (const a of h.activity) {
    if (!isJsonArray(a.changes)) throw new ArchiveError('An activity entry’s changes are not a JSON array.');
  }
  for (const v of h.checkpointViews) {
    if (!isJsonObject(v.data)) throw new ArchiveError('A board view is not a JSON object.');
  }
  checkpointsApply(h);

  const given = bytes(archive.document.state);
  const doc = new Y.Doc();
  let state: Uint8Array;
  try {
    apply(doc, given, 'The document state');
    const schema = schemaState(doc);
    if (schema === 'unseeded') throw new ArchiveError('The document is not a Taskflow workspace.');
    if (schema === 'newer')
      throw new ArchiveError('The document was written by a newer Taskflow; upgrade first.');
    state = Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
  const base = floor === undefined ? undefined : h.checkpoints.find((c) => c.uptoId === floor);
  if (floor !== undefined && !base) throw new ArchiveError('The checkpoint history starts from is missing.');
  const replayed = encoded([
    ...(base ? [{ data: base.data, what: 'A checkpoint' }] : []),
    ...h.updates.map((u) => ({ data: u.data, what: `History row ${u.id}` })),
  ]);
  if (!same(replayed, state)) throw new ArchiveError('The document state does not match its history.');
  let loaded: Uint8Array;
  try {
    loaded = documentState(h);
  } catch {
    throw new ArchiveError('The snapshot is not a valid Yjs update.');
  }
  if (!same(loaded, state)) throw new ArchiveError('The snapshot does not match the history.');
  return state;
}

function checkpointsApply(h: StoredHistory): void {
  for (const c of h.checkpoints) encoded([{ data: c.data, what: `The checkpoint at row ${c.uptoId}` }]);
}

function isJsonArray(text: string): boolean {
  try {
    return Array.isArray(JSON.parse(text));
  } catch {
    return false;
  }
}

function isJsonObject(text: string): boolean {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v);
  } catch {
    return false;
  }
}

function planMembers(
  deps: Pick<ImportDeps, 'users'>,
  archive: WorkspaceArchive,
  caller: { id: string; email: string },
): { added: { email: string; role: Role; userId: string }[]; skipped: ImportReport['members']['skipped'] } {
  const added: { email: string; role: Role; userId: string }[] = [];
  const skipped: ImportReport['members']['skipped'] = [];
  const seen = new Set<string>([caller.email.toLowerCase()]);
  for (const m of archive.members) {
    const key = m.email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    const userId = deps.users.idByEmail(m.email);
    if (userId === undefined || userId === caller.id) {
      if (userId === undefined)
        skipped.push({ email: m.email, role: m.role, reason: 'no account on this server' });
      continue;
    }
    added.push({ email: m.email, role: m.role, userId });
  }
  return { added, skipped };
}
