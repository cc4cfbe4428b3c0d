/**
 * Bar charts: one bar per label, or grouped bars (one colour per group) side by side.
 * @module
 */
import { checkOptions, describe } from '../checks/index.js';
import { ValueError } from '../errors.js';
import { checkAxis, drawable, figure, FIGURE_OPTIONS, positionChannel, type Axis, type VegaLiteSpec } from './spec.js';

/** One bar: its label on the x axis, its height, and optionally its group (a colour). */
export interface Bar {
  label: string;
  value: number;
  /** Bars with the same label and different groups stand side by side, coloured by group. */
  group?: string;
}

/** Options of {@link barPlot}. */
export interface BarPlotOptions {
  bars: Bar[];
  title?: string;
  y?: Axis;
  /** Plot width in pixels (default: 40 per label, at least 200). */
  width?: number;
  /** Plot height in pixels (default 260). */
  height?: number;
}

function uniqueInOrder(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * A bar chart; bars given a `group` are grouped by label and coloured by group, with a legend.
 * Labels keep the order in which they first appear.
 *
 * ```ts
 * const spec = barPlot({
 *   title: 'Optimizer state',
 *   bars: [
 *     { label: 'SGD', group: 'parameters', value: 4096 },
 *     { label: 'Adam', group: 'parameters', value: 4096 },
 *     { label: 'Adam', group: 'state', value: 8192 },
 *   ],
 *   y: { title: 'bytes' },
 * });
 * ```
 */
export function barPlot(options: BarPlotOptions): VegaLiteSpec {
  const op = 'barPlot';
  if (options === null || typeof options !== 'object') throw new ValueError(op, `options must be an object { bars, … }, got ${describe(options)}`);
  checkOptions(op, options, { ...FIGURE_OPTIONS, bars: 'any', y: checkAxis });
  const { bars } = options;
  if (!Array.isArray(bars) || bars.length === 0) throw new ValueError(op, `bars must be a non-empty array of { label, value, group? }, got ${describe(bars)}`);
  bars.forEach((bar, i) => {
    if (bar === null || typeof bar !== 'object') throw new ValueError(op, `bars[${i}] must be an object { label, value, group? }, got ${describe(bar)}`);
    checkOptions(op, bar, { label: 'string', value: 'number', group: 'string' });
    if (typeof bar.label !== 'string') throw new ValueError(op, `bars[${i}].label must be a string, got ${describe(bar.label)}`);
    if (typeof bar.value !== 'number') throw new ValueError(op, `bars[${i}].value must be a number, got ${describe(bar.value)}`);
  });
  const grouped = bars.some((bar) => bar.group !== undefined);
  if (grouped && bars.some((bar) => bar.group === undefined)) throw new ValueError(op, 'either every bar has a group or none has');
  const labels = uniqueInOrder(bars.map((bar) => bar.label));
  const groups = grouped ? uniqueInOrder(bars.map((bar) => bar.group!)) : [];
  const rows = bars.filter((bar) => drawable(bar.value, options.y)).map((bar) => ({ label: bar.label, value: bar.value, ...(grouped ? { group: bar.group } : {}) }));
  const long = labels.some((label) => label.length > 8);
  const groupEncoding = grouped
    ? { xOffset: { field: 'group', type: 'nominal', sort: groups }, color: { field: 'group', type: 'nominal', sort: groups, title: null } }
    : {};
  return figure(options.title, {
    width: options.width ?? Math.max(200, 40 * labels.length * Math.max(1, Math.ceil(groups.length / 2))),
    height: options.height ?? 260,
    data: { values: rows },
    mark: { type: 'bar', ...(grouped ? {} : { color: '#4c78a8' }) },
    encoding: {
      x: { field: 'label', type: 'nominal', sort: labels, title: null, axis: { labelAngle: long ? -30 : 0 } },
      y: positionChannel('value', options.y, 'value', rows.map((row) => row.value)),
      ...groupEncoding,
    },
  });
}
