/**
 * Migration 4 (reminders, recurrence, notifications) exactly as it shipped: frozen text, never
 * edited (migrations.ts). Its first part is the ticker's and the notification service's tables,
 * once built from constants in those feature folders; the storage layer now holds the SQL itself,
 * so changing a feature cannot change what an old database was migrated with.
 */
export const MIGRATION_4 = {
  version: 4,
  name: 'reminders, recurrence, notifications',
  sql: `
  -- One row per task that has a deadline or a recurrence rule. The document stays the truth; this
  -- is what the ticker queries, so its cost per tick follows the due rows, not the workspaces.
  CREATE TABLE task_schedule (
    workspace_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    title TEXT NOT NULL,
    deadline TEXT,                 -- the ISO day people set (YYYY-MM-DD)
    deadline_at INTEGER,           -- end of that day (23:59:59.999) in time_zone, ms since the epoch
    time_zone TEXT NOT NULL,       -- the assignee's zone, else the workspace's
    assignee TEXT,
    created_by TEXT NOT NULL,
    done INTEGER NOT NULL,         -- in the project's last live column
    archived INTEGER NOT NULL,     -- the task or its project is archived
    recurrence TEXT,               -- JSON rule (recurrence.ts), already validated
    recurrence_since INTEGER,      -- when this rule was first seen: nothing before it is "missed"
    next_reminder_at INTEGER,      -- earliest reminder of the chain not yet fired; NULL: none left
    next_occurrence_at INTEGER,    -- next occurrence not yet created; NULL: no rule or paused
    PRIMARY KEY (workspace_id, task_id)
  );
  -- Partial indexes: the ticker's two queries touch only rows with something pending.
  CREATE INDEX task_schedule_next_reminder ON task_schedule (next_reminder_at)
    WHERE next_reminder_at IS NOT NULL;
  CREATE INDEX task_schedule_next_occurrence ON task_schedule (next_occurrence_at)
    WHERE next_occurrence_at IS NOT NULL;

  -- Per-workspace ticker settings; a workspace without a row uses the defaults.
  CREATE TABLE automation_settings (
    workspace_id TEXT PRIMARY KEY,
    reminder_lead_ms INTEGER NOT NULL,
    escalate_after_ms INTEGER NOT NULL,
    time_zone TEXT NOT NULL
  );

  -- Every effect the ticker made, once. The unique key is the effect's identity: a reminder is
  -- (task, kind, deadline instant), so a new deadline is a new chain; an occurrence is
  -- (rule task, 'occurrence', occurrence instant). workspace_id is part of it because task ids
  -- are only unique within a workspace (see entity_index).
  CREATE TABLE fired (
    workspace_id TEXT NOT NULL,
    task_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('before', 'at', 'overdue', 'occurrence')),
    deadline_at INTEGER NOT NULL,  -- the deadline instant, or the occurrence instant
    fired_at INTEGER NOT NULL,
    fired_by TEXT NOT NULL,        -- the ticker's holder id, for post-mortems
    superseded INTEGER NOT NULL DEFAULT 0, -- recorded but not sent: a later step was due too
    UNIQUE (workspace_id, task_id, kind, deadline_at)
  );

  -- Named leases ("one ticker at a time"); the unique keys above stay the real guarantee.
  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );

      
  -- Emails to send, written in the same transaction as their cause. The sender claims due rows,
  -- sends, and marks them; idempotency_key makes enqueueing the same event twice a no-op and
  -- becomes the Message-ID, so a resend after a crash is recognisable as the same message.
  CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    user_id TEXT,                  -- NULL for mail to someone without an account (invitations)
    payload TEXT NOT NULL,         -- JSON, validated per kind when read (kinds.ts)
    created_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,   -- sends started, counted at claim: a crash counts too
    next_attempt_at INTEGER,       -- NULL while held for a digest
    sent_at INTEGER,
    dead_at INTEGER,
    last_error TEXT,
    held_at INTEGER,               -- waiting for the user's daily digest
    skipped TEXT                   -- why it was settled without sending (preference off)
  );
  CREATE INDEX outbox_due ON outbox (next_attempt_at)
    WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at IS NOT NULL;
  CREATE INDEX outbox_held ON outbox (user_id) WHERE held_at IS NOT NULL AND sent_at IS NULL;
  CREATE INDEX outbox_dead ON outbox (dead_at) WHERE dead_at IS NOT NULL;

  -- Which events a user wants by email, and how. No row: the kind's default (prefs.ts).
  CREATE TABLE notification_prefs (
    user_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    email TEXT NOT NULL CHECK (email IN ('off', 'immediate', 'digest')),
    PRIMARY KEY (user_id, kind)
  );

  -- The in-app list behind the bell. dedupe_key makes adding the same event twice a no-op.
  CREATE TABLE notifications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL,
    dedupe_key TEXT NOT NULL,
    kind TEXT NOT NULL,
    workspace_id TEXT,
    task_id TEXT,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    read_at INTEGER,
    UNIQUE (user_id, dedupe_key)
  );
  CREATE INDEX notifications_user ON notifications (user_id, id);
  CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

      -- users.time_zone defaults to 'UTC', which would hide the workspace's zone for people who never
      -- chose one: the ticker uses the user's zone only when they set it.
      ALTER TABLE users ADD COLUMN time_zone_set INTEGER NOT NULL DEFAULT 0;
      -- Which workspace a message is about, so its owners can see and retry its dead letter. Task
      -- payloads carry workspaceId; other kinds set the column when they are enqueued.
      ALTER TABLE outbox ADD COLUMN workspace_id TEXT;
      CREATE TRIGGER outbox_workspace AFTER INSERT ON outbox
        WHEN NEW.workspace_id IS NULL AND json_extract(NEW.payload, '$.workspaceId') IS NOT NULL
      BEGIN
        UPDATE outbox SET workspace_id = json_extract(NEW.payload, '$.workspaceId') WHERE id = NEW.id;
      END;
      CREATE INDEX outbox_workspace_dead ON outbox (workspace_id) WHERE dead_at IS NOT NULL;
      -- One digest a day per user (the day in their zone).
      CREATE TABLE digest_days (
        user_id TEXT NOT NULL,
        day TEXT NOT NULL,
        PRIMARY KEY (user_id, day)
      );
      -- One-off jobs done once per database (the schedule backfill after this migration).
      CREATE TABLE server_jobs (
        name TEXT PRIMARY KEY,
        done_at INTEGER NOT NULL
      );
    `,
};
