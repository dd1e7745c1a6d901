/**
 * An issue type as a small drawing, as Jira shows it: a checked square for a task, a dot for a
 * bug, a bookmark for a story, a lightning bolt for an epic. Labelled, it is an image named by the
 * type (a card); otherwise decoration beside the type's word (the picker).
 */
import type { TaskType } from '@taskflow/model';
import { SmallIcon } from '../ui/small-icon.tsx';
import './structure.css';

export const TYPE_LABELS: Record<TaskType, string> = {
  task: 'Task',
  bug: 'Bug',
  story: 'Story',
  epic: 'Epic',
};

function Shapes({ type }: { type: TaskType }) {
  switch (type) {
    case 'task':
      return (
        <>
          <rect x="1" y="1" width="14" height="14" rx="3" fill="currentColor" />
          <path d="M4.5 8.2l2.3 2.3 4.7-5" stroke="var(--surface)" strokeWidth="1.8" fill="none" />
        </>
      );
    case 'bug':
      return (
        <>
          <rect x="1" y="1" width="14" height="14" rx="3" fill="currentColor" />
          <circle cx="8" cy="8" r="3.2" fill="var(--surface)" />
        </>
      );
    case 'story':
      return (
        <>
          <rect x="1" y="1" width="14" height="14" rx="3" fill="currentColor" />
          <path d="M5 3.5h6v9l-3-2.2-3 2.2z" fill="var(--surface)" />
        </>
      );
    case 'epic':
      return (
        <>
          <rect x="1" y="1" width="14" height="14" rx="3" fill="currentColor" />
          <path d="M9 2.8L4.8 9h3l-1 4.2L11.2 7h-3z" fill="var(--surface)" />
        </>
      );
  }
}

export function TypeIcon({ type, labelled = false }: { type: TaskType; labelled?: boolean }) {
  return (
    <SmallIcon
      className={`type-icon type-${type}`}
      label={labelled ? `Type: ${TYPE_LABELS[type]}` : undefined}
      data={{ 'data-type': type }}
    >
      <Shapes type={type} />
    </SmallIcon>
  );
}
