/**
 * Notifications caused by document edits: a task assigned to someone, a task's status (column)
 * changed, a comment (to the task's creator, assignee and watchers: SPEC M14). The model's
 * observers note which tasks a transaction touched and which comments it added; the persistence
 * extension then calls `afterAppend` inside the same SQLite transaction as the update log row, and
 * we diff the model's view of each touched task against the one we kept from before.
 * So the in-app rows and outbox emails exist exactly when the edit is stored. The person who made
 * the change is never notified; the server's own writes (seeding, the ticker) notify nobody.
 */
import type { afterLoadDocumentPayload, Extension } from '@hocuspocus/server';
import {
  commentMentions,
  countTaskWalk,
  listIds,
  observeAddedComments,
  observeDescriptionMentions,
  observeTouchedTasks,
  readColumns,
  readComment,
  readPeople,
  readProject,
  readTask,
  type Task,
  taskFollowers,
  taskKey,
} from '@taskflow/model';
import type * as Y from 'yjs';
import type { Users } from '../accounts/users.ts';
import type { Workspaces } from '../accounts/workspaces.ts';
import type { Logger } from '../logger.ts';
import type { UpdateLog } from '../persistence/update-log.ts';
import { isApplyingFromCluster } from '../sync/context.ts';
import type { InAppStore } from './in-app.ts';
import { type Notification, taskLink } from './kinds.ts';
import type { OutboxStore } from './outbox.ts';
import type { NotificationPush } from './push.ts';
import type { TaskView, TaskViews } from './task-views.ts';

/** Exactly what document events use: who may hear of a workspace's edits, and where notices go. */
export type DocumentEventsOptions = {
  workspaces: Pick<Workspaces, 'exists' | 'get' | 'roleOf'>;
  users: Pick<Users, 'get'>;
  inApp: Pick<InAppStore, 'add'>;
  outbox: Pick<OutboxStore, 'enqueue'>;
  /** The clock of the outbox rows (injected by tests). */
  now: () => number;
  push: Pick<NotificationPush, 'unreadChanged'>;
  /** Each task's assignee and column as of the last update whose notices were written. */
  views: TaskViews;
  /** The newest row of a document's log: whether the views are current. */
  log: Pick<UpdateLog, 'lastId'>;
  logger: Logger;
};

type Tracked = {
  doc: Y.Doc;
  tasks: Set<string>;
  comments: Set<string>;
  /** Per task, the people its description newly mentions (issue 14). */
  mentions: Map<string, Set<string>>;
  /** The stored views are those of the newest stored update: each append may advance their mark. */
  current: boolean;
};

/**
 * How a notice names a task: `WEB-12 Title` once the task has its final key (SPEC M21), the
 * title alone before: a provisional key changes. A task assigned in the very update that creates
 * it is numbered by the server's next transaction, after this update's notices are written, so
 * that first notice names it by title (with a link by id, as every notice has).
 */
export function taskLabel(doc: Y.Doc, task: Task): string {
  const project = readProject(doc, task.projectId);
  const key = project && taskKey(project.key, task);
  return key?.final ? `${key.text} ${task.title}` : task.title;
}

/** What a notice compares an edit against: the task's assignee and column. */
const viewOf = (t: Task): TaskView => ({ assignee: t.assignee, columnId: t.columnId });

const view = (doc: Y.Doc, taskId: string): TaskView | undefined => {
  const t = readTask(doc, taskId);
  return t && viewOf(t);
};

export class DocumentEvents {
  readonly #o: DocumentEventsOptions;
  readonly #docs = new Map<string, Tracked>();

  constructor(options: DocumentEventsOptions) {
    this.#o = options;
  }

  readonly extension: Extension = {
    extensionName: 'taskflow-document-events',
    afterLoadDocument: async ({ document, documentName }: afterLoadDocumentPayload) => {
      this.attach(documentName, document);
    },
  };

  /**
   * Follows a loaded document. Its tasks are walked only when the stored views are behind its log
   * (never built, or an update's notices failed): a document loads in O(changed), not O(tasks).
   */
  attach(name: string, doc: Y.Doc): void {
    const tracked: Tracked = {
      doc,
      tasks: new Set(),
      comments: new Set(),
      mentions: new Map(),
      current: false,
    };
    // An update applied from another process (issue 16) had its notices written by that process,
    // in the transaction that appended it: collecting its tasks and comments here would hand them
    // to this process's next append, whose sender would be named as the author (and the real
    // author, never told of their own comment, told of it).
    observeTouchedTasks(doc, (ids) => {
      if (isApplyingFromCluster(doc)) return;
      for (const id of ids) tracked.tasks.add(id);
    });
    observeAddedComments(doc, (ids) => {
      if (isApplyingFromCluster(doc)) return;
      for (const id of ids) tracked.comments.add(id);
    });
    observeDescriptionMentions(doc, (taskId, ids) => {
      if (isApplyingFromCluster(doc)) return;
      const set = tracked.mentions.get(taskId) ?? new Set();
      for (const id of ids) set.add(id);
      tracked.mentions.set(taskId, set);
    });
    this.#docs.set(name, tracked);
    doc.on('destroy', () => {
      if (this.#docs.get(name) === tracked) this.#docs.delete(name);
    });
    const { views, log } = this.#o;
    try {
      const lastId = log.lastId(name);
      if (!views.marks.isCurrent(name, lastId)) this.#rebuild(name, doc, lastId);
      tracked.current = true;
    } catch (error) {
      // Storage is failing: notices compare against older views until the next load rebuilds them.
      this.#o.logger.error({ err: error, document: name }, 'could not rebuild the task views');
    }
  }

  #rebuild(name: string, doc: Y.Doc, lastId: number | null): void {
    countTaskWalk(doc);
    const all: [string, TaskView][] = [];
    for (const id of listIds(doc, 'task')) {
      const v = view(doc, id);
      if (v) all.push([id, v]);
    }
    this.#o.views.replace(name, all, lastId);
    this.#o.logger.info({ document: name, tasks: all.length }, 'rebuilt the task views');
  }

  /**
   * Called by the persistence extension inside the transaction that appends update `rowId` (sent by
   * `actor`, null for the server). Writes the notifications this edit causes.
   */
  afterAppend(documentName: string, rowId: number, actor: string | null): void {
    const tracked = this.#docs.get(documentName);
    if (!tracked) return;
    try {
      this.#notify(documentName, tracked, rowId, actor);
      if (tracked.current) this.#o.views.marks.set(documentName, rowId);
    } catch (error) {
      // The caller rolls back what this wrote: the views now miss this update's tasks.
      tracked.current = false;
      throw error;
    }
  }

  #notify(documentName: string, tracked: Tracked, rowId: number, actor: string | null): void {
    const touched = [...tracked.tasks];
    const comments = [...tracked.comments];
    tracked.tasks.clear();
    tracked.comments.clear();
    const mentions = [...tracked.mentions];
    tracked.mentions.clear();
    const { doc } = tracked;
    const notified: string[] = [];
    const s = this.#o;
    // Read only when some notice is due: most edits (a move by its creator, a reorder, a title)
    // notify nobody, and these are three queries per update otherwise (issue 13).
    let known: { exists: boolean; name: string; byName: string } | undefined;
    const workspace = () => {
      if (!known) {
        const exists = s.workspaces.exists(documentName);
        known = {
          exists,
          name: (exists && s.workspaces.get(documentName)?.name) || documentName,
          byName: actor ? (s.users.get(actor)?.name ?? 'Someone') : 'Taskflow',
        };
      }
      return known;
    };
    const by = () => workspace().byName;
    const base = (taskId: string, title: string) => ({
      workspaceId: documentName,
      workspaceName: workspace().name,
      taskId,
      taskTitle: title.slice(0, 500),
      link: taskLink(documentName, taskId),
    });
    /**
     * The notice is built only for someone it may reach (never the author): its texts read the
     * names above. Its kind picks its payload type, so a wrong payload does not compile.
     */
    const emit = (
      userId: string | null,
      key: string,
      taskId: string,
      notice: () => { title: string; body: string; notification: Notification },
    ) => {
      // Never the author; never someone who is not (or no longer) a member.
      if (!userId || userId === actor || !workspace().exists) return;
      if (s.workspaces.roleOf(documentName, userId) === null) return;
      const { title, body, notification } = notice();
      const { kind } = notification;
      const added = s.inApp.add({
        userId,
        dedupeKey: key,
        kind,
        workspaceId: documentName,
        taskId,
        title,
        body,
      });
      if (added) notified.push(userId);
      s.outbox.enqueue({ key: `${key}:${userId}`, userId, now: s.now(), ...notification });
    };
    /** The touched tasks as read here, and their stored views, kept for `#remember` below. */
    const read = new Map<string, Task | undefined>();
    const befores = new Map<string, TaskView | undefined>();
    if (actor !== null) {
      for (const taskId of touched) {
        const task = readTask(doc, taskId);
        read.set(taskId, task);
        if (!task) continue;
        const before = s.views.get(documentName, taskId);
        befores.set(taskId, before);
        const assigned = task.assignee !== null && task.assignee !== (before?.assignee ?? null);
        const moved = before !== undefined && before.columnId !== task.columnId;
        if (!assigned && !moved) continue;
        // The label and the column names are read only for a notice that goes out, once each: a
        // move by the task's only follower (the common case) reaches nobody (issue 13).
        let label: string | undefined;
        const labelOf = () => (label ??= taskLabel(doc, task));
        let columns: { from: string; to: string } | undefined;
        const columnsOf = () => {
          if (!columns) {
            const names = new Map(readColumns(doc, task.projectId).map((c) => [c.id, c.name]));
            const fromId = before?.columnId ?? task.columnId;
            columns = { from: names.get(fromId) ?? fromId, to: names.get(task.columnId) ?? task.columnId };
          }
          return columns;
        };
        if (assigned) {
          emit(task.assignee, `assigned:${documentName}:${taskId}:${rowId}`, taskId, () => ({
            title: `Assigned to you: ${labelOf()}`,
            body: `${by()} assigned you a task.`,
            notification: { kind: 'assigned', payload: { ...base(taskId, labelOf()), byName: by() } },
          }));
        }
        if (moved) {
          for (const userId of taskFollowers(task)) {
            emit(userId, `status:${documentName}:${taskId}:${rowId}`, taskId, () => {
              const label = labelOf();
              const { from, to } = columnsOf();
              return {
                title: `${label}: ${from} → ${to}`,
                body: `${by()} moved it.`,
                notification: {
                  kind: 'status_changed',
                  payload: {
                    ...base(taskId, label),
                    byName: by(),
                    from: from.slice(0, 500),
                    to: to.slice(0, 500),
                  },
                },
              };
            });
          }
        }
      }
      for (const commentId of comments) {
        const comment = readComment(doc, commentId);
        const task = comment && readTask(doc, comment.taskId);
        if (!comment || !task) continue;
        const label = taskLabel(doc, task);
        // Someone named in the comment (`@Name`) is told they were mentioned, instead of the
        // plain comment notice a follower gets (issue 14).
        const mentioned = commentMentions(comment.body, readPeople(doc));
        for (const userId of mentioned) {
          emit(userId, `mention:${documentName}:${commentId}:${userId}`, task.id, () => ({
            title: `${by()} mentioned you in a comment on ${label}`,
            body: comment.body.slice(0, 200),
            notification: {
              kind: 'mention',
              payload: { ...base(task.id, label), byName: by(), excerpt: comment.body.slice(0, 2000) },
            },
          }));
        }
        for (const userId of taskFollowers(task)) {
          if (mentioned.includes(userId)) continue;
          emit(userId, `comment:${documentName}:${commentId}`, task.id, () => ({
            title: `New comment on ${label}`,
            body: comment.body.slice(0, 200),
            notification: {
              kind: 'comment',
              payload: { ...base(task.id, label), byName: by(), excerpt: comment.body.slice(0, 2000) },
            },
          }));
        }
      }
      for (const [taskId, people] of mentions) {
        const task = readTask(doc, taskId);
        if (!task) continue;
        const label = taskLabel(doc, task);
        for (const userId of people) {
          // Once per person and task, whatever the edits, replays or restarts (the keys dedupe).
          emit(userId, `mention:${documentName}:${taskId}:${userId}`, taskId, () => ({
            title: `${by()} mentioned you in ${label}`,
            body: task.description.slice(0, 200),
            notification: {
              kind: 'mention',
              payload: { ...base(taskId, label), byName: by(), excerpt: task.description.slice(0, 2000) },
            },
          }));
        }
      }
    }
    for (const id of touched) this.#remember(documentName, tracked, id, read, befores);
    // After the commit: the count read then includes these rows.
    if (notified.length > 0) setImmediate(() => this.#o.push.unreadChanged(notified));
  }

  /**
   * Stores a touched task's view: from the task `#notify` read already when it did, and not at all
   * when it equals the stored one (a reorder, a title: no write).
   */
  #remember(
    documentName: string,
    tracked: Tracked,
    taskId: string,
    read: Map<string, Task | undefined>,
    befores: Map<string, TaskView | undefined>,
  ): void {
    let v: TaskView | undefined;
    try {
      const task = read.has(taskId) ? read.get(taskId) : readTask(tracked.doc, taskId);
      v = task && viewOf(task);
    } catch (error) {
      // Its stored view stays as it was.
      this.#o.logger.warn({ err: error, task: taskId }, 'could not read a task after an edit');
      return;
    }
    const before = befores.get(taskId);
    if (v && before && v.assignee === before.assignee && v.columnId === before.columnId) return;
    this.#o.views.put(documentName, taskId, v);
  }
}
