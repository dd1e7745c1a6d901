/**
 * A short name for an undo step, as the buttons show it after "Undo" or "Redo": `move of “Fix
 * login”`, `new column “Review”`, `3 changes`. Named when the step is recorded, with the names as
 * they are then, so the label does not change under the person's eyes.
 */
import type * as Y from 'yjs';
import { entityOf } from './undo-record.ts';
import { type Change, targetName } from './undo-targets.ts';

const MAX_NAME = 40;

function quoted(name: string): string {
  const short = name.length > MAX_NAME ? `${name.slice(0, MAX_NAME - 1)}…` : name;
  return `“${short}”`;
}

function created(change: Change): boolean {
  return change.before === true && change.after === false;
}

/** What a step did to one task, column or project, most telling first. */
function whatHappened(changes: readonly Change[]): string {
  const kinds = new Set(changes.map((c) => c.target.kind));
  const archived = changes.find((c) => c.target.kind.endsWith('-archived'));
  const subject = changes[0]?.target.kind.split('-')[0] ?? 'task';
  const noun = subject === 'task' ? '' : `${subject} `;
  const deleted = changes.find((c) => c.target.kind.endsWith('-deleted'));
  if (deleted) return deleted.after === true ? `delete of ${noun}` : `undelete of ${noun}`;
  if (archived && created(archived)) return subject === 'task' ? 'creation of ' : `new ${subject} `;
  if (archived) return archived.after === true ? `archive of ${noun}` : `restore of ${noun}`;
  if (kinds.has('task-placement') || kinds.has('column-rank')) return `move of ${noun}`;
  if (kinds.has('column-name') || kinds.has('project-name')) return `rename of ${noun}`;
  if (kinds.has('task-check') || kinds.has('task-check-field')) return 'checklist of ';
  if (kinds.has('task-link')) return 'links of ';
  return 'edit of ';
}

/**
 * A step over several things: a bulk action on tasks (bulk.ts) names what it did to all of them,
 * `priority of 50 tasks`, `move of 12 tasks`; any other mix is counted.
 */
function manyLabel(changes: readonly Change[], count: number): string {
  const what = new Set(
    changes.map((c) => {
      if (c.target.kind === 'task-field') return c.target.field;
      if (c.target.kind === 'task-placement') return 'move';
      if (c.target.kind === 'task-check' || c.target.kind === 'task-check-field') return 'checklist';
      if (c.target.kind === 'task-link') return 'links';
      if (c.target.kind === 'task-deleted') return c.after === true ? 'delete' : 'undelete';
      if (c.target.kind === 'task-archived' && !created(c)) return c.after === true ? 'archive' : 'restore';
      return 'other';
    }),
  );
  const only = what.size === 1 ? [...what][0] : undefined;
  if (!only || only === 'other' || changes.some((c) => !c.target.kind.startsWith('task-'))) {
    return `${count} changes`;
  }
  return `${only} of ${count} tasks`;
}

export function stepLabel(doc: Y.Doc, changes: readonly Change[]): string {
  const first = changes[0];
  if (!first) return 'no change';
  // A project deleted with its tasks is named as the project's deletion, not "N changes".
  const project = changes.find((c) => c.target.kind === 'project-deleted');
  if (project) return `${whatHappened([project])}${quoted(targetName(doc, project.target))}`;
  const entities = new Set(changes.map((c) => `${c.target.kind.split('-')[0]}:${entityOf(c.target)}`));
  if (entities.size > 1) return manyLabel(changes, entities.size);
  return `${whatHappened(changes)}${quoted(targetName(doc, first.target))}`;
}
