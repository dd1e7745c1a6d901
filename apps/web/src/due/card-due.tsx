/**
 * A card's deadline: its day (and time), marked "Overdue" past it and "Due soon" within a day of
 * it, in words and colour. Mounted only on cards with a deadline; the shared minute clock keeps
 * the mark current (minute-clock.ts).
 */
import { memo, useMemo } from 'react';
import { browserTimeZone } from '../time-zones.ts';
import { deadlineInstant, dueText } from './deadline-instant.ts';
import { useDueState } from './minute-clock.ts';
import './card-due.css';

const FLAG = { overdue: 'Overdue', soon: 'Due soon', later: null } as const;

const viewerZone = browserTimeZone();

export const CardDue = memo(function CardDue({
  deadline,
  deadlineTime,
}: {
  deadline: string;
  deadlineTime: string | null;
}) {
  const dueAt = useMemo(() => deadlineInstant(deadline, deadlineTime) ?? 0, [deadline, deadlineTime]);
  const state = useDueState(dueAt);
  const flag = FLAG[state];
  return (
    <span className={`deadline card-due card-due-${state}`} title="Deadline" data-due={state}>
      {flag && <span className="card-due-flag">{flag}</span>}
      <time dateTime={new Date(dueAt).toISOString()}>
        {dueText(deadline, deadlineTime ?? null, viewerZone)}
      </time>
    </span>
  );
});
