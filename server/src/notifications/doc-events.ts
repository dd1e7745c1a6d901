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
  listIds,
  observeAddedComments,
  observeTouchedTasks,
  readColumns,
  readComment,
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
import type { InAppStore } from './in-app.ts';
import { type Notification, taskLink } from './kinds.ts';
import type { OutboxStore } from './outbox.ts';
import type { NotificationPush } from './push.ts';

/** Exactly what document events use: who may hear of a workspace's edits, and where notices go. */
export type DocumentEventsOptions = {
  workspaces: Pick<Workspaces, 'exists' | 'get' | 'roleOf'>;
  users: Pick<Users, 'get'>;
  inApp: Pick<InAppStore, 'add'>;
  outbox: Pick<OutboxStore, 'enqueue'>;
  /** The clock of the outbox rows (injected by tests). */
  now: () => number;
  push: Pick<NotificationPush, 'unreadChanged'>;
  logger: Logger;
};

type TaskView = { assignee: string | null; columnId: string };
type Tracked = { doc: Y.Doc; views: Map<string, TaskView>; tasks: Set<string>; comments: Set<string> };

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

const view = (doc: Y.Doc, taskId: string): TaskView | undefined => {
  const t = readTask(doc, taskId);
  return t && { assignee: t.assignee, columnId: t.columnId };
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

  attach(name: string, doc: Y.Doc): void {
    const tracked: Tracked = { doc, views: new Map(), tasks: new Set(), comments: new Set() };
    for (const id of listIds(doc, 'task')) {
      const v = view(doc, id);
      if (v) tracked.views.set(id, v);
    }
    observeTouchedTasks(doc, (ids) => {
      for (const id of ids) tracked.tasks.add(id);
    });
    observeAddedComments(doc, (ids) => {
      for (const id of ids) tracked.comments.add(id);
    });
    this.#docs.set(name, tracked);
    doc.on('destroy', () => {
      if (this.#docs.get(name) === tracked) this.#docs.delete(name);
    });
  }

  /**
   * Called by the persistence extension inside the transaction that appends update `rowId` (sent by
   * `actor`, null for the server). Writes the notifications this edit causes.
   */
  afterAppend(documentName: string, rowId: number, actor: string | null): void {
    const tracked = this.#docs.get(documentName);
    if (!tracked) return;
    const touched = [...tracked.tasks];
    const comments = [...tracked.comments];
    tracked.tasks.clear();
    tracked.comments.clear();
    const { doc } = tracked;
    const notified: string[] = [];
    const s = this.#o;
    if (!s.workspaces.exists(documentName)) {
      for (const id of touched) this.#remember(tracked, id);
      return;
    }
    const ws = s.workspaces.get(documentName);
    const base = (taskId: string, title: string) => ({
      workspaceId: documentName,
      workspaceName: ws?.name ?? documentName,
      taskId,
      taskTitle: title.slice(0, 500),
      link: taskLink(documentName, taskId),
    });
    const byName = actor ? (s.users.get(actor)?.name ?? 'Someone') : 'Taskflow';
    /** The notification's kind picks its payload type, so a wrong payload does not compile. */
    const emit = (
      userId: string | null,
      key: string,
      title: string,
      body: string,
      taskId: string,
      notification: Notification,
    ) => {
      // Never the author; never someone who is not (or no longer) a member.
      if (!userId || userId === actor || s.workspaces.roleOf(documentName, userId) === null) return;
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
    if (actor !== null) {
      for (const taskId of touched) {
        const before = tracked.views.get(taskId);
        const task = readTask(doc, taskId);
        if (!task) continue;
        const label = taskLabel(doc, task);
        if (task.assignee !== null && task.assignee !== (before?.assignee ?? null)) {
          emit(
            task.assignee,
            `assigned:${documentName}:${taskId}:${rowId}`,
            `Assigned to you: ${label}`,
            `${byName} assigned you a task.`,
            taskId,
            { kind: 'assigned', payload: { ...base(taskId, label), byName } },
          );
        }
        if (before && before.columnId !== task.columnId) {
          const names = new Map(readColumns(doc, task.projectId).map((c) => [c.id, c.name]));
          const from = names.get(before.columnId) ?? before.columnId;
          const to = names.get(task.columnId) ?? task.columnId;
          for (const userId of taskFollowers(task)) {
            emit(
              userId,
              `status:${documentName}:${taskId}:${rowId}`,
              `${label}: ${from} → ${to}`,
              `${byName} moved it.`,
              taskId,
              {
                kind: 'status_changed',
                payload: {
                  ...base(taskId, label),
                  byName,
                  from: from.slice(0, 500),
                  to: to.slice(0, 500),
                },
              },
            );
          }
        }
      }
      for (const commentId of comments) {
        const comment = readComment(doc, commentId);
        const task = comment && readTask(doc, comment.taskId);
        if (!comment || !task) continue;
        const label = taskLabel(doc, task);
        for (const userId of taskFollowers(task)) {
          emit(
            userId,
            `comment:${documentName}:${commentId}`,
            `New comment on ${label}`,
            comment.body.slice(0, 200),
            task.id,
            {
              kind: 'comment',
              payload: { ...base(task.id, label), byName, excerpt: comment.body.slice(0, 2000) },
            },
          );
        }
      }
    }
    for (const id of touched) this.#remember(tracked, id);
    // After the commit: the count read then includes these rows.
    if (notified.length > 0) setImmediate(() => this.#o.push.unreadChanged(notified));
  }

  #remember(tracked: Tracked, taskId: string): void {
    try {
      const v = view(tracked.doc, taskId);
      if (v) tracked.views.set(taskId, v);
      else tracked.views.delete(taskId);
    } catch (error) {
      this.#o.logger.warn({ err: error, task: taskId }, 'could not read a task after an edit');
    }
  }
}
