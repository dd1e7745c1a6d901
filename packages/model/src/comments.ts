/**
 * Comments on tasks (SPEC M12). They live in their own top-level map, keyed by comment id, rather
 * than inside each task: adding a nested map to tasks that already exist would let two clients
 * create it concurrently, and one of the two maps (with its comments) would be discarded.
 */
import * as Y from 'yjs';
import { z } from 'zod';
import { commentIndex } from './comment-index.ts';
import { isTaskGone } from './deleted-record.ts';
import { actorOf, commentsMap, type Editor, getYMap, newId, nowIso, write } from './doc.ts';
import { ModelError } from './errors.ts';
import { yTask } from './read.ts';

export const COMMENT_LIMIT = 10_000;
const bodySchema = z.string().trim().min(1).max(COMMENT_LIMIT);
const id = z.string().min(1).max(200);
const iso = z.iso.datetime({ offset: true });

export type Comment = {
  id: string;
  taskId: string;
  body: string;
  authorId: string;
  createdAt: string;
  editedAt: string | null;
};

function parseBody(body: string): string {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success)
    throw new ModelError('invalid_input', `A comment needs 1 to ${COMMENT_LIMIT} characters.`);
  return parsed.data;
}

export function addComment(
  doc: Y.Doc,
  editor: Editor,
  taskId: string,
  body: string,
  commentId?: string,
): string {
  const text = parseBody(body);
  const cid = commentId ?? newId();
  write(doc, editor, () => {
    // A deleted task (or one gone with its project) takes no comments, as it takes no edits.
    const task = yTask(doc, taskId);
    if (!task || isTaskGone(doc, task)) throw new ModelError('not_found', 'That task does not exist.');
    if (commentsMap(doc).has(cid)) throw new ModelError('invalid_input', `Comment ${cid} already exists.`);
    const comment = new Y.Map<unknown>();
    comment.set('taskId', taskId);
    comment.set('body', text);
    comment.set('authorId', actorOf(editor));
    comment.set('createdAt', nowIso(editor));
    comment.set('editedAt', null);
    comment.set('deletedAt', null);
    commentsMap(doc).set(cid, comment);
  });
  return cid;
}

/** Only the author may change a comment. */
function ownComment(doc: Y.Doc, editor: Editor, commentId: string): Y.Map<unknown> {
  const comment = getYMap(commentsMap(doc) as Y.Map<unknown>, commentId);
  if (!comment || typeof comment.get('deletedAt') === 'string') {
    throw new ModelError('not_found', 'That comment does not exist.');
  }
  if (comment.get('authorId') !== actorOf(editor)) {
    throw new ModelError('forbidden', 'Only its author can change a comment.');
  }
  return comment;
}

export function editComment(doc: Y.Doc, editor: Editor, commentId: string, body: string): void {
  const text = parseBody(body);
  write(doc, editor, () => {
    const comment = ownComment(doc, editor, commentId);
    if (comment.get('body') === text) return;
    comment.set('body', text);
    comment.set('editedAt', nowIso(editor));
  });
}

/** Deleting hides the comment; its record stays so a concurrent edit cannot resurrect half of it. */
export function deleteComment(doc: Y.Doc, editor: Editor, commentId: string): void {
  write(doc, editor, () => {
    const comment = ownComment(doc, editor, commentId);
    comment.set('deletedAt', nowIso(editor));
    comment.set('body', '');
  });
}

/**
 * One stored comment, validated field by field (SPEC M9): a hidden (deleted) comment, or one
 * without its task, author, time or a body, is no comment; a bad `editedAt` reads as never edited.
 */
function readCommentAt(commentId: string, c: Y.Map<unknown>): Comment | undefined {
  if (typeof c.get('deletedAt') === 'string') return undefined;
  const task = id.safeParse(c.get('taskId'));
  const body = z.string().min(1).max(COMMENT_LIMIT).safeParse(c.get('body'));
  const author = id.safeParse(c.get('authorId'));
  const created = iso.safeParse(c.get('createdAt'));
  if (!task.success || !body.success || !author.success || !created.success) return undefined;
  const edited = iso.safeParse(c.get('editedAt'));
  return {
    id: commentId,
    taskId: task.data,
    body: body.data,
    authorId: author.data,
    createdAt: created.data,
    editedAt: edited.success ? edited.data : null,
  };
}

/**
 * A live comment by id, or undefined when there is none or it is malformed. The comment names its
 * task, so a caller that only has the comment id (a notification for a new one) learns it here;
 * a caller scoped to a task compares `taskId`.
 */
export function readComment(doc: Y.Doc, commentId: string): Comment | undefined {
  const c = getYMap(commentsMap(doc) as Y.Map<unknown>, commentId);
  return c && readCommentAt(commentId, c);
}

/** A task's live comments, oldest first: the comment index names them, no walk over every comment. */
export function readComments(doc: Y.Doc, taskId: string): Comment[] {
  const out: Comment[] = [];
  const all = commentsMap(doc) as Y.Map<unknown>;
  for (const cid of commentIndex(doc).ofTask(taskId)) {
    const c = getYMap(all, cid);
    const comment = c && c.get('taskId') === taskId ? readCommentAt(cid, c) : undefined;
    if (comment) out.push(comment);
  }
  return out.sort((a, b) =>
    a.createdAt === b.createdAt ? (a.id < b.id ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
  );
}
