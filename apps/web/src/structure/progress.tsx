/** "2/5" with a thin bar, named for screen readers ("Subtasks: 2 of 5 done"). */
import type { Progress } from '@taskflow/model';

export function ProgressMeter({ label, progress }: { label: string; progress: Progress }) {
  if (progress.total === 0) return null;
  return (
    <span className="structure-progress">
      <meter
        min={0}
        max={progress.total}
        value={progress.done}
        aria-label={`${label}: ${progress.done} of ${progress.total} done`}
      />
      <span aria-hidden="true">
        {progress.done}/{progress.total}
      </span>
    </span>
  );
}
