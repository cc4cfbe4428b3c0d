/**
 * Line and scatter plots of named series: one data row per point, one colour (and legend entry)
 * per series.
 * @module
 */
import { checkOptions, describe } from '../checks/index.js';
import { ShapeError, ValueError } from '../errors.js';
import { toNumbers, type Numbers } from './data.js';
import { checkAxis, drawable, figure, FIGURE_OPTIONS, positionChannel, type Axis, type VegaLiteSpec } from './spec.js';

/** One named series of points; `x` defaults to 0, 1, …, n − 1. */
export interface Series {
  /** The legend entry. */
  name: string;
  /** The x values (1-d, as many as `y`); 0, 1, …, n − 1 when left out. */
  x?: Numbers;
  /** The y values (1-d). */
  y: Numbers;
}

/** Options of {@link scatterPlot} (and {@link linePlot}, which adds `points`). */
export interface SeriesPlotOptions {
  /** The series to draw, each in its own colour; a legend names them when there are several. */
  series: Series[];
  title?: string;
  x?: Axis;
  y?: Axis;
  /** Plot width in pixels (default 400). */
  width?: number;
  /** Plot height in pixels (default 260). */
  height?: number;
}

/** Options of {@link linePlot}. */
export interface LinePlotOptions extends SeriesPlotOptions {
  /** Mark each point with a dot too (default false). */
  points?: boolean;
}

interface Row {
  series: string;
  x: number;
  y: number;
}

/** The data rows of `series`: points that cannot be drawn (NaN, ±∞, ≤ 0 on a log axis) are left out. */
function seriesRows(op: string, options: SeriesPlotOptions): Row[] {
  const { series } = options;
  if (!Array.isArray(series) || series.length === 0) throw new ValueError(op, `series must be a non-empty array of { name, x?, y }, got ${describe(series)}`);
  const rows: Row[] = [];
  const names = new Set<string>();
  series.forEach((s, i) => {
    if (s === null || typeof s !== 'object') throw new ValueError(op, `series[${i}] must be an object { name, x?, y }, got ${describe(s)}`);
    checkOptions(op, s, { name: 'string', x: 'any', y: 'any' });
    if (typeof s.name !== 'string') throw new ValueError(op, `series[${i}].name must be a string, got ${describe(s.name)}`);
    if (names.has(s.name)) throw new ValueError(op, `series[${i}].name '${s.name}' is used twice: the legend needs one name per series`);
    names.add(s.name);
    const y = toNumbers(op, `series[${i}].y`, s.y);
    const x = s.x === undefined ? y.map((_, j) => j) : toNumbers(op, `series[${i}].x`, s.x);
    if (x.length !== y.length) throw new ShapeError(op, `series[${i}] ('${s.name}') has ${x.length} x values but ${y.length} y values`);
    for (let j = 0; j < y.length; j++) {
      if (drawable(x[j]!, options.x) && drawable(y[j]!, options.y)) rows.push({ series: s.name, x: x[j]!, y: y[j]! });
    }
  });
  return rows;
}

function checkSeriesOptions(op: string, options: unknown, extra: Record<string, 'bool'>): asserts options is LinePlotOptions {
  if (options === null || typeof options !== 'object') throw new ValueError(op, `options must be an object { series, … }, got ${describe(options)}`);
  checkOptions(op, options, { ...FIGURE_OPTIONS, series: 'any', x: checkAxis, y: checkAxis, ...extra });
}

/** The spec shared by line and scatter plots, with `mark`. */
function seriesSpec(op: string, options: SeriesPlotOptions, mark: VegaLiteSpec, extra: VegaLiteSpec = {}): VegaLiteSpec {
  const rows = seriesRows(op, options);
  const names = options.series.map((s) => s.name);
  const color = names.length > 1 ? { color: { field: 'series', type: 'nominal', title: null, sort: names } } : {};
  return figure(options.title, {
    width: options.width ?? 400,
    height: options.height ?? 260,
    data: { values: rows },
    mark,
    encoding: {
      x: positionChannel('x', options.x, 'x', rows.map((row) => row.x)),
      y: positionChannel('y', options.y, 'y', rows.map((row) => row.y)),
      ...color,
      ...extra,
    },
  });
}

/**
 * A line chart of one or more series (a legend names them when there are several), e.g. a loss
 * curve, or gradient norms over time on a log axis. Each line joins its points in the order given,
 * so a path (x not increasing) is drawn as a path.
 *
 * ```ts
 * const spec = linePlot({
 *   title: '‖∂L/∂h_t‖ over t',
 *   series: [{ name: 'tanh', y: normsTanh }, { name: 'ReLU', y: normsRelu }],
 *   x: { title: 't' },
 *   y: { title: 'gradient norm', log: true },
 * });
 * await saveSvg(spec, 'docs/figures/norms.svg');
 * ```
 */
export function linePlot(options: LinePlotOptions): VegaLiteSpec {
  checkSeriesOptions('linePlot', options, { points: 'bool' });
  // order: null joins the points in the order given (as matplotlib's plot), not sorted by x
  return seriesSpec('linePlot', options, { type: 'line', strokeWidth: 2, ...(options.points ? { point: true } : {}) }, { order: { value: null } });
}

/**
 * A scatter plot of one or more series of points.
 *
 * ```ts
 * const spec = scatterPlot({ series: [{ name: 'weights', x: w1, y: w2 }], x: { title: 'w₁' }, y: { title: 'w₂' } });
 * ```
 */
export function scatterPlot(options: SeriesPlotOptions): VegaLiteSpec {
  checkSeriesOptions('scatterPlot', options, {});
  return seriesSpec('scatterPlot', options, { type: 'point', filled: true, size: 40, opacity: 0.8 });
}
