/**
 * Turns the Yjs events of one of my transactions into the changes an undo needs (undo-targets.ts).
 *
 * Only what a person changes is kept: task fields set with `updateTask`, archived state, placement,
 * checklist items and links;
 * column and project names, ranks and archived state; new tasks, columns and projects (whose undo
 * is to archive them, since nothing is ever deleted, SPEC M2). Bookkeeping (`updatedBy`,
 * `updatedAt`), watching (M14), comments and the people map are not undo steps.
 *
 * A placement's "before" is the entry that won before this transaction: the register as it is now,
 * with each key this transaction changed put back to its old value (or removed, if it added it).
 */
import * as Y from 'yjs';
import { columnsMap, getYMap, projectsMap, tasksMap } from './doc.ts';
import { isPlacement, type PlacementEntry, placementEntries, winningEntry } from './placement.ts';
import { readColumnAt } from './read.ts';
import { CHECK_PREFIX, LINK_PREFIX, type LinkType } from './structure-stored.ts';
import { checklistItemBefore, checklistItemValue, linkValue } from './structure-values.ts';
import {
  type Change,
  type ChangeTarget,
  type PlacementValue,
  readTarget,
  TASK_FIELDS,
  type TaskField,
} from './undo-targets.ts';

type KeyChange = { action: 'add' | 'update' | 'delete'; oldValue: unknown };

/** Collects the changes of one transaction, event by event, as the deep observers deliver them. */
export class ChangeCollector {
  readonly changes: Change[] = [];
  /** Tasks, columns and projects this transaction created: their own field changes are not steps. */
  readonly created = new Set<string>();

  constructor(private readonly doc: Y.Doc) {}

  tasks(events: Y.YEvent<Y.AbstractType<unknown>>[]): void {
    for (const event of events) {
      if (!(event instanceof Y.YMapEvent)) continue;
      const keys = event.keys as Map<string, KeyChange>;
      const path = event.path;
      if (event.target === tasksMap(this.doc)) {
        this.added(keys, (taskId) => ({ kind: 'task-archived', taskId }));
      } else if (path.length === 1) {
        this.taskKeys(String(path[0]), keys, event.target as Y.Map<unknown>);
      } else if (path.length === 2 && path[1] === 'placement') {
        this.placement(String(path[0]), keys, event.target as Y.Map<unknown>);
      } else if (path.length === 2 && String(path[1]).startsWith(CHECK_PREFIX)) {
        this.checkFields(
          String(path[0]),
          String(path[1]).slice(CHECK_PREFIX.length),
          keys,
          event.target as Y.Map<unknown>,
        );
      }
    }
  }

  columns(events: Y.YEvent<Y.AbstractType<unknown>>[]): void {
    for (const event of events) {
      if (!(event instanceof Y.YMapEvent)) continue;
      const keys = event.keys as Map<string, KeyChange>;
      if (event.target === columnsMap(this.doc)) {
        this.added(keys, (columnId) => ({ kind: 'column-archived', columnId }));
      } else if (event.path.length === 1) {
        const columnId = String(event.path[0]);
        this.plain(keys, 'name', { kind: 'column-name', columnId });
        this.plain(keys, 'rank', { kind: 'column-rank', columnId });
        this.archived(keys, { kind: 'column-archived', columnId });
      }
    }
  }

  projects(events: Y.YEvent<Y.AbstractType<unknown>>[]): void {
    for (const event of events) {
      if (!(event instanceof Y.YMapEvent)) continue;
      const keys = event.keys as Map<string, KeyChange>;
      if (event.target === projectsMap(this.doc)) {
        this.added(keys, (projectId) => ({ kind: 'project-archived', projectId }));
      } else if (event.path.length === 1) {
        const projectId = String(event.path[0]);
        this.plain(keys, 'name', { kind: 'project-name', projectId });
        this.archived(keys, { kind: 'project-archived', projectId });
        this.deleted(keys, { kind: 'project-deleted', projectId });
      }
    }
  }

  /**
   * A new entry counts as archived before it existed, so undoing its creation archives it and
   * redoing restores it.
   */
  private added(keys: Map<string, KeyChange>, target: (id: string) => ChangeTarget): void {
    for (const [id, change] of keys) {
      if (change.action !== 'add') continue;
      this.created.add(id);
      this.push({ target: target(id), before: true, after: readTarget(this.doc, target(id)) });
    }
  }

  private taskKeys(taskId: string, keys: Map<string, KeyChange>, task: Y.Map<unknown>): void {
    for (const [key, change] of keys) {
      if ((TASK_FIELDS as readonly string[]).includes(key)) {
        const field = key as TaskField;
        this.push({
          target: { kind: 'task-field', taskId, field },
          before: change.oldValue ?? null,
          after: task.get(field) ?? null,
        });
      }
    }
    this.archived(keys, { kind: 'task-archived', taskId });
    this.deleted(keys, { kind: 'task-deleted', taskId });
    for (const [key, change] of keys) {
      if (key.startsWith(CHECK_PREFIX)) {
        const target: ChangeTarget = { kind: 'task-check', taskId, itemId: key.slice(CHECK_PREFIX.length) };
        const before = change.action === 'add' ? null : checklistItemValue(change.oldValue);
        this.push({ target, before, after: readTarget(this.doc, target) });
      } else if (key.startsWith(LINK_PREFIX)) {
        const link = linkValue(
          key.slice(LINK_PREFIX.length),
          change.action === 'add' ? task.get(key) : change.oldValue,
        );
        if (!link) continue;
        const target: ChangeTarget = {
          kind: 'task-link',
          taskId,
          type: link.type as LinkType,
          targetId: link.targetId,
        };
        this.push({ target, before: change.action !== 'add', after: readTarget(this.doc, target) });
      }
    }
  }

  /** A checklist item renamed, ticked or moved: one change per value. */
  private checkFields(
    taskId: string,
    itemId: string,
    keys: Map<string, KeyChange>,
    item: Y.Map<unknown>,
  ): void {
    const before = checklistItemBefore(item, keys);
    const after = checklistItemValue(item);
    if (!before || !after) return;
    for (const field of ['text', 'done', 'rank'] as const) {
      if (before[field] !== after[field])
        this.push({
          target: { kind: 'task-check-field', taskId, itemId, field },
          before: before[field],
          after: after[field],
        });
    }
  }

  private deleted(keys: Map<string, KeyChange>, target: ChangeTarget): void {
    const change = keys.get('deletedAt');
    if (!change) return;
    // As deleted-record.ts reads it: any non-empty string is deleted.
    const before = typeof change.oldValue === 'string' && change.oldValue.length > 0;
    this.push({ target, before, after: readTarget(this.doc, target) });
  }

  private plain(keys: Map<string, KeyChange>, key: string, target: ChangeTarget): void {
    const change = keys.get(key);
    if (change) this.push({ target, before: change.oldValue, after: readTarget(this.doc, target) });
  }

  private archived(keys: Map<string, KeyChange>, target: ChangeTarget): void {
    const change = keys.get('archivedAt');
    if (!change) return;
    // The same reading as the readers' (any non-empty string is archived), applied to the old value.
    const before = typeof change.oldValue === 'string' && change.oldValue.length > 0;
    this.push({ target, before, after: readTarget(this.doc, target) });
  }

  private placement(taskId: string, keys: Map<string, KeyChange>, register: Y.Map<unknown>): void {
    const now = placementEntries(register);
    const previous = new Map<string, PlacementEntry>(now.map((e) => [e.key, e]));
    for (const [key, change] of keys) {
      if (change.action === 'add') previous.delete(key);
      else if (isPlacement(change.oldValue)) previous.set(key, { ...change.oldValue, key });
      else previous.delete(key);
    }
    const before = winningEntry([...previous.values()]);
    const after = winningEntry(now);
    if (!before || !after) return;
    this.push({ target: { kind: 'task-placement', taskId }, before: placed(before), after: placed(after) });
  }

  /**
   * The changes, once every observer has reported. A new project's default columns are part of
   * creating it: archiving the project undoes that, and archiving its columns too would be refused
   * at the last one (SPEC M6).
   */
  finish(): Change[] {
    return this.changes.filter((change) => {
      if (change.target.kind !== 'column-archived' || !isCreation(change)) return true;
      const map = getYMap(columnsMap(this.doc) as Y.Map<unknown>, change.target.columnId);
      const projectId = map && readColumnAt(change.target.columnId, map)?.projectId;
      return !(projectId && this.created.has(projectId));
    });
  }

  private push(change: Change): void {
    if (change.after === undefined) return;
    const id = entityOf(change.target);
    // Creating a task, column or project sets its fields too; the creation is the step.
    if (this.created.has(id) && !isCreation(change)) return;
    if (change.target.kind === 'task-placement') {
      if ((change.before as PlacementValue).moveId === (change.after as PlacementValue).moveId) return;
    } else if (JSON.stringify(change.before ?? null) === JSON.stringify(change.after ?? null)) return;
    this.changes.push(change);
  }
}

function placed(e: PlacementEntry): PlacementValue {
  return { col: e.col, rank: e.rank, moveId: e.moveId };
}

function isCreation(change: Change): boolean {
  return change.before === true && change.after === false && change.target.kind.endsWith('-archived');
}

export function entityOf(target: ChangeTarget): string {
  switch (target.kind) {
    case 'task-field':
    case 'task-archived':
    case 'task-placement':
    case 'task-deleted':
    case 'task-check':
    case 'task-check-field':
    case 'task-link':
      return target.taskId;
    case 'column-name':
    case 'column-rank':
    case 'column-archived':
      return target.columnId;
    case 'project-name':
    case 'project-archived':
    case 'project-deleted':
      return target.projectId;
  }
}
