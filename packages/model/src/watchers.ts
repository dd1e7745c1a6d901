/**
 * Watching a task (SPEC M14): a person asks to hear about a task's status changes and comments.
 * Each watcher is a flat key `watch:<userId>` on the task's map holding true or false, not a
 * nested map: two people watching a task for the first time at once would otherwise each create
 * the nested map and one of them would be lost. Only the person themself sets their key (the
 * server refuses anything else).
 */
import type * as Y from 'yjs';
import { actorOf, type Editor, getYMap, tasksMap, write } from './doc.ts';
import { ModelError } from './errors.ts';
import type { Task } from './schema.ts';

const PREFIX = 'watch:';
const MAX_WATCHERS = 500;

/** The editor's own person starts or stops watching the task. */
export function watchTask(doc: Y.Doc, editor: Editor, taskId: string, watching: boolean): void {
  const actor = actorOf(editor);
  write(doc, editor, () => {
    const task = getYMap(tasksMap(doc) as Y.Map<unknown>, taskId);
    if (!task) throw new ModelError('not_found', 'That task does not exist.');
    if (watching && readWatchers(task).length >= MAX_WATCHERS)
      throw new ModelError('invalid_input', `A task can have at most ${MAX_WATCHERS} watchers.`);
    if ((task.get(PREFIX + actor) === true) === watching) return;
    task.set(PREFIX + actor, watching);
  });
}

/** Who chose to watch, sorted; anything but `true` under a watch key counts as not watching. */
export function readWatchers(task: Y.Map<unknown>): string[] {
  const out: string[] = [];
  for (const [key, value] of task.entries()) {
    if (
      key.startsWith(PREFIX) &&
      value === true &&
      key.length > PREFIX.length &&
      key.length <= 200 + PREFIX.length
    )
      out.push(key.slice(PREFIX.length));
  }
  return out.sort();
}

/**
 * Who hears about a task's status changes and comments, as in Jira: its creator, its assignee and
 * its watchers, each once, in that order.
 */
export function taskFollowers(task: Pick<Task, 'createdBy' | 'assignee' | 'watchers'>): string[] {
  const people = [task.createdBy, task.assignee, ...task.watchers].filter(
    (p): p is string => typeof p === 'string' && p !== 'unknown' && p !== 'system',
  );
  return [...new Set(people)];
}
