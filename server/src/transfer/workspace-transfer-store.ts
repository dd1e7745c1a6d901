/**
 * A workspace's rows read and written whole: the one store that spans every per-workspace table
 * (the update log and its snapshots, checkpoints, board views, history floor and purges, activity,
 * reminders fired, settings, clientID owners). Export reads them in one read transaction, so the
 * archive is the workspace as of one commit while the server keeps writing; import writes them in
 * the caller's transaction, so a workspace arrives whole or not at all.
 *
 * Row ids: update rows keep their order and their distances. An import shifts every row id, and
 * every reference to one (snapshot, checkpoint, view, floor, purge, activity entry, cursor), by a
 * single offset that puts the lowest of them above every id this database has used, so AUTOINCREMENT
 * keeps handing out larger ids afterwards and nothing points at another document's rows.
 */
import { type Database, engineOf } from '../persistence/engine/port.ts';
import type { ArchiveHistory, WorkspaceArchive } from './workspace-archive-schema.ts';

type Blob = Uint8Array;

/** The archive's history and extras with binary values as bytes (the schema has them as base64). */
export type StoredHistory = {
  updates: (Omit<ArchiveHistory['updates'][number], 'data'> & { data: Blob })[];
  snapshot: { uptoId: number; data: Blob; updatedAt: number } | null;
  checkpoints: { uptoId: number; data: Blob; createdAt: number }[];
  checkpointViews: ArchiveHistory['checkpointViews'];
  floor: ArchiveHistory['floor'];
  purges: ArchiveHistory['purges'];
  activity: ArchiveHistory['activity'];
  activityCursor: number | null;
};
export type StoredExtras = {
  settings: WorkspaceArchive['settings'];
  fired: WorkspaceArchive['fired'];
  syncClients: WorkspaceArchive['syncClients'];
};

export class WorkspaceTransferStore {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Whether workspace `id` has a stored document (one nobody opened yet has none). */
  hasDocument(id: string): boolean {
    return this.#db.prepare('SELECT 1 FROM updates WHERE document = ? LIMIT 1').get(id) !== undefined;
  }

  /** Everything stored for workspace `id`, as of one commit. */
  read(id: string): { history: StoredHistory; extras: StoredExtras } {
    const db = this.#db;
    return db.transaction(() => {
      const updates = db
        .prepare<
          [string],
          {
            id: number;
            data: Blob;
            received_at: number;
            client_id: number | null;
            user_id: string | null;
            connection_id: string | null;
          }
        >(
          'SELECT id, data, received_at, client_id, user_id, connection_id FROM updates WHERE document = ? ORDER BY id',
        )
        .all(id)
        .map((r) => ({
          id: r.id,
          data: r.data,
          receivedAt: r.received_at,
          clientId: r.client_id,
          userId: r.user_id,
          connectionId: r.connection_id,
        }));
      const snapshot = db
        .prepare<[string], { upto_id: number; data: Blob; updated_at: number }>(
          'SELECT upto_id, data, updated_at FROM snapshots WHERE document = ?',
        )
        .get(id);
      const checkpoints = db
        .prepare<[string], { upto_id: number; data: Blob; created_at: number }>(
          'SELECT upto_id, data, created_at FROM checkpoints WHERE document = ? ORDER BY upto_id',
        )
        .all(id)
        .map((r) => ({ uptoId: r.upto_id, data: r.data, createdAt: r.created_at }));
      const checkpointViews = db
        .prepare<[string], { upto_id: number; data: string }>(
          'SELECT upto_id, data FROM checkpoint_views WHERE document = ? ORDER BY upto_id',
        )
        .all(id)
        .map((r) => ({ uptoId: r.upto_id, data: r.data }));
      const floor = db
        .prepare<[string], { upto_id: number; since_at: number }>(
          'SELECT upto_id, since_at FROM history_floor WHERE document = ?',
        )
        .get(id);
      const purges = db
        .prepare<
          [string],
          { before_at: number; upto_id: number; rows_deleted: number; by_user: string | null; at: number }
        >(
          'SELECT before_at, upto_id, rows_deleted, by_user, at FROM history_purges WHERE document = ? ORDER BY id',
        )
        .all(id)
        .map((r) => ({
          beforeAt: r.before_at,
          uptoId: r.upto_id,
          rowsDeleted: r.rows_deleted,
          byUser: r.by_user,
          at: r.at,
        }));
      const activity = db
        .prepare<
          [string],
          {
            row_id: number;
            seq: number;
            kind: string;
            entity_id: string;
            task_id: string | null;
            project_id: string | null;
            actor_id: string | null;
            made_at: number | null;
            arrived_at: number;
            changes: string;
          }
        >(
          `SELECT row_id, seq, kind, entity_id, task_id, project_id, actor_id, made_at, arrived_at, changes
           FROM activity WHERE document = ? ORDER BY id`,
        )
        .all(id)
        .map((r) => ({
          rowId: r.row_id,
          seq: r.seq,
          kind: r.kind,
          entityId: r.entity_id,
          taskId: r.task_id,
          projectId: r.project_id,
          actorId: r.actor_id,
          madeAt: r.made_at,
          arrivedAt: r.arrived_at,
          changes: r.changes,
        }));
      const cursor = db
        .prepare<[string], { upto_id: number }>('SELECT upto_id FROM activity_cursor WHERE document = ?')
        .get(id);
      const settings = db
        .prepare<[string], { reminder_lead_ms: number; escalate_after_ms: number; time_zone: string }>(
          'SELECT reminder_lead_ms, escalate_after_ms, time_zone FROM automation_settings WHERE workspace_id = ?',
        )
        .get(id);
      const fired = db
        .prepare<
          [string],
          {
            task_id: string;
            kind: 'before' | 'at' | 'overdue' | 'occurrence';
            deadline_at: number;
            fired_at: number;
            fired_by: string;
            superseded: number;
          }
        >(
          'SELECT task_id, kind, deadline_at, fired_at, fired_by, superseded FROM fired WHERE workspace_id = ? ORDER BY rowid',
        )
        .all(id)
        .map((r) => ({
          taskId: r.task_id,
          kind: r.kind,
          deadlineAt: r.deadline_at,
          firedAt: r.fired_at,
          firedBy: r.fired_by,
          superseded: r.superseded !== 0,
        }));
      const syncClients = db
        .prepare<[string], { client_id: number; user_id: string; first_seen: number }>(
          'SELECT client_id, user_id, first_seen FROM sync_clients WHERE document = ? ORDER BY client_id',
        )
        .all(id)
        .map((r) => ({ clientId: r.client_id, userId: r.user_id, firstSeen: r.first_seen }));
      return {
        history: {
          updates,
          snapshot: snapshot
            ? { uptoId: snapshot.upto_id, data: snapshot.data, updatedAt: snapshot.updated_at }
            : null,
          checkpoints,
          checkpointViews,
          floor: floor ? { uptoId: floor.upto_id, sinceAt: floor.since_at } : null,
          purges,
          activity,
          activityCursor: cursor?.upto_id ?? null,
        },
        extras: {
          settings: settings
            ? {
                leadMs: settings.reminder_lead_ms,
                escalateAfterMs: settings.escalate_after_ms,
                timeZone: settings.time_zone,
              }
            : null,
          fired,
          syncClients,
        },
      };
    })();
  }

  /**
   * The amount to add to every row id of an archive whose lowest referenced id is `lowest`: after
   * it, the archive's ids start above every update id this database has handed out.
   */
  rowOffset(lowest: number): number {
    if (engineOf(this.#db) === 'postgres') {
      // The sequence is PostgreSQL's sqlite_sequence. Appends (from any process) wait for this
      // transaction, so none takes an id inside the range the import writes; write() then moves
      // the sequence past it.
      this.#db.exec('LOCK TABLE updates IN EXCLUSIVE MODE');
      const used = this.#db
        .prepare<[], { n: number | null }>(
          `SELECT GREATEST((SELECT MAX(id) FROM updates),
             (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM updates_id_seq)) AS n`,
        )
        .get()?.n;
      return (used ?? 0) + 1 - lowest;
    }
    const used = this.#db
      .prepare<[], { n: number | null }>(
        `SELECT MAX(n) AS n FROM (SELECT MAX(id) AS n FROM updates
           UNION ALL SELECT seq AS n FROM sqlite_sequence WHERE name = 'updates')`,
      )
      .get()?.n;
    return (used ?? 0) + 1 - lowest;
  }

  /** Writes an archive's rows as workspace `id`'s; the caller holds the transaction. */
  write(id: string, history: StoredHistory, extras: StoredExtras, offset: number): void {
    const db = this.#db;
    const at = (rowId: number) => rowId + offset;
    const putUpdate = db.prepare(
      `INSERT INTO updates (id, document, seq, data, received_at, client_id, user_id, connection_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Dense seqs from 1 in id order, and the head after them (update-log.ts, migration 13).
    let seq = 0;
    for (const u of history.updates) {
      seq += 1;
      putUpdate.run(at(u.id), id, seq, u.data, u.receivedAt, u.clientId, u.userId, u.connectionId);
    }
    if (seq > 0) db.prepare('INSERT INTO document_heads (document, head) VALUES (?, ?)').run(id, seq);
    // Explicit ids do not move PostgreSQL's sequence (SQLite's AUTOINCREMENT follows them itself).
    if (engineOf(db) === 'postgres' && history.updates.length > 0)
      db.prepare(`SELECT setval('updates_id_seq', (SELECT MAX(id) FROM updates))`).get();
    if (history.snapshot) {
      db.prepare('INSERT INTO snapshots (document, data, upto_id, updated_at) VALUES (?, ?, ?, ?)').run(
        id,
        history.snapshot.data,
        at(history.snapshot.uptoId),
        history.snapshot.updatedAt,
      );
    }
    const putCheckpoint = db.prepare(
      'INSERT INTO checkpoints (document, upto_id, data, created_at) VALUES (?, ?, ?, ?)',
    );
    for (const c of history.checkpoints) putCheckpoint.run(id, at(c.uptoId), c.data, c.createdAt);
    const putView = db.prepare('INSERT INTO checkpoint_views (document, upto_id, data) VALUES (?, ?, ?)');
    for (const v of history.checkpointViews) putView.run(id, at(v.uptoId), v.data);
    if (history.floor) {
      db.prepare('INSERT INTO history_floor (document, upto_id, since_at) VALUES (?, ?, ?)').run(
        id,
        at(history.floor.uptoId),
        history.floor.sinceAt,
      );
    }
    const putPurge = db.prepare(
      `INSERT INTO history_purges (document, before_at, upto_id, rows_deleted, by_user, at)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    for (const p of history.purges) putPurge.run(id, p.beforeAt, at(p.uptoId), p.rowsDeleted, p.byUser, p.at);
    const putEntry = db.prepare(
      `INSERT INTO activity
         (document, row_id, seq, kind, entity_id, task_id, project_id, actor_id, made_at, arrived_at, changes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const e of history.activity) {
      putEntry.run(
        id,
        at(e.rowId),
        e.seq,
        e.kind,
        e.entityId,
        e.taskId,
        e.projectId,
        e.actorId,
        e.madeAt,
        e.arrivedAt,
        e.changes,
      );
    }
    if (history.activityCursor !== null) {
      db.prepare('INSERT INTO activity_cursor (document, upto_id) VALUES (?, ?)').run(
        id,
        at(history.activityCursor),
      );
    }
    if (extras.settings) {
      db.prepare(
        `INSERT INTO automation_settings (workspace_id, reminder_lead_ms, escalate_after_ms, time_zone)
         VALUES (?, ?, ?, ?)`,
      ).run(id, extras.settings.leadMs, extras.settings.escalateAfterMs, extras.settings.timeZone);
    }
    const putFired = db.prepare(
      `INSERT INTO fired (workspace_id, task_id, kind, deadline_at, fired_at, fired_by, superseded)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const f of extras.fired) {
      putFired.run(id, f.taskId, f.kind, f.deadlineAt, f.firedAt, f.firedBy, f.superseded ? 1 : 0);
    }
    const putClient = db.prepare(
      'INSERT INTO sync_clients (document, client_id, user_id, first_seen) VALUES (?, ?, ?, ?)',
    );
    for (const s of extras.syncClients) putClient.run(id, s.clientId, s.userId, s.firstSeen);
    // The reminders projection has no rows for this workspace yet: built at its first load.
    db.prepare('INSERT OR IGNORE INTO schedule_stale (workspace_id) VALUES (?)').run(id);
  }
}
