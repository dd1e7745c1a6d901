/**
 * The task detail form as plain strings, and a field's text back to the model value it saves as.
 * Assignees are free text until accounts exist: a name that matches a known person is stored as
 * that person's actor id, anything else as typed.
 */
import { PRIORITIES, type Priority, type Task, type TaskPatch } from '@taskflow/model';

/** In the panel's order. */
export const TASK_FIELDS = [
  'title',
  'description',
  'priority',
  'assignee',
  'deadline',
  'estimate',
  'labels',
] as const;

export type TaskField = (typeof TASK_FIELDS)[number];

/** Every field as the text its control holds. */
export type TaskDraft = Record<TaskField, string>;

export function draftOf(task: Task, people: Record<string, string>): TaskDraft {
  return {
    title: task.title,
    description: task.description,
    priority: task.priority,
    labels: task.labels.join(', '),
    assignee: task.assignee === null ? '' : (people[task.assignee] ?? task.assignee),
    deadline: task.deadline ?? '',
    estimate: task.estimate === null ? '' : String(task.estimate),
  };
}

export function isPriority(x: string): x is Priority {
  return (PRIORITIES as readonly string[]).includes(x);
}

function parseLabels(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(',')) {
    const label = part.trim();
    if (label) seen.add(label);
  }
  return [...seen];
}

function assigneeId(text: string, people: Record<string, string>): string | null {
  const name = text.trim();
  if (!name) return null;
  const match = Object.entries(people).find(
    ([id, n]) => id !== 'system' && n.toLocaleLowerCase() === name.toLocaleLowerCase(),
  );
  return match ? match[0] : name;
}

/** One field's text as a patch of the model value it saves as. */
export function fieldPatch(field: TaskField, text: string, people: Record<string, string>): TaskPatch {
  switch (field) {
    case 'title':
      return { title: text.trim() };
    case 'description':
      return { description: text };
    case 'priority':
      // The select offers only priorities; anything else would be no change.
      return isPriority(text) ? { priority: text } : {};
    case 'labels':
      return { labels: parseLabels(text) };
    case 'assignee':
      return { assignee: assigneeId(text, people) };
    case 'deadline':
      return { deadline: text || null };
    case 'estimate':
      return { estimate: text.trim() === '' ? null : Number(text) };
  }
}

/** Whether two texts of a field save as the same value ("a,b" and "a, b" are the same labels). */
export function sameField(field: TaskField, a: string, b: string, people: Record<string, string>): boolean {
  return JSON.stringify(fieldPatch(field, a, people)) === JSON.stringify(fieldPatch(field, b, people));
}
