/**
 * The task detail form as plain strings, and back to a model patch with only the changed fields.
 * Assignees are free text until accounts exist: a name that matches a known person is stored as
 * that person's actor id, anything else as typed.
 */
import { PRIORITIES, type Priority, type Task, type TaskPatch } from '@taskflow/model';

export type TaskDraft = {
  title: string;
  description: string;
  priority: Priority;
  labels: string;
  assignee: string;
  deadline: string;
  estimate: string;
};

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

export function patchFrom(task: Task, draft: TaskDraft, people: Record<string, string>): TaskPatch {
  const patch: TaskPatch = {};
  if (draft.title.trim() !== task.title) patch.title = draft.title.trim();
  if (draft.description !== task.description) patch.description = draft.description;
  if (draft.priority !== task.priority) patch.priority = draft.priority;
  const labels = parseLabels(draft.labels);
  if (labels.join('\u0000') !== task.labels.join('\u0000')) patch.labels = labels;
  const assignee = assigneeId(draft.assignee, people);
  if (assignee !== task.assignee) patch.assignee = assignee;
  const deadline = draft.deadline || null;
  if (deadline !== task.deadline) patch.deadline = deadline;
  const estimate = draft.estimate.trim() === '' ? null : Number(draft.estimate);
  if (estimate !== task.estimate) patch.estimate = estimate;
  return patch;
}
