/**
 * The changes a team makes over weeks, for the history bench: tasks created all along the way
 * (uniformly over the run, so edits always find tasks to act on), titles and descriptions edited,
 * fields set, cards moved, comments added, edited and deleted, tasks archived and restored. Every
 * change is one call of the model's operations, so each one is a real update as a client sends it.
 *
 * On a 10,000-task board `createTask` and `moveTask` scan every task to find the neighbours in the
 * column (readColumnOrder), several ms each here: 100,000 of them would take the whole time budget.
 * So in `fast` mode a task is created by a short-lived client that knows only the projects (a
 * fresh Y.Doc every 200 creations, as a new browser session would be) and its update is applied to
 * the board; a move uses `placeTask` next to another task of the project (the same placement write
 * as `moveTask`, with a neighbour's rank instead of a computed one). Without `fast` (small boards,
 * real clients) the ordinary `createTask` and `moveTask` are used.
 */
import {
  addComment,
  archiveTask,
  createTask,
  deleteComment,
  type Editor,
  editComment,
  liveColumns,
  moveTask,
  PRIORITIES,
  placeTask,
  readColumns,
  readTask,
  restoreTask,
  type TaskPatch,
  updateTask,
} from '@taskflow/model';
import type { Rng } from '@taskflow/model/testing/prng';
import * as Y from 'yjs';

export type Person = { userId: string; editor: Editor };

export type WorkloadOptions = {
  rng: Rng;
  people: readonly Person[];
  /** Projects to spread tasks over (they exist in `doc` already). */
  projects: readonly string[];
  /** Tasks to create over the run, and changes in all (creations included). */
  tasks: number;
  changes: number;
  fast: boolean;
};

const WORDS = (
  'plan ship review fix login page search export report invoice mobile layout sync offline ' +
  'cache query import billing email reminder sprint backlog design api token upload chart ' +
  'filter label deadline release notes onboarding settings profile avatar dark mode audit'
).split(' ');

/** Relative weights of the changes other than creations. */
const MIX = [
  ['title', 20],
  ['description', 12],
  ['fields', 14],
  ['move', 30],
  ['comment', 10],
  ['commentEdit', 3],
  ['commentDelete', 1],
  ['archive', 6],
  ['restore', 4],
] as const;
type Kind = (typeof MIX)[number][0] | 'create';

const CREATES_PER_SESSION = 200;

type Comment = { id: string; author: Person };

export class Workload {
  readonly #doc: Y.Doc;
  readonly #o: WorkloadOptions;
  readonly #columns = new Map<string, string[]>();
  readonly #tasks: { id: string; projectId: string }[] = [];
  readonly #archived: string[] = [];
  readonly #comments: Comment[] = [];
  /** The projects as they were before any task: what a creating client starts from. */
  readonly #base: Uint8Array;
  #session: Y.Doc | undefined;
  #sessionCreates = 0;
  #done = 0;
  /** Updates the document has emitted: a step that emitted none changed nothing. */
  #updates = 0;

  constructor(doc: Y.Doc, options: WorkloadOptions) {
    this.#doc = doc;
    this.#o = options;
    doc.on('update', () => {
      this.#updates += 1;
    });
    for (const p of options.projects)
      this.#columns.set(
        p,
        liveColumns(readColumns(doc, p)).map((c) => c.id),
      );
    this.#base = Y.encodeStateAsUpdate(doc);
  }

  /** Ids of every task created so far. */
  get taskIds(): string[] {
    return this.#tasks.map((t) => t.id);
  }

  /** Makes the next change; returns its kind. */
  step(): Kind {
    const { rng, tasks, changes } = this.#o;
    const createsLeft = tasks - this.#tasks.length;
    const changesLeft = Math.max(1, changes - this.#done);
    this.#done += 1;
    const kind: Kind =
      this.#tasks.length === 0 || rng.next() < createsLeft / changesLeft ? 'create' : this.#pick();
    const before = this.#updates;
    if (this.#run(kind, rng.pick(this.#o.people)) && this.#updates > before) return kind;
    // Nothing to act on (no comment yet, nothing archived) or nothing changed (a priority set to
    // what it was): a title edit instead, so every step is one stored update.
    this.#run('title', rng.pick(this.#o.people));
    return 'title';
  }

  #pick(): Kind {
    let n = this.#o.rng.int(MIX.reduce((s, [, w]) => s + w, 0));
    for (const [kind, w] of MIX) {
      n -= w;
      if (n < 0) return kind;
    }
    return 'move';
  }

  #run(kind: Kind, who: Person): boolean {
    const { rng } = this.#o;
    const doc = this.#doc;
    const ed = who.editor;
    const task = this.#tasks.length > 0 ? rng.pick(this.#tasks) : undefined;
    switch (kind) {
      case 'create':
        this.#create(who, rng.pick(this.#o.projects));
        return true;
      case 'title':
        if (!task) return false;
        updateTask(doc, ed, task.id, { title: this.#words(3, 8) });
        return true;
      case 'description':
        if (!task) return false;
        updateTask(doc, ed, task.id, { description: this.#words(10, 60) });
        return true;
      case 'fields':
        if (!task) return false;
        updateTask(doc, ed, task.id, this.#field());
        return true;
      case 'move':
        if (!task) return false;
        this.#move(ed, task);
        return true;
      case 'comment': {
        if (!task) return false;
        const id = addComment(doc, ed, task.id, this.#words(4, 30));
        this.#comments.push({ id, author: who });
        return true;
      }
      case 'commentEdit': {
        const c = this.#comments.length > 0 ? rng.pick(this.#comments) : undefined;
        if (!c) return false;
        editComment(doc, c.author.editor, c.id, this.#words(4, 30));
        return true;
      }
      case 'commentDelete': {
        if (this.#comments.length === 0) return false;
        const [c] = this.#comments.splice(rng.int(this.#comments.length), 1) as [Comment];
        deleteComment(doc, c.author.editor, c.id);
        return true;
      }
      case 'archive':
        if (!task || this.#archived.includes(task.id)) return false;
        archiveTask(doc, ed, task.id);
        this.#archived.push(task.id);
        return true;
      case 'restore': {
        if (this.#archived.length === 0) return false;
        const [id] = this.#archived.splice(rng.int(this.#archived.length), 1) as [string];
        restoreTask(doc, ed, id);
        return true;
      }
    }
  }

  #create(who: Person, projectId: string): void {
    const input = { projectId, title: this.#words(3, 8), description: this.#words(0, 40) };
    if (!this.#o.fast) {
      this.#tasks.push({ id: createTask(this.#doc, who.editor, input), projectId });
      return;
    }
    if (!this.#session || this.#sessionCreates >= CREATES_PER_SESSION) {
      this.#session?.destroy();
      this.#session = new Y.Doc();
      Y.applyUpdate(this.#session, this.#base);
      this.#sessionCreates = 0;
    }
    const session = this.#session;
    let update: Uint8Array | undefined;
    const keep = (u: Uint8Array) => {
      update = u;
    };
    session.on('update', keep);
    const id = createTask(session, who.editor, input);
    session.off('update', keep);
    this.#sessionCreates += 1;
    if (update) Y.applyUpdate(this.#doc, update, who.editor.origin);
    this.#tasks.push({ id, projectId });
  }

  #move(ed: Editor, task: { id: string; projectId: string }): void {
    const { rng } = this.#o;
    const column = rng.pick(this.#columns.get(task.projectId) ?? []);
    if (!this.#o.fast) {
      moveTask(this.#doc, ed, task.id, column, rng.int(8));
      return;
    }
    const neighbour = rng.pick(this.#tasks);
    const rank = readTask(this.#doc, neighbour.id)?.rank ?? 'a0';
    placeTask(this.#doc, ed, task.id, { col: column, rank });
  }

  #field(): TaskPatch {
    const { rng, people } = this.#o;
    switch (rng.int(5)) {
      case 0:
        return { priority: rng.pick(PRIORITIES) };
      case 1:
        return { assignee: rng.chance(0.1) ? null : rng.pick(people).userId };
      case 2:
        return { labels: Array.from({ length: rng.int(4) }, () => rng.pick(WORDS)) };
      case 3:
        return { deadline: rng.chance(0.1) ? null : `2027-0${1 + rng.int(9)}-${10 + rng.int(18)}` };
      default:
        return { estimate: rng.chance(0.1) ? null : 1 + rng.int(40) };
    }
  }

  #words(min: number, max: number): string {
    const n = min + this.#o.rng.int(max - min + 1);
    return Array.from({ length: n }, () => this.#o.rng.pick(WORDS)).join(' ');
  }
}
