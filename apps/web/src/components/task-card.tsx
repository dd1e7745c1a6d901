/**
 * A task on the board. Memoized on the fields it shows: a document update re-renders only the
 * cards whose task changed, which keeps large boards responsive.
 */
import type { Task } from '@taskflow/model';
import { memo, type ReactNode, useCallback, useRef } from 'react';
import '../dnd/keyboard-move.css';
import { MoveHandle } from '../dnd/keyboard-move.tsx';
import { type SortableHandle, useSortableItem } from '../dnd/sortable-item.tsx';
import { CardDue } from '../due/card-due.tsx';
import { Avatar } from '../pickers/avatar.tsx';
import { LabelChip } from '../pickers/label-chip.tsx';
import { PriorityIcon } from '../pickers/priority-icon.tsx';
import { TaskKeyLabel, useProjectKey } from '../planning/task-key.tsx';
import { useCursorFocus } from '../shortcuts/use-cursor-focus.ts';
import { CardStructure } from '../structure/card-structure.tsx';
import '../shortcuts/shortcuts.css';

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
  /** Under the keyboard cursor (shortcuts/board-selection.ts): highlighted, and focused. */
  cursor: boolean;
  /** Marked with X: the shortcuts act on it with the others marked. */
  marked: boolean;
  /** Picked up with the keyboard (dnd/keyboard-move.tsx). */
  lifted: boolean;
  /** A keyboard move would land before or after this card. */
  dropSide: 'before' | 'after' | null;
};

/** The card's content without interaction; also drawn under the pointer while dragging. */
export function TaskCardBody({
  task,
  assigneeName,
  title,
}: {
  task: Task;
  assigneeName: string;
  /** The title as the card's open button; plain text when not given (the drag overlay). */
  title?: ReactNode;
}) {
  const projectKey = useProjectKey();
  const hasMeta = task.labels.length > 0 || task.deadline || task.estimate !== null || assigneeName;
  return (
    <>
      {projectKey && <TaskKeyLabel projectKey={projectKey} task={task} />}
      {title ?? <span className="task-title-text">{task.title}</span>}
      <CardStructure task={task} />
      {hasMeta || task.priority !== 'medium' ? (
        <div className="task-meta">
          {task.priority !== 'medium' && <PriorityIcon priority={task.priority} labelled />}
          {task.labels.map((label) => (
            <LabelChip key={label} label={label} />
          ))}
          {task.deadline && <CardDue deadline={task.deadline} deadlineTime={task.deadlineTime ?? null} />}
          {task.estimate !== null && (
            <span className="estimate" title="Estimate">
              {task.estimate} pt
            </span>
          )}
          {assigneeName && (
            <span className="card-assignee" title={`Assignee: ${assigneeName}`}>
              <Avatar name={assigneeName} />
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

function TaskCardImpl({
  task,
  assigneeName,
  onOpen,
  readOnly,
  position,
  setSize,
  top,
  measure,
  cursor,
  marked,
  lifted,
  dropSide,
}: Props) {
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
      className={`task-item${isDragging || lifted ? ' is-dragging' : ''}${cursor ? ' is-cursor' : ''}${marked ? ' is-marked' : ''}${dropSide ? ` drop-${dropSide}` : ''}`}
      aria-current={cursor || undefined}
      data-selected={marked || undefined}
      {...pointerListeners}
    >
      <CardFace
        task={task}
        assigneeName={assigneeName}
        onOpen={onOpen}
        readOnly={readOnly}
        handle={handle}
        cursor={cursor}
        marked={marked}
        lifted={lifted}
      />
    </li>
  );
}

type FaceProps = Pick<
  Props,
  'task' | 'assigneeName' | 'onOpen' | 'readOnly' | 'cursor' | 'marked' | 'lifted'
> & {
  handle: SortableHandle;
};

const CardFace = memo(function CardFace({
  task,
  assigneeName,
  onOpen,
  readOnly,
  handle,
  cursor,
  marked,
  lifted,
}: FaceProps) {
  const open = useRef<HTMLButtonElement>(null);
  useCursorFocus(open, cursor);
  return (
    <article className="task-card" aria-label={task.title}>
      {/* Only the title is the button (stretched over the card by CSS): a button's name must
          contain its visible text (WCAG 2.5.3), and the key and meta are not part of "Open …". */}
      <TaskCardBody
        task={task}
        assigneeName={assigneeName}
        title={
          <button
            ref={open}
            type="button"
            className="task-open"
            onClick={() => onOpen(task.id)}
            aria-label={`Open ${task.title}`}
          >
            <span className="task-title-text">{task.title}</span>
          </button>
        }
      />
      {marked && <span className="visually-hidden">Selected</span>}
      {!readOnly && (
        <MoveHandle
          taskId={task.id}
          handleRef={handle.ref}
          lifted={lifted}
          className="drag-handle"
          label={`Move ${task.title}`}
        />
      )}
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
    a.cursor === b.cursor &&
    a.marked === b.marked &&
    a.lifted === b.lifted &&
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
    a.cursor === b.cursor &&
    a.marked === b.marked &&
    a.lifted === b.lifted &&
    a.dropSide === b.dropSide &&
    sameTask(a.task, b.task)
  );
}

export const TaskCard = memo(TaskCardImpl, sameCard);
