/**
 * Notifications caused by document edits: a task assigned to someone, a task's status (column)
 * changed, a comment (to the task's creator, assignee and watchers: SPEC M14). Yjs observers note which tasks and comments a transaction touched; the
 * persistence extension then calls `afterAppend` inside the same SQLite transaction as the update
 * log row, and we diff the model's view of each touched task against the one we kept from before.
 * So the in-app rows and outbox emails exist exactly when the edit is stored. The person who made
 * the change is never notified; the server's own writes (seeding, the ticker) notify nobody.
 */
import type { afterLoadDocumentPayload, Extension } from '@hocuspocus/server';
import { readColumns, readTask, taskFollowers } from '@taskflow/model';
import * as Y from 'yjs';
import type { Logger } from '../logger.ts';
import type { Services } from '../services.ts';
import { type NotificationKind, taskLink } from './kinds.ts';
import type { NotificationPush } from './push.ts';

type TaskView = { assignee: string | null; columnId: string };
type Tracked = { doc: Y.Doc; views: Map<string, TaskView>; tasks: Set<string>; comments: Set<string> };

const view = (doc: Y.Doc, taskId: string): TaskView | undefined => {
  const t = readTask(doc, taskId);
  return t && { assignee: t.assignee, columnId: t.columnId };
};

export class DocumentEvents {
  readonly #services: Services;
  readonly #push: NotificationPush;
  readonly #logger: Logger;
  readonly #docs = new Map<string, Tracked>();

  constructor(services: Services, push: NotificationPush, logger: Logger) {
    this.#services = services;
    this.#push = push;
    this.#logger = logger;
  }

  readonly extension: Extension = {
    extensionName: 'taskflow-document-events',
    afterLoadDocument: async ({ document, documentName }: afterLoadDocumentPayload) => {
      this.attach(documentName, document);
    },
  };

  attach(name: string, doc: Y.Doc): void {
    const tracked: Tracked = { doc, views: new Map(), tasks: new Set(), comments: new Set() };
    const tasks = doc.getMap<unknown>('tasks');
    for (const id of tasks.keys()) {
      const v = view(doc, id);
      if (v) tracked.views.set(id, v);
    }
    tasks.observeDeep((events) => {
      for (const e of events) {
        if (e.path.length > 0) tracked.tasks.add(String(e.path[0]));
        else for (const key of e.changes.keys.keys()) tracked.tasks.add(key);
      }
    });
    doc.getMap<unknown>('comments').observe((e) => {
      for (const [key, change] of e.changes.keys) if (change.action === 'add') tracked.comments.add(key);
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
    const s = this.#services;
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
    const emit = (
      userId: string | null,
      kind: NotificationKind,
      key: string,
      title: string,
      body: string,
      taskId: string,
      payload: Record<string, unknown>,
    ) => {
      // Never the author; never someone who is not (or no longer) a member.
      if (!userId || userId === actor || s.workspaces.roleOf(documentName, userId) === null) return;
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
      s.outbox.enqueue({ key: `${key}:${userId}`, userId, now: s.now(), kind, payload } as Parameters<
        typeof s.outbox.enqueue
      >[0]);
    };
    if (actor !== null) {
      for (const taskId of touched) {
        const before = tracked.views.get(taskId);
        const task = readTask(doc, taskId);
        if (!task) continue;
        if (task.assignee !== null && task.assignee !== (before?.assignee ?? null)) {
          emit(
            task.assignee,
            'assigned',
            `assigned:${documentName}:${taskId}:${rowId}`,
            `Assigned to you: ${task.title}`,
            `${byName} assigned you a task.`,
            taskId,
            { ...base(taskId, task.title), byName },
          );
        }
        if (before && before.columnId !== task.columnId) {
          const names = new Map(readColumns(doc, task.projectId).map((c) => [c.id, c.name]));
          const from = names.get(before.columnId) ?? before.columnId;
          const to = names.get(task.columnId) ?? task.columnId;
          for (const userId of taskFollowers(task)) {
            emit(
              userId,
              'status_changed',
              `status:${documentName}:${taskId}:${rowId}`,
              `${task.title}: ${from} → ${to}`,
              `${byName} moved it.`,
              taskId,
              { ...base(taskId, task.title), byName, from: from.slice(0, 500), to: to.slice(0, 500) },
            );
          }
        }
      }
      for (const commentId of comments) {
        const c = doc.getMap<unknown>('comments').get(commentId);
        if (!(c instanceof Y.Map)) continue;
        const taskId = c.get('taskId');
        const body = c.get('body');
        if (typeof taskId !== 'string' || typeof body !== 'string') continue;
        const task = readTask(doc, taskId);
        if (!task) continue;
        for (const userId of taskFollowers(task)) {
          emit(
            userId,
            'comment',
            `comment:${documentName}:${commentId}`,
            `New comment on ${task.title}`,
            body.slice(0, 200),
            taskId,
            { ...base(taskId, task.title), byName, excerpt: body.slice(0, 2000) },
          );
        }
      }
    }
    for (const id of touched) this.#remember(tracked, id);
    // After the commit: the count read then includes these rows.
    if (notified.length > 0) setImmediate(() => this.#push.unreadChanged(notified));
  }

  #remember(tracked: Tracked, taskId: string): void {
    try {
      const v = view(tracked.doc, taskId);
      if (v) tracked.views.set(taskId, v);
      else tracked.views.delete(taskId);
    } catch (error) {
      this.#logger.warn({ err: error, task: taskId }, 'could not read a task after an edit');
    }
  }
}
