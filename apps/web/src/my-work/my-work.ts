/**
 * "My work" (issue 14): the open tasks assigned to me across every live project of the workspace,
 * by due day (overdue first, the oldest first; tasks without a date last). A task in its
 * project's last column counts as done and is left out, as on the cards' progress.
 */
import {
  compareByDue,
  deadlineDay,
  doneColumnOf,
  type Project,
  readAllTasks,
  readProjects,
  type Task,
} from '@taskflow/model';
import type * as Y from 'yjs';

export type MyWorkItem = { task: Task; project: Project };

export function readMyWork(doc: Y.Doc, me: string): MyWorkItem[] {
  const projects = new Map<string, { project: Project; done: string | null }>();
  for (const project of readProjects(doc)) {
    if (project.archivedAt === null)
      projects.set(project.id, { project, done: doneColumnOf(doc, project.id) });
  }
  const out: MyWorkItem[] = [];
  for (const task of readAllTasks(doc)) {
    if (task.assignee !== me || task.archivedAt !== null) continue;
    const p = projects.get(task.projectId);
    if (p && task.columnId !== p.done) out.push({ task, project: p.project });
  }
  return out.sort((a, b) => compareByDue(a.task, b.task));
}

export type DueState = 'overdue' | 'today' | 'later' | 'none';

export function dueState(deadline: string | null, today: string): DueState {
  const day = deadlineDay(deadline);
  if (day === null) return 'none';
  return day < today ? 'overdue' : day === today ? 'today' : 'later';
}
