/**
 * The one place the app touches its chart library. uPlot because bundle size and speed matter on
 * a page people open on slow laptops and phones: about 50 kB minified with no dependencies (the
 * usual React chart libraries bring D3 and several times that), it draws on a canvas, and it
 * draws a year of daily points for dozens of series in a few milliseconds where SVG libraries
 * build a DOM node per point. What a canvas cannot give, this adds as HTML around it: the axis
 * titles as text (the canvas draws only tick values), and uPlot's legend moved below them.
 *
 * The plot is created when the options change (a new series list), fed new data with setData,
 * sized to its box as the box resizes, and destroyed on unmount.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

type Props = {
  options: ChartOptions;
  data: uPlot.AlignedData;
  xLabel: string;
  yLabel: string;
  height?: number;
};

const MIN_WIDTH = 240;

export function UPlotChart({ options, data, xLabel, yLabel, height = 260 }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const legendBox = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  // The newest data, for a plot created after it arrived (options and data change together).
  const latest = useRef(data);
  latest.current = data;

  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const width = () => Math.max(MIN_WIDTH, element.clientWidth);
    const legend = {
      ...options.legend,
      mount: (_u: uPlot, el: HTMLElement) => legendBox.current?.append(el),
    };
    const created = new uPlot({ ...options, legend, width: width(), height }, latest.current, element);
    plot.current = created;
    const observer = new ResizeObserver(() => {
      if (created.width !== width()) created.setSize({ width: width(), height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      created.destroy();
      plot.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    if (plot.current && plot.current.data !== data) plot.current.setData(data);
  }, [data]);

  return (
    // The canvas repeats the table beside it for sighted readers; assistive technology reads the table.
    <figure className="report-plot" aria-hidden="true">
      <span className="axis-title y">{yLabel}</span>
      <div ref={box} className="report-chart" />
      <span className="axis-title x">{xLabel}</span>
      <div ref={legendBox} className="report-legend" />
    </figure>
  );
}
