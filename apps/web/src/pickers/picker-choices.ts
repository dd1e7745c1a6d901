/**
 * What each picker offers, as plain data (tested without a DOM): people with "Assign to me" and
 * "Unassigned" first, labels used anywhere in the workspace, priorities from the highest, and
 * what a label choice does to several tasks at once.
 */
import { type BulkAction, LIMITS, PRIORITIES, type Priority, type Task } from '@taskflow/model';
import { PRIORITY_LABELS } from '../palette/palette-items.ts';
import type { PickerOption } from './picker-options.ts';

/** Not actor ids (those never start with a NUL), so they cannot name a person. */
export const ME = '\u0000me';
export const NOBODY = '\u0000nobody';

/** The actor id a picked assignee option stands for (null: unassigned). */
export function assigneeOf(optionId: string, me: string): string | null {
  if (optionId === ME) return me;
  if (optionId === NOBODY) return null;
  return optionId;
}

export function assigneeOptions(people: Record<string, string>, me: string): PickerOption[] {
  const named = Object.entries(people)
    // `system` is the server's name for its own changes (read as "Taskflow"): nobody to assign.
    .filter(([id]) => id !== 'system')
    .map(([id, name]) => ({ id, label: id === me ? `${name} (you)` : name, keywords: id === me ? 'me' : '' }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return [
    { id: ME, label: 'Assign to me', keywords: `me myself ${people[me] ?? ''}` },
    { id: NOBODY, label: 'Unassigned', keywords: 'nobody none no one' },
    ...named,
  ];
}

/** Every label on any task, once, sorted as people read them. */
export function labelsIn(tasks: Iterable<Pick<Task, 'labels'>>): string[] {
  const seen = new Set<string>();
  for (const task of tasks) for (const label of task.labels) seen.add(label);
  return [...seen].sort((a, b) => a.localeCompare(b));
}

/**
 * Picking a label for several tasks: when every one has it, it comes off all of them; otherwise
 * it goes on those that lack it (as Linear does).
 */
export function labelAction(tasks: readonly Pick<Task, 'labels'>[], label: string): BulkAction {
  const everyone = tasks.length > 0 && tasks.every((t) => t.labels.includes(label));
  return { kind: everyone ? 'remove-label' : 'add-label', label };
}

/** Why `text` cannot become a new label on these tasks, or null. */
export function labelRefusal(text: string, tasks: readonly Pick<Task, 'labels'>[]): string | null {
  if (text.trim().length > LIMITS.label) return `A label has at most ${LIMITS.label} characters.`;
  if (tasks.some((t) => t.labels.length >= LIMITS.labels))
    return `A task has at most ${LIMITS.labels} labels.`;
  return null;
}

export const PRIORITY_KEYWORDS: Record<Priority, string> = {
  highest: 'urgent critical',
  high: '',
  medium: 'normal default',
  low: '',
  lowest: 'trivial',
};

/** Highest first, as Linear and Jira list them. */
export function priorityOptions(): PickerOption[] {
  return [...PRIORITIES]
    .reverse()
    .map((p) => ({ id: p, label: PRIORITY_LABELS[p], keywords: PRIORITY_KEYWORDS[p] }));
}
