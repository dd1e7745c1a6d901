/**
 * A task's key as people see it, `WEB-12` (SPEC M21). Until the server has numbered the task the
 * key is provisional (`WEB-·a1b2`): usable, but shown as such, and it turns final live when the
 * number arrives by sync. Cards read their project's key from context, so a key rename reaches
 * every card without passing it through the columns.
 */
import { type Task, taskKey } from '@taskflow/model';
import { createContext, useContext } from 'react';

export const PROVISIONAL_KEY_TITLE = 'provisional until the server sees this task';

/** The key of the project whose tasks are shown below (null outside a project). */
export const ProjectKeyContext = createContext<string | null>(null);

export function useProjectKey(): string | null {
  return useContext(ProjectKeyContext);
}

type Props = { projectKey: string; task: Pick<Task, 'id' | 'number'>; className?: string };

export function TaskKeyLabel({ projectKey, task, className }: Props) {
  const key = taskKey(projectKey, task);
  return (
    <span
      className={`task-key${key.final ? '' : ' provisional'}${className ? ` ${className}` : ''}`}
      data-key-final={String(key.final)}
      title={key.final ? undefined : PROVISIONAL_KEY_TITLE}
    >
      {key.text}
    </span>
  );
}
