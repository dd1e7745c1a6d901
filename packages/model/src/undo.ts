/**
 * Undo and redo of one person's own changes in one replica (issue 10), on the shared document.
 *
 * Yjs's own UndoManager reverts the items a transaction inserted, which is the wrong thing here:
 * reverting a placement entry would resurrect an entry a later move had deleted, and an undone
 * edit would not be an edit by anyone (no `updatedBy`, no new move stamp). So each of my
 * transactions is recorded as what it meant — this field went from A to B, the task moved from
 * here to there, this column was created — and undoing it is a **new** change made with the
 * model's operations (undo-targets.ts): it syncs like any edit, and an undone move is a new move
 * that wins like any later move (SPEC M4).
 *
 * Someone else's change is never undone: only transactions this replica made for this person are
 * recorded (remote updates, other tabs, the server are not), and a change is put back only while
 * its target still holds the value it set. A field someone changed since, or a task someone moved
 * since, is left as it is and counted in the result, so the UI can say so.
 *
 * One transaction is one step (the model makes one per user action). Undo and redo write with an
 * origin object of their own, so they are never recorded as new steps; any other change of mine
 * clears the redo stack, as editors do.
 */
import type * as Y from 'yjs';
import { columnsMap, type Editor, projectsMap, tasksMap } from './doc.ts';
import { ModelError } from './errors.ts';
import { isModelOrigin, type Origin, userOrigin } from './origin.ts';
import { stepLabel } from './undo-label.ts';
import { ChangeCollector } from './undo-record.ts';
import { applyTarget, type Change, readTarget, sameValue, targetKey } from './undo-targets.ts';

export const UNDO_LIMIT = 100;

type Step = { readonly label: string; readonly changes: readonly Change[] };

export type UndoResult = {
  /** The step, as its label read: `move of “Fix login”`. */
  readonly label: string;
  /** Changes put back (or done again). */
  readonly applied: number;
  /** Changes left as they are because someone else changed the same thing since. */
  readonly changedSince: number;
  /** Changes the model refused now (the column was archived since, the last live column). */
  readonly refused: number;
};

export type UndoState = {
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly undoLabel: string | null;
  readonly redoLabel: string | null;
};

export type UndoHistoryOptions = {
  /** Steps kept; the oldest are dropped past it. */
  limit?: number;
  /** The clock undo and redo write with (move stamps, `updatedAt`); defaults to Date.now. */
  now?: () => number;
};

type DeepObserver = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => void;

export class UndoHistory {
  private readonly undoStack: Step[] = [];
  private readonly redoStack: Step[] = [];
  private readonly listeners = new Set<() => void>();
  /** Marks undo's and redo's own transactions: same person, but not a new step. */
  private readonly origin: Origin;
  private readonly editor: Editor;
  private readonly limit: number;
  private collecting: { tr: Y.Transaction; collector: ChangeCollector } | null = null;
  private current: UndoState = { canUndo: false, canRedo: false, undoLabel: null, redoLabel: null };
  private readonly stop: () => void;

  constructor(
    private readonly doc: Y.Doc,
    readonly actorId: string,
    options: UndoHistoryOptions = {},
  ) {
    this.origin = userOrigin(actorId);
    this.editor = options.now ? { origin: this.origin, now: options.now } : { origin: this.origin };
    this.limit = options.limit ?? UNDO_LIMIT;
    const observers: [Y.Map<unknown>, DeepObserver][] = [
      [tasksMap(doc) as Y.Map<unknown>, (events, tr) => this.collectorFor(tr)?.tasks(events)],
      [columnsMap(doc) as Y.Map<unknown>, (events, tr) => this.collectorFor(tr)?.columns(events)],
      [projectsMap(doc) as Y.Map<unknown>, (events, tr) => this.collectorFor(tr)?.projects(events)],
    ];
    for (const [map, observer] of observers) map.observeDeep(observer);
    const after = (tr: Y.Transaction) => this.record(tr);
    doc.on('afterTransaction', after);
    this.stop = () => {
      for (const [map, observer] of observers) map.unobserveDeep(observer);
      doc.off('afterTransaction', after);
    };
  }

  get state(): UndoState {
    return this.current;
  }

  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  get canRedo(): boolean {
    return this.redoStack.length > 0;
  }

  /** Undoes my latest step that is left; null when there is none. */
  undo(): UndoResult | null {
    return this.perform(this.undoStack, this.redoStack);
  }

  /** Does again the step undone last; null when there is none. */
  redo(): UndoResult | null {
    return this.perform(this.redoStack, this.undoStack);
  }

  /** Calls `listener` whenever `state` may have changed. Returns unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.stop();
    this.listeners.clear();
  }

  private isMine(tr: Y.Transaction): boolean {
    const origin: unknown = tr.origin;
    return (
      tr.local &&
      origin !== this.origin &&
      isModelOrigin(origin) &&
      origin.kind === 'user' &&
      origin.actorId === this.actorId
    );
  }

  private collectorFor(tr: Y.Transaction): ChangeCollector | undefined {
    if (!this.isMine(tr)) return undefined;
    if (this.collecting?.tr !== tr) this.collecting = { tr, collector: new ChangeCollector(this.doc) };
    return this.collecting.collector;
  }

  /** After every observer has reported a transaction of mine: one step, if it changed anything undoable. */
  private record(tr: Y.Transaction): void {
    if (this.collecting?.tr !== tr) return;
    const changes = this.collecting.collector.finish();
    this.collecting = null;
    if (changes.length === 0) return;
    this.undoStack.push({ label: stepLabel(this.doc, changes), changes });
    this.redoStack.length = 0;
    this.trim(this.undoStack);
    this.changed();
  }

  /**
   * Pops a step and puts each of its changes back, newest first, as one transaction; pushes what
   * was actually done onto the other stack, so redo (or undo again) touches only that.
   */
  private perform(from: Step[], to: Step[]): UndoResult | null {
    const step = from.pop();
    if (!step) return null;
    const done: Change[] = [];
    let changedSince = 0;
    let refused = 0;
    this.doc.transact(() => {
      for (const change of [...step.changes].reverse()) {
        const current = readTarget(this.doc, change.target);
        if (current === undefined || !sameValue(change.target, current, change.after)) {
          changedSince += 1;
          continue;
        }
        try {
          applyTarget(this.doc, this.editor, change.target, change.before);
        } catch (error) {
          // The model checks before it writes, so a refusal changed nothing.
          if (!(error instanceof ModelError)) throw error;
          refused += 1;
          continue;
        }
        const written = readTarget(this.doc, change.target);
        this.rebase(change.target, change.before, written);
        done.unshift({ target: change.target, before: change.after, after: written });
      }
    }, this.origin);
    if (done.length > 0) {
      to.push({ label: step.label, changes: done });
      this.trim(to);
    }
    this.changed();
    return { label: step.label, applied: done.length, changedSince, refused };
  }

  /**
   * Putting a placement back is a new move: a new value that stands for the old one. Steps that
   * expect the old value — my earlier step that left it, or a redo — now expect the new one, or
   * they would think someone else moved the task since.
   */
  private rebase(target: Change['target'], old: unknown, now: unknown): void {
    if (target.kind !== 'task-placement') return;
    const key = targetKey(target);
    const expectsOld = (c: Change) => targetKey(c.target) === key && sameValue(target, c.after, old);
    for (const stack of [this.undoStack, this.redoStack]) {
      for (const [i, step] of stack.entries()) {
        if (!step.changes.some(expectsOld)) continue;
        const changes = step.changes.map((c) => (expectsOld(c) ? { ...c, after: now } : c));
        stack[i] = { label: step.label, changes };
      }
    }
  }

  private trim(stack: Step[]): void {
    if (stack.length > this.limit) stack.splice(0, stack.length - this.limit);
  }

  private changed(): void {
    const top = (stack: Step[]) => stack[stack.length - 1]?.label ?? null;
    this.current = {
      canUndo: this.canUndo,
      canRedo: this.canRedo,
      undoLabel: top(this.undoStack),
      redoLabel: top(this.redoStack),
    };
    for (const listener of this.listeners) listener();
  }
}
