/**
 * A sortable item whose whole body drags with the pointer while only its handle starts a
 * keyboard drag, so Enter on the item's own button (open the task) keeps its meaning. The board's
 * cards and the backlog's rows both work this way.
 */
import { type UseSortableArguments, useSortable } from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { type KeyboardEventHandler, useMemo, useRef } from 'react';

export function useSortableItem(args: UseSortableArguments) {
  const {
    attributes,
    listeners,
    setNodeRef,
    setActivatorNodeRef,
    transform,
    transition,
    isDragging,
    isSorting,
  } = useSortable(args);
  const { onKeyDown, ...pointerListeners } = listeners ?? {};
  // dnd-kit gives every item of a drag's list a transition and a (mostly zero) transform while it
  // drags, and takes them away on the drop: a style change on every rendered item at both ends of a
  // drag. Only an item moved aside during this drag needs them (to slide there and back).
  const offset = transform && (transform.x !== 0 || transform.y !== 0) ? transform : null;
  const shifted = useRef(false);
  if (!isSorting) shifted.current = false;
  else if (offset) shifted.current = true;
  // The same object while dnd-kit's parts are the same (its attributes change only when this item is
  // picked up or dropped), so a memoized card face skips the re-render every drag start and end
  // causes in every sortable item.
  const handle = useMemo(
    () => ({
      ref: setActivatorNodeRef,
      attributes,
      onKeyDown: onKeyDown as KeyboardEventHandler<HTMLButtonElement> | undefined,
    }),
    [setActivatorNodeRef, attributes, onKeyDown],
  );
  return {
    setNodeRef,
    isDragging,
    pointerListeners,
    style: {
      transform: CSS.Translate.toString(offset),
      transition: shifted.current ? transition : undefined,
    },
    handle,
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
