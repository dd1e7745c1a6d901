/** Sums of estimates in a project's unit (story points or hours of original estimate), as shown. */
import { type EstimationUnit, type Task, taskWeight } from '@taskflow/model';

export function sumWeights(
  tasks: readonly Pick<Task, 'estimate' | 'originalEstimateSeconds'>[],
  unit: EstimationUnit,
): number {
  return tasks.reduce((sum, t) => sum + taskWeight(t, unit), 0);
}

/** `8 pt`, `1 pt`, `2.5 h`: at most two decimals, no float noise (0.1 + 0.2 shows as 0.3). */
export function formatWeight(value: number, unit: EstimationUnit): string {
  const rounded = Math.round(value * 100) / 100;
  return `${rounded} ${unit === 'points' ? 'pt' : 'h'}`;
}
