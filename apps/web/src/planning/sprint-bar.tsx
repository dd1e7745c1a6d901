/**
 * Above a Scrum board: the active sprint (name, dates, goal) and the way to complete it. The
 * completion dialog belongs to the page, not this bar: the bar goes once the sprint is completed,
 * and the dialog's summary must stay.
 */
import type { Sprint } from '@taskflow/model';
import { useWorkspace } from '../workspace-context.ts';
import { sprintDates } from './sprint-dates.ts';

type Props = { sprint: Sprint; onComplete: (sprintId: string) => void };

export function SprintBar({ sprint, onComplete }: Props) {
  const { readOnly } = useWorkspace();
  return (
    <section className="sprint-bar" aria-label="Active sprint">
      <strong>{sprint.name}</strong>
      <span className="muted">{sprintDates(sprint.startDate, sprint.endDate)}</span>
      {sprint.goal && <span className="sprint-goal">{sprint.goal}</span>}
      <span className="spacer" />
      {!readOnly && (
        <button type="button" onClick={() => onComplete(sprint.id)}>
          Complete sprint
        </button>
      )}
    </section>
  );
}
