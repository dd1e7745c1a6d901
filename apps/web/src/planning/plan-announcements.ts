/**
 * What a screen reader hears while a task is dragged in the backlog view: the task's key and
 * title and the list's name (a sprint, or the backlog), never raw ids. The board's wording
 * (dnd/announcements.ts) speaks of columns; these lists are sprints.
 */
import type { Announcements, ScreenReaderInstructions } from '@dnd-kit/core';
import { COLUMN_DROP_PREFIX } from '../dnd/drop-target.ts';

export type PlanLookup = {
  taskName(id: string): string;
  /** The list a task id or a list's end-zone id belongs to, and the 1-based position there. */
  placeOf(id: string): { list: string; position: number | null } | undefined;
};

function where(lookup: PlanLookup, overId: string): string {
  const place = lookup.placeOf(overId);
  if (!place) return 'no list';
  if (overId.startsWith(COLUMN_DROP_PREFIX) || place.position === null) return `the end of ${place.list}`;
  return `position ${place.position} in ${place.list}`;
}

export function planAnnouncements(lookup: PlanLookup): Announcements {
  // Right after pick-up dnd-kit reports the task as over itself; saying so would replace the
  // "picked up" message before it is read.
  let startId: string | null = null;
  return {
    onDragStart({ active }) {
      startId = String(active.id);
      const from = lookup.placeOf(startId);
      return `Picked up task ${lookup.taskName(startId)}${from ? ` from ${from.list}` : ''}.`;
    },
    onDragOver({ active, over }) {
      const first = startId;
      startId = null;
      if (over && first !== null && String(over.id) === first) return undefined;
      const name = lookup.taskName(String(active.id));
      if (!over) return `Task ${name} is not over a list.`;
      return `Task ${name} is over ${where(lookup, String(over.id))}.`;
    },
    onDragEnd({ active, over }) {
      const name = lookup.taskName(String(active.id));
      if (!over) return `Task ${name} was dropped outside the lists and did not move.`;
      return `Task ${name} was dropped at ${where(lookup, String(over.id))}.`;
    },
    onDragCancel({ active }) {
      return `Moving task ${lookup.taskName(String(active.id))} was cancelled; it stays where it was.`;
    },
  };
}

export const planInstructions: ScreenReaderInstructions = {
  draggable:
    'To plan a task, press space or enter on its handle. Use the up and down arrow keys to move it within ' +
    'a list or into another sprint or the backlog. Press space or enter again to drop it, or escape to cancel.',
};
