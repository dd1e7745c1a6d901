/**
 * A sprint that is not completed, in the backlog view: name, state, dates, goal, how many tasks
 * and their summed estimate in the project's unit, Start or Complete, and its list of tasks. A
 * start that lost to a concurrent one (SPEC M22) says so instead of leaving people guessing.
 */
import { type EstimationUnit, type PlannedTask, type Sprint, startSprint } from '@taskflow/model';
import { useState } from 'react';
import { attempt } from '../hooks/use-error-banner.ts';
import { useWorkspace } from '../workspace-context.ts';
import { formatWeight, sumWeights } from './estimates.ts';
import { PlanList } from './plan-list.tsx';
import type { RowContext } from './plan-row.tsx';
import { sprintDates } from './sprint-dates.ts';
import { SprintDialog } from './sprint-dialog.tsx';

type Props = {
  sprint: Sprint;
  tasks: PlannedTask[];
  unit: EstimationUnit;
  activeName: string | null;
  row: RowContext;
  onComplete: (sprintId: string) => void;
};

const STATE_LABELS = { planned: 'Planned', active: 'Active', closed: 'Completed' } as const;

export function SprintSection({ sprint, tasks, unit, activeName, row, onComplete }: Props) {
  const { workspace, editor, readOnly } = useWorkspace();
  const [editing, setEditing] = useState(false);
  return (
    <section className={`plan-section sprint-${sprint.state}`} aria-label={sprint.name}>
      <header className="plan-header">
        <h3>{sprint.name}</h3>
        <span className={`sprint-state state-${sprint.state}`}>{STATE_LABELS[sprint.state]}</span>
        <span className="muted">{sprintDates(sprint.startDate, sprint.endDate)}</span>
        <span className="plan-count muted">
          {tasks.length} {tasks.length === 1 ? 'task' : 'tasks'}
        </span>
        <span className="plan-sum" title="Summed estimate">
          {formatWeight(sumWeights(tasks, unit), unit)}
        </span>
        <span className="spacer" />
        {!readOnly && (
          <button type="button" onClick={() => setEditing(true)} aria-label={`Edit ${sprint.name}`}>
            Edit
          </button>
        )}
        {!readOnly && sprint.state === 'planned' && (
          <button type="button" onClick={() => attempt(() => startSprint(workspace.doc, editor, sprint.id))}>
            Start sprint
          </button>
        )}
        {!readOnly && sprint.state === 'active' && (
          <button type="button" className="primary" onClick={() => onComplete(sprint.id)}>
            Complete sprint
          </button>
        )}
      </header>
      {sprint.goal && <p className="sprint-goal">{sprint.goal}</p>}
      {sprint.startLost && (
        <p className="sprint-lost" role="note">
          This sprint was started at the same time as {activeName ?? 'another sprint'}, offline or at once;
          that start came first, so this one waits. Start it again when {activeName ?? 'the active sprint'} is
          completed.
        </p>
      )}
      {editing && (
        <SprintDialog projectId={sprint.projectId} sprint={sprint} onClose={() => setEditing(false)} />
      )}
      <PlanList
        listId={sprint.id}
        name={sprint.name}
        tasks={tasks}
        emptyText="Drag tasks here from the backlog to plan this sprint."
        row={row}
      />
    </section>
  );
}
