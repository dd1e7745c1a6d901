/**
 * Priority as a small drawing, as Linear shows it: signal bars filled up to the level, and an
 * exclamation mark in a square for the highest. Drawn in `currentColor` (the text's colour, so it
 * follows the theme) with the unfilled bars faded. Labelled, it is an image named by the level
 * (a card); otherwise decoration beside the level's word (a picker's option).
 */
import type { Priority } from '@taskflow/model';
import { PRIORITY_LABELS } from '../palette/palette-items.ts';
import { SmallIcon } from '../ui/small-icon.tsx';
import './pickers.css';

/** Bars filled per level; `highest` has its own mark. */
const FILLED: Record<Exclude<Priority, 'highest'>, number> = { lowest: 0, low: 1, medium: 2, high: 3 };

function Shapes({ priority }: { priority: Priority }) {
  if (priority === 'highest') {
    return (
      <>
        <rect x="1" y="1" width="14" height="14" rx="3" fill="currentColor" />
        <rect x="7" y="3.5" width="2" height="6" rx="1" className="priority-icon-cut" />
        <rect x="7" y="11" width="2" height="2" rx="1" className="priority-icon-cut" />
      </>
    );
  }
  return (
    <>
      {[0, 1, 2].map((bar) => (
        <rect
          key={bar}
          x={1.5 + bar * 5}
          y={10 - bar * 4}
          width="3"
          height={4 + bar * 4}
          rx="1"
          fill="currentColor"
          opacity={bar < FILLED[priority] ? 1 : 0.3}
        />
      ))}
    </>
  );
}

export function PriorityIcon({ priority, labelled = false }: { priority: Priority; labelled?: boolean }) {
  return (
    <SmallIcon
      className={`priority-icon priority-icon-${priority}`}
      label={labelled ? `Priority: ${PRIORITY_LABELS[priority]}` : undefined}
      data={{ 'data-priority': priority }}
    >
      <Shapes priority={priority} />
    </SmallIcon>
  );
}
