/**
 * The pieces every report chart is built from, so the six charts look alike: the palette, an
 * x axis of categories (days, weeks, sprints, tasks: plotted at 0, 1, 2… and labelled by name),
 * lines, bars and points. uPlot's own axis titles are left off: report-figure.tsx writes them as
 * text, which a test and a screen magnifier can read.
 */
import uPlot from 'uplot';

/** Distinct at a glance and readable on white (the app's accent, ok, warn and danger first). */
export const PALETTE = [
  '#2f5bd3',
  '#1f8a4c',
  '#b26a00',
  '#b42318',
  '#7a4fd6',
  '#0f7c8c',
  '#c2418a',
  '#5d6679',
];

export function colorAt(i: number): string {
  return PALETTE[i % PALETTE.length] ?? '#5d6679';
}

/** 0…n−1, the x values of a category chart. */
export function indexes(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

const AXIS = { stroke: '#5d6679', grid: { stroke: '#ebeef5' }, ticks: { stroke: '#d7dce6' } };

/**
 * The x series, scale and axis of a category chart. Ticks fall on whole steps only, so every
 * label is one of `labels`; the range leaves half a step each side for bars at the ends.
 */
export function categoryX(name: string, labels: readonly string[], short = (l: string) => l) {
  const label = (i: number | null) => (i !== null && Number.isInteger(i) ? (labels[i] ?? '') : '');
  return {
    series: { label: name, value: (_u: uPlot, i: number | null) => label(i) || '--' } satisfies uPlot.Series,
    scale: { time: false, range: (): uPlot.Range.MinMax => [-0.5, Math.max(0.5, labels.length - 0.5)] },
    axis: {
      ...AXIS,
      grid: { show: false },
      incrs: [1, 2, 3, 5, 7, 10, 14, 20, 30, 50, 100],
      values: (_u: uPlot, splits: number[]) => splits.map((s) => short(label(s))),
    } satisfies uPlot.Axis,
  };
}

/** A y scale from zero to a little above the highest value (counts and sums are never negative). */
export const fromZero: uPlot.Scale = {
  range: (_u: uPlot, _min: number, max: number): uPlot.Range.MinMax => [0, max * 1.1 || 1],
};

export function yAxis(): uPlot.Axis {
  return { ...AXIS, size: 48 };
}

/** `01-07` for `2026-01-07`: the axis has little room; the table has the whole date. */
export function monthDay(day: string): string {
  return day.length === 10 ? day.slice(5) : day;
}

export function line(label: string, color: string, extra: Partial<uPlot.Series> = {}): uPlot.Series {
  return { label, stroke: color, width: 2, points: { show: true, size: 5 }, ...extra };
}

/** Bars of a group of two: the first left of the category's centre, the second right of it. */
export function bar(label: string, color: string, side: -1 | 1): uPlot.Series {
  const paths = uPlot.paths.bars?.({ size: [0.38, 48], align: side });
  return { label, stroke: color, fill: `${color}cc`, width: 1, paths, points: { show: false } };
}

/** Marks only, no line between them (a scatter, or events on a line chart). */
export function marks(label: string, color: string, size = 8): uPlot.Series {
  return {
    label,
    stroke: color,
    fill: color,
    width: 0,
    paths: () => null,
    points: { show: true, size, fill: color },
  };
}
