/** The project's estimation unit as a word for axes and captions. */
export function unitLabel(unit: 'points' | 'hours'): 'Points' | 'Hours' {
  return unit === 'points' ? 'Points' : 'Hours';
}

/** Seconds as hours for a chart's y axis (the tables keep the seconds). */
export function hours(seconds: number | null): number | null {
  return seconds === null ? null : Math.round((seconds / 3600) * 100) / 100;
}
