/**
 * The workspace archive: one JSON file holding a whole workspace (issue 15, "export a workspace as
 * one file"). Binary values (Yjs updates, snapshots, checkpoints) are base64 strings; the activity
 * entries' field changes stay the JSON text they are stored as, so the file nests four levels at
 * most (the REST body's nesting limit is 16). Versioned: a reader refuses a version it does not know.
 *
 * What it holds, and why each part:
 * - `document.state`: the workspace document (Y.encodeStateAsUpdate of the stored state). The
 *   importer rebuilds it from the history below and refuses a file where the two disagree.
 * - `history`: every kept update row with who sent it, when it arrived and by which connection;
 *   the load snapshot, the checkpoints and their board views; where history starts (the floor)
 *   and the purges recorded; the activity entries and the projection's cursor. Row ids are the
 *   source server's; the importer shifts them all by one offset, so every reference keeps its row.
 * - `members` by email and role; `workspace` (name) and `settings` (reminder lead time, escalation
 *   delay, time zone); `fired` (reminders already sent, so none is sent twice) and `syncClients`
 *   (which Yjs clientIDs belong to whom).
 * - `people`: email and name of everyone the history names (members and former members), so the
 *   importer can name the same people by this server's account ids in the history it stores.
 * People's ids inside the document (authors, assignees) are the source server's, kept as they are:
 * rewriting them would change the document's bytes.
 */
import { LIMITS } from '@taskflow/model';
import { z } from 'zod';
import { ROLES } from '../auth/policy.ts';

export const ARCHIVE_FORMAT = 'taskflow-workspace';
export const ARCHIVE_VERSION = 1;

const base64 = z
  .string()
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
  .refine((s) => s.length % 4 === 0, 'must be base64 (a multiple of 4 characters)');
const rowId = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const instant = z.number().int().min(0).max(8.64e15);
const text = z.string().max(1_000);

const update = z
  .object({
    id: rowId.min(1),
    data: base64,
    receivedAt: instant,
    clientId: z.number().int().nullable(),
    userId: text.nullable(),
    connectionId: text.nullable(),
  })
  .strict();

const activityEntry = z
  .object({
    rowId,
    seq: z.number().int().min(0),
    kind: text,
    entityId: text,
    taskId: text.nullable(),
    projectId: text.nullable(),
    actorId: text.nullable(),
    madeAt: instant.nullable(),
    arrivedAt: instant,
    /** The stored JSON text of the entry's field changes. */
    changes: z.string().max(10_000_000),
  })
  .strict();

export const workspaceArchiveSchema = z
  .object({
    format: z.literal(ARCHIVE_FORMAT, {
      error: `not a Taskflow workspace export ("format" must be "${ARCHIVE_FORMAT}")`,
    }),
    version: z.literal(ARCHIVE_VERSION, {
      error: `an archive version this server does not read (it reads version ${ARCHIVE_VERSION})`,
    }),
    exportedAt: z.iso.datetime(),
    source: z.object({ workspaceId: text, schemaVersion: z.number().int().min(0) }).strict(),
    // The same bounds as a workspace created over REST.
    workspace: z.object({ name: z.string().trim().min(1).max(LIMITS.name), createdAt: instant }).strict(),
    settings: z
      .object({
        leadMs: z.number().int().min(0),
        escalateAfterMs: z.number().int().min(0),
        timeZone: z.string().max(100),
      })
      .strict()
      .nullable(),
    members: z
      .array(
        z.object({ email: z.string().max(254).pipe(z.email()), name: text, role: z.enum(ROLES) }).strict(),
      )
      .max(100_000),
    people: z.array(z.object({ userId: text, email: z.string().max(254), name: text }).strict()).max(100_000),
    document: z.object({ state: base64 }).strict(),
    history: z
      .object({
        updates: z.array(update),
        snapshot: z.object({ uptoId: rowId, data: base64, updatedAt: instant }).strict().nullable(),
        checkpoints: z.array(z.object({ uptoId: rowId, data: base64, createdAt: instant }).strict()),
        checkpointViews: z.array(z.object({ uptoId: rowId, data: z.string() }).strict()),
        floor: z.object({ uptoId: rowId, sinceAt: instant }).strict().nullable(),
        purges: z.array(
          z
            .object({
              beforeAt: instant,
              uptoId: rowId,
              rowsDeleted: z.number().int().min(0),
              byUser: text.nullable(),
              at: instant,
            })
            .strict(),
        ),
        activity: z.array(activityEntry),
        activityCursor: rowId.nullable(),
      })
      .strict(),
    fired: z.array(
      z
        .object({
          taskId: text,
          kind: z.enum(['before', 'at', 'overdue', 'occurrence']),
          deadlineAt: z.number().int(),
          firedAt: instant,
          firedBy: text,
          superseded: z.boolean(),
        })
        .strict(),
    ),
    syncClients: z.array(
      z.object({ clientId: z.number().int().min(0), userId: text, firstSeen: instant }).strict(),
    ),
  })
  .strict();

export type WorkspaceArchive = z.infer<typeof workspaceArchiveSchema>;
export type ArchiveHistory = WorkspaceArchive['history'];
