/** What a screen reader hears while a task is dragged: task and column names, never raw ids. */
import type { Announcements, ScreenReaderInstructions } from '@dnd-kit/core';
import { COLUMN_DROP_PREFIX } from './drop-target.ts';

export type NameLookup = {
  taskTitle(id: string): string;
  /** The column a task id or column drop id belongs to, and the 1-based position there. */
  placeOf(id: string): { column: string; position: number | null } | undefined;
};

function where(lookup: NameLookup, overId: string): string {
  const place = lookup.placeOf(overId);
  if (!place) return 'no column';
  if (overId.startsWith(COLUMN_DROP_PREFIX) || place.position === null)
    return `the end of column ${place.column}`;
  return `position ${place.position} in column ${place.column}`;
}

/** What is said when a task is picked up, is over a target, is dropped, or its move is cancelled. */
export const moveMessages = {
  pickedUp(lookup: NameLookup, activeId: string): string {
    const from = lookup.placeOf(activeId);
    return `Picked up task ${lookup.taskTitle(activeId)}${from ? ` from column ${from.column}` : ''}.`;
  },
  over(lookup: NameLookup, activeId: string, overId: string | null): string {
    const title = lookup.taskTitle(activeId);
    if (overId === null) return `Task ${title} is no longer over a column.`;
    return `Task ${title} is over ${where(lookup, overId)}.`;
  },
  dropped(lookup: NameLookup, activeId: string, overId: string | null): string {
    const title = lookup.taskTitle(activeId);
    if (overId === null) return `Task ${title} was dropped outside the board and did not move.`;
    return `Task ${title} was dropped at ${where(lookup, overId)}.`;
  },
  cancelled(lookup: NameLookup, activeId: string): string {
    return `Moving task ${lookup.taskTitle(activeId)} was cancelled; it stays where it was.`;
  },
};

/** dnd-kit's announcements said through `say` (the board's own live region) instead of dnd-kit's. */
export function spokenBy(announcements: Announcements, say: (message: string) => void): Announcements {
  const spoken =
    <A extends unknown[]>(announce: (...args: A) => string | undefined) =>
    (...args: A) => {
      const message = announce(...args);
      if (message) say(message);
      return undefined;
    };
  return {
    onDragStart: spoken(announcements.onDragStart),
    onDragMove: announcements.onDragMove && spoken(announcements.onDragMove),
    onDragOver: spoken(announcements.onDragOver),
    onDragEnd: spoken(announcements.onDragEnd),
    onDragCancel: spoken(announcements.onDragCancel),
  };
}

/** The same messages for dnd-kit's pointer drags. */
export function boardAnnouncements(lookup: NameLookup): Announcements {
  // dnd-kit reports the dragged task as over itself right after pick-up; saying so would replace
  // the "picked up" message in the live region before it is read.
  let startId: string | null = null;
  return {
    onDragStart({ active }) {
      startId = String(active.id);
      return moveMessages.pickedUp(lookup, String(active.id));
    },
    onDragOver({ active, over }) {
      const first = startId;
      startId = null;
      if (over && first !== null && String(over.id) === first) return undefined;
      return moveMessages.over(lookup, String(active.id), over ? String(over.id) : null);
    },
    onDragEnd({ active, over }) {
      return moveMessages.dropped(lookup, String(active.id), over ? String(over.id) : null);
    },
    onDragCancel({ active }) {
      return moveMessages.cancelled(lookup, String(active.id));
    },
  };
}

export const screenReaderInstructions: ScreenReaderInstructions = {
  draggable:
    'To move a task, press space or enter. Use the arrow keys to move it within a column or to another column. ' +
    'Press space or enter again to drop it, or escape to cancel.',
};
