/**
 * Tables of the notification service, as SQL; migration 4 (persistence/migrations.ts) creates them.
 */

export const NOTIFICATIONS_SCHEMA = `
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
`;
