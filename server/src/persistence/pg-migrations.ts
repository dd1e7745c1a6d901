/**
 * The PostgreSQL schema (issue 16): migrations.ts's versions, one for one, in PostgreSQL's words.
 * Same discipline: a migration is never edited once shipped, each runs in one transaction with its
 * `schema_migrations` row, and a new SQLite migration gets its PostgreSQL twin here under the same
 * number (pg-migrations.test.ts checks the two lists name the same versions).
 *
 * The translation, once for all: INTEGER → BIGINT (ids and ms timestamps pass 2^31); BLOB → BYTEA;
 * `COLLATE NOCASE` emails → CITEXT (case-insensitive equality and uniqueness, as in SQLite);
 * AUTOINCREMENT and rowid ids → BIGSERIAL (a sequence never hands out an id twice, even after the
 * rows are deleted: the property migration 1 asks of AUTOINCREMENT); `fired`, which SQLite orders
 * by its implicit rowid, gets a `rowid` column so the same SQL reads it; json_extract in the outbox
 * trigger → a plpgsql trigger on `->>`.
 *
 * Several processes may start at once on one database: the run holds an advisory lock, so one
 * migrates and the others find the work done.
 */
import type { Database } from './engine/port.ts';
import { LATEST_SCHEMA_VERSION } from './migrations.ts';

type Migration = { version: number; name: string; sql: string };

/** Any number, the same in every Taskflow: the advisory lock that serialises migration runs. */
const MIGRATION_LOCK = 16_0001;

export const PG_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'update log, snapshots, health',
    sql: `
      CREATE TABLE updates (
        id BIGSERIAL PRIMARY KEY,
        document TEXT NOT NULL,
        data BYTEA NOT NULL,
        received_at BIGINT NOT NULL,
        client_id BIGINT NULL
      );
      CREATE INDEX updates_document_id ON updates (document, id);
      CREATE TABLE snapshots (
        document TEXT PRIMARY KEY,
        data BYTEA NOT NULL,
        upto_id BIGINT NOT NULL,
        updated_at BIGINT NOT NULL
      );
      CREATE TABLE health (
        id BIGINT PRIMARY KEY CHECK (id = 1),
        checked_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'accounts, workspaces, memberships, invitations, sync clients',
    sql: `
      CREATE EXTENSION IF NOT EXISTS citext;
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email CITEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        time_zone TEXT NOT NULL DEFAULT 'UTC',
        created_at BIGINT NOT NULL
      );
      CREATE TABLE refresh_tokens (
        hash TEXT PRIMARY KEY,
        family_id TEXT NOT NULL,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        created_at BIGINT NOT NULL,
        family_expires_at BIGINT NOT NULL,
        used_at BIGINT,
        revoked_at BIGINT
      );
      CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
      CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);
      CREATE TABLE revoked_tokens (
        jti TEXT PRIMARY KEY,
        expires_at BIGINT NOT NULL
      );
      CREATE TABLE workspaces (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        deleted_at BIGINT
      );
      CREATE TABLE memberships (
        workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (workspace_id, user_id)
      );
      CREATE INDEX memberships_user ON memberships (user_id);
      CREATE TABLE invitations (
        id TEXT PRIMARY KEY,
        token_hash TEXT NOT NULL UNIQUE,
        workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
        email CITEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
        invited_by TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        accepted_at BIGINT,
        accepted_by TEXT,
        revoked_at BIGINT
      );
      CREATE INDEX invitations_workspace ON invitations (workspace_id);
      CREATE TABLE sync_clients (
        document TEXT NOT NULL,
        client_id BIGINT NOT NULL,
        user_id TEXT NOT NULL,
        first_seen BIGINT NOT NULL,
        PRIMARY KEY (document, client_id)
      );
      ALTER TABLE updates ADD COLUMN user_id TEXT;
    `,
  },
  {
    version: 3,
    name: 'entity index',
    sql: `
      CREATE TABLE entity_index (
        id TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('project', 'task')),
        PRIMARY KEY (id, workspace_id)
      );
      CREATE INDEX entity_index_workspace ON entity_index (workspace_id);
    `,
  },
  {
    version: 4,
    name: 'reminders, recurrence, notifications',
    sql: `
      CREATE TABLE task_schedule (
        workspace_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        project_id TEXT NOT NULL,
        title TEXT NOT NULL,
        deadline TEXT,
        deadline_at BIGINT,
        time_zone TEXT NOT NULL,
        assignee TEXT,
        created_by TEXT NOT NULL,
        done BIGINT NOT NULL,
        archived BIGINT NOT NULL,
        recurrence TEXT,
        recurrence_since BIGINT,
        next_reminder_at BIGINT,
        next_occurrence_at BIGINT,
        PRIMARY KEY (workspace_id, task_id)
      );
      CREATE INDEX task_schedule_next_reminder ON task_schedule (next_reminder_at)
        WHERE next_reminder_at IS NOT NULL;
      CREATE INDEX task_schedule_next_occurrence ON task_schedule (next_occurrence_at)
        WHERE next_occurrence_at IS NOT NULL;
      CREATE TABLE automation_settings (
        workspace_id TEXT PRIMARY KEY,
        reminder_lead_ms BIGINT NOT NULL,
        escalate_after_ms BIGINT NOT NULL,
        time_zone TEXT NOT NULL
      );
      CREATE TABLE fired (
        rowid BIGSERIAL,
        workspace_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('before', 'at', 'overdue', 'occurrence')),
        deadline_at BIGINT NOT NULL,
        fired_at BIGINT NOT NULL,
        fired_by TEXT NOT NULL,
        superseded BIGINT NOT NULL DEFAULT 0,
        UNIQUE (workspace_id, task_id, kind, deadline_at)
      );
      CREATE TABLE leases (
        name TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      );
      CREATE TABLE outbox (
        id BIGSERIAL PRIMARY KEY,
        idempotency_key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        user_id TEXT,
        payload TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        attempts BIGINT NOT NULL DEFAULT 0,
        next_attempt_at BIGINT,
        sent_at BIGINT,
        dead_at BIGINT,
        last_error TEXT,
        held_at BIGINT,
        skipped TEXT
      );
      CREATE INDEX outbox_due ON outbox (next_attempt_at)
        WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at IS NOT NULL;
      CREATE INDEX outbox_held ON outbox (user_id) WHERE held_at IS NOT NULL AND sent_at IS NULL;
      CREATE INDEX outbox_dead ON outbox (dead_at) WHERE dead_at IS NOT NULL;
      CREATE TABLE notification_prefs (
        user_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        email TEXT NOT NULL CHECK (email IN ('off', 'immediate', 'digest')),
        PRIMARY KEY (user_id, kind)
      );
      CREATE TABLE notifications (
        id BIGSERIAL PRIMARY KEY,
        user_id TEXT NOT NULL,
        dedupe_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        workspace_id TEXT,
        task_id TEXT,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        read_at BIGINT,
        UNIQUE (user_id, dedupe_key)
      );
      CREATE INDEX notifications_user ON notifications (user_id, id);
      CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;
      ALTER TABLE users ADD COLUMN time_zone_set BIGINT NOT NULL DEFAULT 0;
      ALTER TABLE outbox ADD COLUMN workspace_id TEXT;
      -- SQLite's AFTER INSERT trigger with json_extract, as a BEFORE trigger that sets the column.
      CREATE FUNCTION outbox_workspace() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.workspace_id IS NULL THEN
          NEW.workspace_id := NEW.payload::jsonb ->> 'workspaceId';
        END IF;
        RETURN NEW;
      END
      $$;
      CREATE TRIGGER outbox_workspace BEFORE INSERT ON outbox
        FOR EACH ROW EXECUTE FUNCTION outbox_workspace();
      CREATE INDEX outbox_workspace_dead ON outbox (workspace_id) WHERE dead_at IS NOT NULL;
      CREATE TABLE digest_days (
        user_id TEXT NOT NULL,
        day TEXT NOT NULL,
        PRIMARY KEY (user_id, day)
      );
      CREATE TABLE server_jobs (
        name TEXT PRIMARY KEY,
        done_at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 5,
    name: 'schedule projection survives crashes',
    sql: `
      CREATE TABLE schedule_stale (
        workspace_id TEXT PRIMARY KEY
      );
    `,
  },
  {
    version: 6,
    name: 'refresh tokens survive a browser crash',
    sql: `
      ALTER TABLE refresh_tokens ADD COLUMN parent_hash TEXT;
      ALTER TABLE refresh_tokens ADD COLUMN retired_at BIGINT;
      UPDATE refresh_tokens SET retired_at = used_at WHERE used_at IS NOT NULL;
      CREATE INDEX refresh_tokens_parent ON refresh_tokens (parent_hash);
    `,
  },
  {
    version: 7,
    name: 'history is kept',
    sql: `
      ALTER TABLE updates ADD COLUMN connection_id TEXT;
      CREATE INDEX updates_document_received ON updates (document, received_at, id);
      CREATE TABLE checkpoints (
        document TEXT NOT NULL,
        upto_id BIGINT NOT NULL,
        data BYTEA NOT NULL,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (document, upto_id)
      );
      CREATE TABLE history_floor (
        document TEXT PRIMARY KEY,
        upto_id BIGINT NOT NULL,
        since_at BIGINT NOT NULL
      );
      INSERT INTO checkpoints (document, upto_id, data, created_at)
        SELECT document, upto_id, data, updated_at FROM snapshots WHERE upto_id > 0;
      INSERT INTO history_floor (document, upto_id, since_at)
        SELECT document, upto_id, updated_at FROM snapshots WHERE upto_id > 0;
      CREATE TABLE activity (
        id BIGSERIAL PRIMARY KEY,
        document TEXT NOT NULL,
        row_id BIGINT NOT NULL,
        seq BIGINT NOT NULL,
        kind TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        task_id TEXT,
        project_id TEXT,
        actor_id TEXT,
        made_at BIGINT,
        arrived_at BIGINT NOT NULL,
        changes TEXT NOT NULL,
        UNIQUE (document, row_id, seq)
      );
      CREATE INDEX activity_document ON activity (document, arrived_at, id);
      CREATE INDEX activity_task ON activity (document, task_id, arrived_at, id);
      CREATE INDEX activity_entity ON activity (document, entity_id);
      CREATE TABLE activity_cursor (
        document TEXT PRIMARY KEY,
        upto_id BIGINT NOT NULL
      );
      CREATE TABLE history_purges (
        id BIGSERIAL PRIMARY KEY,
        document TEXT NOT NULL,
        before_at BIGINT NOT NULL,
        upto_id BIGINT NOT NULL,
        rows_deleted BIGINT NOT NULL,
        by_user TEXT,
        at BIGINT NOT NULL
      );
    `,
  },
  {
    version: 8,
    name: 'board views beside checkpoints',
    sql: `
      CREATE TABLE checkpoint_views (
        document TEXT NOT NULL,
        upto_id BIGINT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (document, upto_id)
      );
    `,
  },
  {
    version: 9,
    name: 'entity index knows sprints and worklogs',
    sql: `
      ALTER TABLE entity_index DROP CONSTRAINT entity_index_kind_check;
      ALTER TABLE entity_index ADD CONSTRAINT entity_index_kind_check
        CHECK (kind IN ('project', 'task', 'sprint', 'worklog'));
      ALTER TABLE entity_index DROP CONSTRAINT entity_index_pkey;
      ALTER TABLE entity_index ADD PRIMARY KEY (id, workspace_id, kind);
    `,
  },
  {
    version: 10,
    name: 'reminders name tasks by key',
    sql: `
      ALTER TABLE task_schedule ADD COLUMN task_key TEXT;
    `,
  },
  {
    version: 11,
    name: 'projection marks and task views',
    sql: `
      CREATE TABLE projection_marks (
        document TEXT NOT NULL,
        projection TEXT NOT NULL,
        upto_id BIGINT NOT NULL,
        PRIMARY KEY (document, projection)
      );
      CREATE TABLE task_views (
        workspace_id TEXT NOT NULL,
        task_id TEXT NOT NULL,
        assignee TEXT NULL,
        column_id TEXT NOT NULL,
        PRIMARY KEY (workspace_id, task_id)
      );
    `,
  },
  {
    version: 12,
    name: 'account links and email verification',
    sql: `
      CREATE TABLE account_tokens (
        id TEXT PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose TEXT NOT NULL CHECK (purpose IN ('password_reset', 'email_change', 'email_verify')),
        email CITEXT,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL,
        used_at BIGINT
      );
      CREATE INDEX account_tokens_user ON account_tokens (user_id, purpose);
      ALTER TABLE users ADD COLUMN email_unverified BIGINT NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 13,
    name: 'dense update seqs per document',
    sql: `
      ALTER TABLE updates ADD COLUMN seq BIGINT;
      CREATE TABLE document_heads (
        document TEXT PRIMARY KEY,
        head BIGINT NOT NULL
      );
      UPDATE updates SET seq = numbered.seq
        FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY document ORDER BY id) AS seq FROM updates) numbered
        WHERE numbered.id = updates.id;
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
        last_number BIGINT NOT NULL,
        PRIMARY KEY (document, project_id)
      );
      CREATE TABLE task_numbers (
        document TEXT NOT NULL,
        task_id TEXT NOT NULL,
        project_id TEXT NOT NULL,
        number BIGINT NOT NULL,
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
        created_at BIGINT NOT NULL
      );
      -- Who claimed an email (notifications/outbox.ts): a sender that takes over the lease from a
      -- process that died frees that process's claims at once instead of after their timeout.
      ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
    `,
  },
];

/** Runs every PostgreSQL migration not yet applied, up to `target`; returns the versions applied. */
export function runPgMigrations(
  db: Database,
  now: () => number = Date.now,
  target: number = LATEST_SCHEMA_VERSION,
): number[] {
  if ((PG_MIGRATIONS.at(-1)?.version ?? 0) !== LATEST_SCHEMA_VERSION)
    throw new Error(
      `PostgreSQL schema is at ${PG_MIGRATIONS.at(-1)?.version}, SQLite's at ${LATEST_SCHEMA_VERSION}: add the twin migration to pg-migrations.ts`,
    );
  db.prepare('SELECT pg_advisory_lock(?)').get(MIGRATION_LOCK);
  try {
    db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version BIGINT PRIMARY KEY,
      name TEXT NOT NULL,
      applied_at BIGINT NOT NULL
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
    for (const m of PG_MIGRATIONS) {
      if (m.version <= current || m.version > target) continue;
      db.transaction(() => {
        db.exec(m.sql);
        record.run(m.version, m.name, now());
      })();
      applied.push(m.version);
    }
    return applied;
  } finally {
    db.prepare('SELECT pg_advisory_unlock(?)').get(MIGRATION_LOCK);
  }
}
