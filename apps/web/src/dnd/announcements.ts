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

export function boardAnnouncements(lookup: NameLookup): Announcements {
  // dnd-kit reports the dragged task as over itself right after pick-up; saying so would replace
  // the "picked up" message in the live region before it is read.
  let startId: string | null = null;
  return {
    onDragStart({ active }) {
      startId = String(active.id);
      const from = lookup.placeOf(String(active.id));
      return `Picked up task ${lookup.taskTitle(String(active.id))}${from ? ` from column ${from.column}` : ''}.`;
    },
    onDragOver({ active, over }) {
      const first = startId;
      startId = null;
      if (over && first !== null && String(over.id) === first) return undefined;
      const title = lookup.taskTitle(String(active.id));
      if (!over) return `Task ${title} is no longer over a column.`;
      return `Task ${title} is over ${where(lookup, String(over.id))}.`;
    },
    onDragEnd({ active, over }) {
      const title = lookup.taskTitle(String(active.id));
      if (!over) return `Task ${title} was dropped outside the board and did not move.`;
      return `Task ${title} was dropped at ${where(lookup, String(over.id))}.`;
    },
    onDragCancel({ active }) {
      return `Moving task ${lookup.taskTitle(String(active.id))} was cancelled; it stays where it was.`;
    },
  };
}

export const screenReaderInstructions: ScreenReaderInstructions = {
  draggable:
    'To move a task, press space or enter. Use the arrow keys to move it within a column or to another column. ' +
    'Press space or enter again to drop it, or escape to cancel.',
};
