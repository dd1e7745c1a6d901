/**
 * Tables of the ticker, as SQL; migration 4 (persistence/migrations.ts) creates them. Everything
 * here is either a projection of the workspace documents (task_schedule, rebuilt whenever a
 * document is stored) or bookkeeping that makes each effect happen once (fired, leases).
 */

export const AUTOMATIONS_SCHEMA = `
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
`;
