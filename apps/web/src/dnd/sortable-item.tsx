/**
 * A sortable item whose whole body drags with the pointer while only its handle starts a
 * keyboard drag, so Enter on the item's own button (open the task) keeps its meaning. The board's
 * cards and the backlog's rows both work this way.
 */
import { type UseSortableArguments, useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { KeyboardEventHandler } from 'react';

export function useSortableItem(args: UseSortableArguments) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } =
    useSortable(args);
  const { onKeyDown, ...pointerListeners } = listeners ?? {};
  return {
    setNodeRef,
    isDragging,
    pointerListeners,
    style: { transform: CSS.Translate.toString(transform), transition },
    handle: {
      ref: setActivatorNodeRef,
      attributes,
      onKeyDown: onKeyDown as KeyboardEventHandler<HTMLButtonElement> | undefined,
    },
  };
}

export type SortableHandle = ReturnType<typeof useSortableItem>['handle'];

/** The handle that picks an item up from the keyboard (Space or Enter), named for screen readers. */
export function DragHandle({
  handle,
  label,
  className,
}: {
  handle: SortableHandle;
  label: string;
  className: string;
}) {
  return (
    <button
      type="button"
      ref={handle.ref}
      className={className}
      {...handle.attributes}
      onKeyDown={handle.onKeyDown}
      aria-label={label}
    >
      ⠿
    </button>
  );
}
