/**
 * Keeps `task_schedule` in step with the workspace documents: after a document loads (every row),
 * ~1 s after its first unprojected change (a burst of edits costs one projection, of the tasks it
 * touched), before it unloads, and on demand when a workspace's settings or a member's time zone
 * change (every row). A document that is not loaded
 * is read from the update log into a scratch Y.Doc, so re-projection never opens a sync document.
 */
import type { afterLoadDocumentPayload, beforeUnloadDocumentPayload, Extension } from '@hocuspocus/server';
import { columnsMap, observeTouchedTasks, projectsMap } from '@taskflow/model';
import * as Y from 'yjs';
import type { Users } from '../accounts/users.ts';
import type { Workspaces } from '../accounts/workspaces.ts';
import type { Logger } from '../logger.ts';
import { isUnstored } from '../persistence/storage-fault.ts';
import type { UpdateLog } from '../persistence/update-log.ts';
import type { BackfillStore } from './backfill-store.ts';
import { projectSchedule, projectScheduleOf } from './projection.ts';
import type { ScheduleStore } from './schedule-store.ts';
import type { AutomationSettingsStore } from './settings.ts';

export const PROJECTION_DEBOUNCE_MS = 1_000;
const BACKFILL_JOB = 'schedule-backfill-v4';

export type ScheduleProjectionOptions = {
  workspaces: Pick<Workspaces, 'exists' | 'listFor'>;
  /** The zone each assignee chose, if any. */
  users: Pick<Users, 'chosenTimeZone'>;
  automationSettings: Pick<AutomationSettingsStore, 'get'>;
  schedule: ScheduleStore;
  backfill: BackfillStore;
  /** Where a document that is not loaded is read from. */
  log: UpdateLog;
  logger: Logger;
  now: () => number;
  debounceMs?: number | undefined;
};

/**
 * A loaded document and what its edits touched since the last projection: the tasks, the projects
 * whose columns, key or archiving changed (their scheduled tasks are read again), or the whole
 * workspace when what changed cannot be placed (a column removed outright, a failed projection).
 */
type Loaded = {
  doc: Y.Doc;
  timer: NodeJS.Timeout | undefined;
  tasks: Set<string>;
  projects: Set<string>;
  whole: boolean;
};

/** Notes in `entry` which projects a change to the projects or columns map concerns. */
function noteProjectChanges(
  entry: Loaded,
  /** The columns map for its events; null for the projects map's (keyed by project). */
  columns: Y.Map<unknown> | null,
  events: Y.YEvent<Y.AbstractType<unknown>>[],
): void {
  for (const e of events) {
    const top = e.path[0];
    const ids = typeof top === 'string' ? [top] : [...(e as Y.YMapEvent<unknown>).changes.keys.keys()];
    for (const id of ids) {
      if (columns === null) {
        entry.projects.add(id);
        continue;
      }
      const column = columns.get(id);
      const projectId = column instanceof Y.Map ? column.get('projectId') : undefined;
      if (typeof projectId === 'string') entry.projects.add(projectId);
      else entry.whole = true;
    }
  }
}

export class ScheduleProjection {
  readonly #o: ScheduleProjectionOptions;
  readonly #debounceMs: number;
  readonly #loaded = new Map<string, Loaded>();
  #stopped = false;

  constructor(options: ScheduleProjectionOptions) {
    this.#o = options;
    this.#debounceMs = options.debounceMs ?? PROJECTION_DEBOUNCE_MS;
  }

  readonly extension: Extension = {
    extensionName: 'taskflow-schedule-projection',
    afterLoadDocument: async ({ document, documentName }: afterLoadDocumentPayload) => {
      if (!this.#o.workspaces.exists(documentName)) return;
      const entry: Loaded = {
        doc: document,
        timer: undefined,
        tasks: new Set(),
        projects: new Set(),
        whole: false,
      };
      this.#loaded.set(documentName, entry);
      const stopTasks = observeTouchedTasks(document, (ids) => {
        for (const id of ids) entry.tasks.add(id);
      });
      const projects = projectsMap(document) as Y.Map<unknown>;
      const columns = columnsMap(document) as Y.Map<unknown>;
      const onProjects = (events: Y.YEvent<Y.AbstractType<unknown>>[]) =>
        noteProjectChanges(entry, null, events);
      const onColumns = (events: Y.YEvent<Y.AbstractType<unknown>>[]) =>
        noteProjectChanges(entry, columns, events);
      projects.observeDeep(onProjects);
      columns.observeDeep(onColumns);
      document.on('update', () => this.#schedule(documentName, entry));
      document.on('destroy', () => {
        clearTimeout(entry.timer);
        stopTasks();
        projects.unobserveDeep(onProjects);
        columns.unobserveDeep(onColumns);
        if (this.#loaded.get(documentName) === entry) this.#loaded.delete(documentName);
      });
      // Rows built from the newest stored update need nothing (issue 13: a 10,000-task document
      // loads without a walk); behind it (a crash inside the debounce, a failed pass, a first
      // load), every row is rebuilt. A loaded copy holds exactly the log: every change is
      // appended before anything else sees it.
      try {
        if (this.#o.schedule.marks.isCurrent(documentName, this.#o.log.lastId(documentName))) return;
      } catch (error) {
        this.#o.logger.warn({ err: error, workspace: documentName }, 'could not read the schedule mark');
      }
      this.project(documentName, document);
    },
    beforeUnloadDocument: async ({ documentName }: beforeUnloadDocumentPayload) => {
      const entry = this.#loaded.get(documentName);
      if (entry?.timer) {
        clearTimeout(entry.timer);
        entry.timer = undefined;
        this.#projectChanges(documentName, entry);
      }
    },
  };

  /**
   * Rewrites all the workspace's schedule rows from `doc`, which holds the log up to row `uptoId`
   * (by default the newest: a loaded document) (a stale load, a catch-up, new settings or zones).
   * Errors are logged: the next change retries.
   */
  project(workspaceId: string, doc: Y.Doc, uptoId?: number | null): void {
    // A copy whose change could not be stored is being discarded: project from what the disk holds.
    if (this.#stopped || isUnstored(doc)) return;
    const s = this.#o;
    // A deleted workspace's document may still be open for a moment: it schedules nothing.
    if (!s.workspaces.exists(workspaceId)) return;
    try {
      const settings = s.automationSettings.get(workspaceId);
      const rows = projectSchedule(doc, {
        workspaceId,
        workspaceTimeZone: settings.timeZone,
        timeZoneOf: (userId) => s.users.chosenTimeZone(userId),
      });
      const upto = uptoId === undefined ? s.log.lastId(workspaceId) : uptoId;
      s.schedule.replaceProjected(workspaceId, rows, settings, s.now(), upto);
      // Every change so far is in these rows.
      const entry = this.#loaded.get(workspaceId);
      if (entry?.doc === doc) this.#clearChanges(entry);
    } catch (error) {
      s.logger.error({ err: error, workspace: workspaceId }, 'schedule projection failed');
    }
  }

  /**
   * After a burst of edits: rewrites the rows of just the tasks it touched, and of the scheduled
   * tasks of the projects whose columns, key or archiving it changed (issue 13: the cost follows
   * the change, not the workspace). Errors are logged and the next pass re-projects everything.
   */
  #projectChanges(workspaceId: string, entry: Loaded): void {
    const { doc } = entry;
    if (this.#stopped || isUnstored(doc)) return;
    const s = this.#o;
    if (!s.workspaces.exists(workspaceId)) return;
    if (entry.whole) {
      this.project(workspaceId, doc);
      return;
    }
    try {
      const ids = new Set(entry.tasks);
      for (const projectId of entry.projects) {
        for (const id of s.schedule.scheduledTaskIds(workspaceId, projectId)) ids.add(id);
      }
      this.#clearChanges(entry);
      const settings = s.automationSettings.get(workspaceId);
      const projection = projectScheduleOf(
        doc,
        {
          workspaceId,
          workspaceTimeZone: settings.timeZone,
          timeZoneOf: (userId) => s.users.chosenTimeZone(userId),
        },
        ids,
      );
      s.schedule.applyProjected(workspaceId, projection, settings, s.now(), s.log.lastId(workspaceId));
    } catch (error) {
      entry.whole = true;
      s.logger.error({ err: error, workspace: workspaceId }, 'schedule projection failed');
    }
  }

  #clearChanges(entry: Loaded): void {
    entry.tasks.clear();
    entry.projects.clear();
    entry.whole = false;
  }

  /** Re-projects a workspace from its live document, or from storage when it is not loaded. */
  reproject(workspaceId: string): void {
    const entry = this.#loaded.get(workspaceId);
    if (entry) {
      this.project(workspaceId, entry.doc);
      return;
    }
    // Read together, in one synchronous block: the state holds exactly the rows up to that id.
    const uptoId = this.#o.log.lastId(workspaceId);
    const stored = this.#o.log.load(workspaceId);
    if (!stored) return;
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, stored.state);
      this.project(workspaceId, doc, uptoId);
    } finally {
      doc.destroy();
    }
  }

  /** Inside the transaction that appends an update: the schedule lags until `project` runs. */
  markStale(workspaceId: string): void {
    this.#o.schedule.markStale(workspaceId);
  }

  /** At start: what a crash left unprojected (changes stored inside the debounce). */
  catchUp(): number {
    const ids = this.#o.schedule.staleWorkspaces();
    for (const id of ids) {
      if (this.#o.workspaces.exists(id)) this.reproject(id);
      else this.#o.schedule.clearStale(id);
    }
    return ids.length;
  }

  /** Every workspace the user belongs to (their time zone changed). */
  reprojectUser(userId: string): void {
    for (const m of this.#o.workspaces.listFor(userId)) this.reproject(m.id);
  }

  /**
   * Once per database, after the migration that added the schedule: projects every workspace that
   * has a stored document, so reminders for deadlines set before the upgrade are not lost.
   */
  backfillOnce(): number {
    const { backfill } = this.#o;
    if (backfill.isDone(BACKFILL_JOB)) return 0;
    const ids = backfill.workspacesWithDocuments();
    for (const id of ids) this.reproject(id);
    backfill.markDone(BACKFILL_JOB, this.#o.now());
    this.#o.logger.info({ workspaces: ids.length }, 'schedule backfilled');
    return ids.length;
  }

  /** Projects every pending debounce now (shutdown) and stops. */
  stop(): void {
    for (const [name, entry] of this.#loaded) {
      if (entry.timer) {
        clearTimeout(entry.timer);
        entry.timer = undefined;
        this.#projectChanges(name, entry);
      }
    }
    this.#stopped = true;
  }

  #schedule(workspaceId: string, entry: Loaded): void {
    if (entry.timer || this.#stopped) return;
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.#projectChanges(workspaceId, entry);
    }, this.#debounceMs);
    entry.timer.unref();
  }
}
