/**
 * Which comments each task has, kept up to date as the document changes, so a task's comments (its
 * panel, a REST page of them) cost that task's comments, not a walk over every comment of the
 * workspace (issue 13). One index per document, built on first use by one walk, then refreshed per
 * changed comment (touched-entries.ts), like task-index.ts. The index only knows which task each
 * stored comment names; what a reader returns is read from the document at read time.
 */
import type * as Y from 'yjs';
import { commentsMap, getYMap } from './doc.ts';
import { FollowedEntries } from './touched-entries.ts';

/** Full walks over the comments map, per document: what tests count to prove a path never makes one. */
const walks = new WeakMap<Y.Doc, number>();

export function countCommentWalk(doc: Y.Doc): void {
  walks.set(doc, (walks.get(doc) ?? 0) + 1);
}

/** How many full walks over the comments were made on `doc` so far. */
export function commentWalks(doc: Y.Doc): number {
  return walks.get(doc) ?? 0;
}

export class CommentIndex {
  readonly #doc: Y.Doc;
  readonly #followed: FollowedEntries;
  /** comment → the task it names (as stored, when a string). */
  readonly #taskOf = new Map<string, string>();
  readonly #byTask = new Map<string, Set<string>>();

  constructor(doc: Y.Doc) {
    this.#doc = doc;
    this.#followed = new FollowedEntries(doc, () => commentsMap(doc) as unknown as Y.AbstractType<unknown>);
  }

  /** The ids of the comments naming the task (deleted ones too), in no particular order. */
  ofTask(taskId: string): readonly string[] {
    this.#refresh();
    const set = this.#byTask.get(taskId);
    return set ? [...set] : [];
  }

  #refresh(): void {
    this.#followed.refresh(this.#build, this.#setOne);
  }

  readonly #build = (): void => {
    countCommentWalk(this.#doc);
    const all = commentsMap(this.#doc) as Y.Map<unknown>;
    all.forEach((_, id) => {
      this.#set(id, getYMap(all, id));
    });
  };

  readonly #setOne = (id: string): void => {
    this.#set(id, getYMap(commentsMap(this.#doc) as Y.Map<unknown>, id));
  };

  #set(id: string, map: Y.Map<unknown> | undefined): void {
    const taskId = map?.get('taskId');
    const next = typeof taskId === 'string' ? taskId : undefined;
    const prev = this.#taskOf.get(id);
    if (prev === next) return;
    if (prev !== undefined) {
      const set = this.#byTask.get(prev);
      set?.delete(id);
      if (set?.size === 0) this.#byTask.delete(prev);
    }
    if (next === undefined) {
      this.#taskOf.delete(id);
      return;
    }
    this.#taskOf.set(id, next);
    let set = this.#byTask.get(next);
    if (!set) {
      set = new Set();
      this.#byTask.set(next, set);
    }
    set.add(id);
  }
}

const indexes = new WeakMap<Y.Doc, CommentIndex>();

/** The document's comment index, made on first use. */
export function commentIndex(doc: Y.Doc): CommentIndex {
  let index = indexes.get(doc);
  if (!index) {
    index = new CommentIndex(doc);
    indexes.set(doc, index);
  }
  return index;
}
