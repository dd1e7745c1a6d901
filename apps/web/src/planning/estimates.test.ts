import { describe, expect, it } from 'vitest';
import { formatWeight, sumWeights } from './estimates.ts';

const tasks = [
  { estimate: 3, originalEstimateSeconds: 5400 },
  { estimate: null, originalEstimateSeconds: 3600 },
  { estimate: 0.1, originalEstimateSeconds: null },
  { estimate: 0.2, originalEstimateSeconds: null },
];

describe('estimate sums', () => {
  it('count story points or hours of original estimate, as the project says', () => {
    expect(formatWeight(sumWeights(tasks, 'points'), 'points')).toBe('3.3 pt');
    expect(formatWeight(sumWeights(tasks, 'hours'), 'hours')).toBe('2.5 h');
  });

  it('show an empty list as zero', () => {
    expect(formatWeight(sumWeights([], 'points'), 'points')).toBe('0 pt');
  });
});
