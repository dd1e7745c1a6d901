/**
 * Versioned schema migrations, run in order at start. A migration is never edited once shipped:
 * add a new one. Each runs in its own transaction together with its `schema_migrations` row, so
 * a crash mid-migration leaves the database at the previous version.
 */
import type { Database } from './engine/port.ts';
import { MIGRATION_4 } from './migration-4.ts';

type Migration = { version: number; name: string; sql: string };

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'update log, snapshots, health',
    sql: `
      -- Append-only: one row per Yjs update the server accepted, written before the ack.
      -- AUTOINCREMENT: ids must never be reused. Compaction can empty the table, and a plain
      -- INTEGER PRIMARY KEY would then hand out ids at or below the snapshot's upto_id, rows
      -- that loading (id > upto_id) would skip.
      CREATE TABLE updates (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        document TEXT NOT NULL,
        data BLOB NOT NULL,
        received_at INTEGER NOT NULL, -- server receive time, ms since the epoch
        client_id INTEGER NULL        -- the Yjs clientID when the update has exactly one author
      );
      CREATE INDEX updates_document_id ON updates (document, id);
      -- The merged state of every update of a document up to and including upto_id.
      CREATE TABLE snapshots (
        document TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        upto_id INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      -- One row that /readyz rewrites to prove the database takes writes.
      CREATE TABLE health (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        checked_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'accounts, workspaces, memberships, invitations, sync clients',
    sql: `
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        time_zone TEXT NOT NULL DEFAULT 'UTC',
        created_at INTEGER NOT NULL
      );
      -- Opaque refresh tokens, stored only as SHA-256 hashes; a family is one login.
      CREATE TABLE refresh_tokens (
        hash TEXT PRIMARY KEY,
        family_id TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        family_expires_at INTEGER NOT NULL,
        used_at INTEGER,
        revoked_at INTEGER
      );
      CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
      CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
      -- Access tokens revoked before they expire (logout); pruned after expiry.
      CREATE TABLE revoked_tokens (
        jti TEXT PRIMARY KEY,
        expires_at INTEGER NOT NULL
      );
      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        deleted_at INTEGER
      );
      CREATE TABLE memberships (
        workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, user_id)
      );
      CREATE INDEX memberships_user ON memberships (user_id);
      CREATE TABLE invitations (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        email TEXT NOT NULL COLLATE NOCASE,
        role TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
        invited_by TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        accepted_at INTEGER,
        accepted_by TEXT,
        revoked_at INTEGER
      );
      CREATE INDEX invitations_workspace ON invitations (workspace_id);
      -- Which Yjs clientIDs belong to whom, learned on first sight per document: an update that
      -- carries another user's clientID is refused.
      CREATE TABLE sync_clients (
        document TEXT NOT NULL,
        client_id INTEGER NOT NULL,
        user_id TEXT NOT NULL,
        first_seen INTEGER NOT NULL,
        PRIMARY KEY (document, client_id)
      );
      -- The user who sent each stored update: the basis of the audit trail.
      ALTER TABLE updates ADD COLUMN user_id TEXT;
    `,
  },
  {
    version: 3,
    name: 'entity index',
    sql: `
      -- Which workspace document holds a project or task, so REST can find it by id without
      -- loading documents. A projection of the documents (filled as they change); the document
      -- stays the truth. Keyed by (id, workspace): seeded ids such as the project "first" repeat
      -- in every workspace, and a member could copy an id into another workspace.
      CREATE TABLE entity_index (
        id TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('project', 'task')),
        PRIMARY KEY (id, workspace_id)
      );
      CREATE INDEX entity_index_workspace ON entity_index (workspace_id);
    `,
  },
  MIGRATION_4,
  {
    version: 5,
    name: 'schedule projection survives crashes',
    sql: `
      -- A workspace whose stored updates are not yet in task_schedule. Marked in the transaction
      -- that appends the update, cleared by the projection, re-projected at start: a crash inside
      -- the projection's debounce loses no reminder.
      CREATE TABLE schedule_stale (
        workspace_id TEXT PRIMARY KEY
      );
    `,
  },
  {
    version: 6,
    name: 'refresh tokens survive a browser crash',
    sql: `
      -- A rotated refresh token is retired when its successor is first presented (or when a
      -- replay supersedes a successor that never arrived), not when it is rotated; parent_hash
      -- links a successor to the token it replaced (auth/refresh-tokens.ts).
      ALTER TABLE refresh_tokens ADD COLUMN parent_hash TEXT;
      ALTER TABLE refresh_tokens ADD COLUMN retired_at INTEGER;
      -- Tokens rotated before this migration have no recorded successor: retired, as they were.
      UPDATE refresh_tokens SET retired_at = used_at WHERE used_at IS NOT NULL;
      CREATE INDEX refresh_tokens_parent ON refresh_tokens (parent_hash);
    `,
  },
  {
    version: 7,
    name: 'history is kept',
    sql: `
      -- Every accepted update is kept (issue 10): compaction writes snapshots and checkpoints and
      -- never deletes. connection_id names the connection an update came by (a socket, or 'rest').
      ALTER TABLE updates ADD COLUMN connection_id TEXT;
      CREATE INDEX updates_document_received ON updates (document, received_at, id);
      -- The document's full state after row upto_id, every few thousand rows: the board as of any
      -- moment is the newest checkpoint at or before it plus the rows after it.
      CREATE TABLE checkpoints (
        document TEXT NOT NULL,
        upto_id INTEGER NOT NULL,
        data BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (document, upto_id)
      );
      -- Where a document's history starts: rows up to upto_id are gone (compacted away before this
      -- migration, or purged), and their state is the checkpoint at upto_id, as of since_at.
      CREATE TABLE history_floor (
        document TEXT PRIMARY KEY,
        upto_id INTEGER NOT NULL,
        since_at INTEGER NOT NULL
      );
      -- Until now compaction deleted the rows a snapshot held: that snapshot is where history starts.
      INSERT INTO checkpoints (document, upto_id, data, created_at)
        SELECT document, upto_id, data, updated_at FROM snapshots WHERE upto_id > 0;
      INSERT INTO history_floor (document, upto_id, since_at)
        SELECT document, upto_id, updated_at FROM snapshots WHERE upto_id > 0;
      -- The activity projection: field-level entries per stored update, written in the transaction
      -- that appends the update. (document, row_id, seq) is unique, so replaying a row twice
      -- cannot duplicate its entries. made_at is the maker's clock (the model's stamps), arrived_at
      -- the server's; changes is a JSON array of {field, from, to}.
      CREATE TABLE activity (
        id INTEGER PRIMARY KEY,
        document TEXT NOT NULL,
        row_id INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        task_id TEXT,
        project_id TEXT,
        actor_id TEXT,
        made_at INTEGER,
        arrived_at INTEGER NOT NULL,
        changes TEXT NOT NULL,
        UNIQUE (document, row_id, seq)
      );
      CREATE INDEX activity_document ON activity (document, arrived_at, id);
      CREATE INDEX activity_task ON activity (document, task_id, arrived_at, id);
      CREATE INDEX activity_entity ON activity (document, entity_id);
      -- The newest update row whose entries are in activity, per document (the backfill's cursor).
      CREATE TABLE activity_cursor (
        document TEXT PRIMARY KEY,
        upto_id INTEGER NOT NULL
      );
      -- Purges of old history are history too.
      CREATE TABLE history_purges (
        id INTEGER PRIMARY KEY,
        document TEXT NOT NULL,
        before_at INTEGER NOT NULL,
        upto_id INTEGER NOT NULL,
        rows_deleted INTEGER NOT NULL,
        by_user TEXT,
        at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 8,
    name: 'board views beside checkpoints',
    sql: `
      -- The board at a checkpoint as flat records (JSON, @taskflow/model flat-state.ts): the board
      -- as of a moment is this rolled forward by the activity entries after it, instead of the
      -- checkpoint's Yjs state applied (most of a second at 10,000 tasks). Made when the checkpoint
      -- is, or on first need; always rebuildable from the checkpoint.
      CREATE TABLE checkpoint_views (
        document TEXT NOT NULL,
        upto_id INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (document, upto_id)
      );
    `,
  },
  {
    version: 9,
    name: 'entity index knows sprints and worklogs',
    sql: `
      -- REST finds sprints and worklogs by id too. The kind joins the key: ids of different kinds
      -- live in different maps of a document, so a client naming a sprint like a task must not
      -- hide either from lookups.
      CREATE TABLE entity_index_v9 (
        id TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('project', 'task', 'sprint', 'worklog')),
        PRIMARY KEY (id, workspace_id, kind)
      );
      INSERT INTO entity_index_v9 (id, workspace_id, kind) SELECT id, workspace_id, kind FROM entity_index;
      DROP TABLE entity_index;
      ALTER TABLE entity_index_v9 RENAME TO entity_index;
      CREATE INDEX entity_index_workspace ON entity_index (workspace_id);
    `,
  },
  {
    version: 10,
    name: 'reminders name tasks by key',
    sql: `
      -- The task's final key (WEB-12), so reminders and escalations name it as people do; null
      -- until the server has numbered the task. The next projection of each workspace fills it.
      ALTER TABLE task_schedule ADD COLUMN task_key TEXT;
    `,
  },
  {
    version: 11,
    name: 'projection marks and task views',
    sql: `
      -- The newest update row each projection of a document was built from (persistence/
      -- projection-marks.ts): a load skips rebuilding a projection whose mark is the newest row.
      CREATE TABLE projection_marks (
        document TEXT NOT NULL,
        projection TEXT NOT NULL,
        upto_id INTEGER NOT NULL,
        PRIMARY KEY (document, projection)
      );
      -- Each task's assignee and column as of the mark 'task-views': what a notification compares
      -- an edit against (notifications/task-views.ts), kept in the update's own transaction.
      CREATE TABLE task_views (
        workspace_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        assignee TEXT NULL,
        column_id TEXT NOT NULL,
        PRIMARY KEY (workspace_id, task_id)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 12,
    name: 'account links and email verification',
    sql: `
      -- Single-use links mailed for account self-service (accounts/account-tokens.ts): a password
      -- reset, an email change (to \`email\`) or a sign-up's verification. Only the SHA-256 of the
      -- token is kept; the token itself is derived from \`id\` with a secret outside the database.
      CREATE TABLE account_tokens (
        id TEXT PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose TEXT NOT NULL CHECK (purpose IN ('password_reset', 'email_change', 'email_verify')),
        email TEXT,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
      CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);
      -- 1 while a sign-up made under REQUIRE_EMAIL_VERIFICATION has not followed its link; accounts
      -- made before (or without) the requirement are never locked out by it.
      ALTER TABLE users ADD COLUMN email_unverified INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 13,
    name: 'dense update seqs per document',
    sql: `
      -- Each update's position in its document's log: 1, 2, 3, ... with no holes, given out in
      -- commit order under the document's head row (update-log.ts). Several processes follow a
      -- document by it (issue 16, cluster/doc-bus.ts): "after seq n" misses nothing, where "after
      -- id n" could skip an id that commits after a higher one. Existing rows are numbered in id
      -- order from 1 (over the rows kept, where a purge removed older ones: a follower only reads
      -- after the seq its loaded copy covers). The head row is the document's last seq.
      ALTER TABLE updates ADD COLUMN seq INTEGER;
      CREATE TABLE document_heads (
        document TEXT PRIMARY KEY,
        head INTEGER NOT NULL
      );
      CREATE TEMP TABLE seq_backfill (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
      INSERT INTO seq_backfill (id, seq)
        SELECT id, ROW_NUMBER() OVER (PARTITION BY document ORDER BY id) FROM updates;
      UPDATE updates SET seq = seq_backfill.seq FROM seq_backfill WHERE seq_backfill.id = updates.id;
      DROP TABLE seq_backfill;
      INSERT INTO document_heads (document, head) SELECT document, MAX(seq) FROM updates GROUP BY document;
      CREATE UNIQUE INDEX updates_document_seq ON updates (document, seq);
    `,
  },
  {
    version: 14,
    name: 'task numbers from the database',
    sql: `
      -- Task numbers given by the database (issue 16, docs/SCALE-OUT.md "Task numbering across
      -- instances"): with several processes on one document, each number comes from here, keyed by
      -- the task, so the same task always gets the same number and no number is given twice. Per
      -- project, as keys are (WEB-12). The counter starts from the project's last number in the
      -- document the first time a number is asked for. SQLite's one process numbers in the document
      -- (max + 1) and leaves these empty; they exist on both engines so the schemas stay twins.
      CREATE TABLE task_number_counters (
        document TEXT NOT NULL,
        project_id TEXT NOT NULL,
        last_number INTEGER NOT NULL,
        PRIMARY KEY (document, project_id)
      );
      CREATE TABLE task_numbers (
        document TEXT NOT NULL,
        task_id TEXT NOT NULL,
        project_id TEXT NOT NULL,
        number INTEGER NOT NULL,
        PRIMARY KEY (document, task_id),
        UNIQUE (document, project_id, number)
      );
    `,
  },
  {
    version: 15,
    name: 'secrets shared by every process',
    sql: `
      -- The token-signing key and the unsubscribe secret where every process finds them (issue 16):
      -- on PostgreSQL the first process to start writes them (INSERT … ON CONFLICT DO NOTHING, then
      -- everyone reads the row that won). SQLite keeps them as files in DATA_DIR and leaves this empty.
      CREATE TABLE shared_secrets (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        created_at INTEGER NOT NULL
      );
      -- Who claimed an email (notifications/outbox.ts): a sender that takes over the lease from a
      -- process that died frees that process's claims at once instead of after their timeout.
      ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;

/** Runs every migration not yet applied, up to `target` (tests build older databases with it). */
export function runMigrations(
  db: Database,
  now: () => number = Date.now,
  target: number = LATEST_SCHEMA_VERSION,
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const current =
    (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  if (current > LATEST_SCHEMA_VERSION) {
    throw new Error(
      `The database is at schema version ${current}, newer than this Taskflow knows (${LATEST_SCHEMA_VERSION}). Upgrade Taskflow.`,
    );
  }
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const m of MIGRATIONS) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.sql);
      record.run(m.version, m.name, now());
    })();
    applied.push(m.version);
  }
  return applied;
}
