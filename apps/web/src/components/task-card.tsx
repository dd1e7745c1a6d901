/**
 * A task on the board. Memoized on the fields it shows: a document update re-renders only the
 * cards whose task changed, which keeps large boards responsive.
 */
import type { Task } from '@taskflow/model';
import { memo, useCallback } from 'react';
import { DragHandle, type SortableHandle, useSortableItem } from '../dnd/sortable-item.tsx';
import { CardDue } from '../due/card-due.tsx';
import { TaskKeyLabel, useProjectKey } from '../planning/task-key.tsx';

type Props = {
  task: Task;
  assigneeName: string;
  onOpen: (id: string) => void;
  readOnly: boolean;
  /** Index in the whole column (the list is virtualized: most items are not in the DOM). */
  position: number;
  setSize: number;
  /** Offset from the list's top in px, from the virtualizer. */
  top: number;
  /** The virtualizer's measuring ref; it reads `data-index`. */
  measure: (node: HTMLElement | null) => void;
};

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return parts
    .slice(0, 2)
    .map((p) => p[0]?.toUpperCase() ?? '')
    .join('');
}

/** The card's content without interaction; also drawn under the pointer while dragging. */
export function TaskCardBody({ task, assigneeName }: { task: Task; assigneeName: string }) {
  const projectKey = useProjectKey();
  const hasMeta = task.labels.length > 0 || task.deadline || task.estimate !== null || assigneeName;
  return (
    <>
      {projectKey && <TaskKeyLabel projectKey={projectKey} task={task} />}
      <span className="task-title-text">{task.title}</span>
      {hasMeta || task.priority !== 'medium' ? (
        <div className="task-meta">
          {task.priority !== 'medium' && (
            <span className={`priority priority-${task.priority}`} title={`Priority: ${task.priority}`}>
              {task.priority}
            </span>
          )}
          {task.labels.map((label) => (
            <span key={label} className="label">
              {label}
            </span>
          ))}
          {task.deadline && <CardDue deadline={task.deadline} deadlineTime={task.deadlineTime ?? null} />}
          {task.estimate !== null && (
            <span className="estimate" title="Estimate">
              {task.estimate} pt
            </span>
          )}
          {assigneeName && (
            <span className="avatar" title={`Assignee: ${assigneeName}`}>
              {initials(assigneeName)}
            </span>
          )}
        </div>
      ) : null}
    </>
  );
}

/**
 * Cards do not slide from where they were when a column's items change: after a drop, dnd-kit
 * measured every card that moved (a forced layout) and rendered each a second time to animate it.
 */
const noLayoutAnimation = () => false;

function TaskCardImpl({ task, assigneeName, onOpen, readOnly, position, setSize, top, measure }: Props) {
  // The whole card drags with the pointer; only the handle starts a keyboard drag, so Enter on the
  // title still opens the task. dnd-kit re-renders every sortable item when a drag starts or ends:
  // this part stays small (the list item's position and transform), and the face below is memoized.
  const { setNodeRef, isDragging, pointerListeners, style, handle } = useSortableItem({
    id: task.id,
    data: { type: 'task', columnId: task.columnId },
    disabled: readOnly,
    animateLayoutChanges: noLayoutAnimation,
  });
  const ref = useCallback(
    (node: HTMLLIElement | null) => {
      setNodeRef(node);
      measure(node);
    },
    [setNodeRef, measure],
  );

  return (
    <li
      ref={ref}
      data-index={position}
      data-drop-id={task.id}
      aria-posinset={position + 1}
      aria-setsize={setSize}
      style={{ ...style, top }}
      className={`task-item${isDragging ? ' is-dragging' : ''}`}
      {...pointerListeners}
    >
      <CardFace task={task} assigneeName={assigneeName} onOpen={onOpen} readOnly={readOnly} handle={handle} />
    </li>
  );
}

type FaceProps = Pick<Props, 'task' | 'assigneeName' | 'onOpen' | 'readOnly'> & { handle: SortableHandle };

const CardFace = memo(function CardFace({ task, assigneeName, onOpen, readOnly, handle }: FaceProps) {
  return (
    <article className="task-card" aria-label={task.title}>
      <button
        type="button"
        className="task-open"
        onClick={() => onOpen(task.id)}
        aria-label={`Open ${task.title}`}
      >
        <TaskCardBody task={task} assigneeName={assigneeName} />
      </button>
      {!readOnly && <DragHandle handle={handle} className="drag-handle" label={`Move ${task.title}`} />}
    </article>
  );
}, sameFace);

/** The fields a card shows (or is placed by); a document update keeps unchanged tasks' cards as they were. */
function sameTask(x: Task, y: Task): boolean {
  return (
    x.id === y.id &&
    x.number === y.number &&
    x.updatedAt === y.updatedAt &&
    x.title === y.title &&
    x.priority === y.priority &&
    x.deadline === y.deadline &&
    x.deadlineTime === y.deadlineTime &&
    x.estimate === y.estimate &&
    x.columnId === y.columnId &&
    x.rank === y.rank &&
    x.labels.join('\u0000') === y.labels.join('\u0000')
  );
}

function sameFace(a: FaceProps, b: FaceProps): boolean {
  return (
    a.onOpen === b.onOpen &&
    a.readOnly === b.readOnly &&
    a.assigneeName === b.assigneeName &&
    a.handle === b.handle &&
    sameTask(a.task, b.task)
  );
}

function sameCard(a: Props, b: Props): boolean {
  return (
    a.onOpen === b.onOpen &&
    a.readOnly === b.readOnly &&
    a.assigneeName === b.assigneeName &&
    a.position === b.position &&
    a.setSize === b.setSize &&
    a.top === b.top &&
    a.measure === b.measure &&
    sameTask(a.task, b.task)
  );
}

export const TaskCard = memo(TaskCardImpl, sameCard);
