import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { el } from '../shared/dom.js';

export interface BarChartOptions {
  /** Read by screen readers; the chart itself is a canvas. */
  label: string;
  /** Bar positions (hours of the day, days of the month, …). */
  x: readonly number[];
  y: readonly number[];
  yLabel: string;
  /** How an x value is written on the axis. */
  formatX: (value: number) => string;
}

const HEIGHT = 220;
const MAX_WIDTH = 900;

/**
 * A bar chart (uPlot, canvas): as wide as its container allows (a phone's screen included), at most 900 px.
 * Call with the container already in the page, so its width is known.
 */
export function barChart(container: HTMLElement, options: BarChartOptions): void {
  const box = el('figure', { class: 'chart', role: 'img', 'aria-label': options.label });
  container.append(box);
  const width = Math.max(240, Math.min(MAX_WIDTH, container.clientWidth || MAX_WIDTH));
  const accent = getComputedStyle(document.documentElement).getPropertyValue('--accent').trim() || '#3fb6a8';
  const muted = getComputedStyle(document.documentElement).getPropertyValue('--muted').trim() || '#8b98a5';
  const axis = { stroke: muted, grid: { stroke: 'rgb(255 255 255 / 8%)' }, ticks: { show: false } };
  new uPlot(
    {
      width,
      height: HEIGHT,
      legend: { show: false },
      cursor: { show: false },
      scales: {
        x: { time: false, range: (_u, min, max) => [min - 0.5, max + 0.5] },
        y: { range: (_u, _min, max) => [0, Math.max(1, max)] },
      },
      axes: [
        {
          ...axis,
          values: (_u, ticks) => ticks.map((tick) => (Number.isInteger(tick) ? options.formatX(tick) : '')),
        },
        { ...axis, label: options.yLabel },
      ],
      series: [
        {},
        {
          label: options.yLabel,
          fill: accent,
          stroke: accent,
          paths: uPlot.paths.bars?.({ size: [0.7, 40] }),
          points: { show: false },
        },
      ],
    },
    [[...options.x], [...options.y]],
    box,
  );
}
