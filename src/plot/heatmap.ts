/**
 * Heat maps of a matrix, in matrix orientation (row 0 at the top), optionally with each cell's
 * value written in it (confusion matrices).
 * @module
 */
import { checkOptions, describe } from '../checks/index.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkLabels, extent, toMatrix } from './data.js';
import { checkDomain, figure, FIGURE_OPTIONS, labelLookup, type VegaLiteSpec } from './spec.js';

/** The colour scale of a heat map: a Vega scheme name and fixed limits. */
export interface ColorScale {
  /** A Vega colour scheme (default 'viridis'; e.g. 'blues', 'greys', 'redblue'). */
  scheme?: string;
  /** Fixed limits `[lo, hi]` of the colour scale instead of the data's extent. */
  domain?: [number, number];
}

/** A title for one axis of a heat map. */
export interface HeatmapAxis {
  title?: string;
}

/** Options of {@link heatmap}. */
export interface HeatmapOptions {
  /** The matrix: a 2-d tensor or an array of rows. Row i is drawn at height i from the top. */
  values: Tensor | number[][];
  /** One label per column (default 0, 1, …). */
  xLabels?: string[];
  /** One label per row (default 0, 1, …). */
  yLabels?: string[];
  title?: string;
  x?: HeatmapAxis;
  y?: HeatmapAxis;
  color?: ColorScale;
  /** Write each cell's value in it (default false). */
  annotate?: boolean;
  /** Width in pixels (default: a square cell per column, 36 px when annotated). */
  width?: number;
  /** Height in pixels (default: a square cell per row). */
  height?: number;
}

/** Schemes that are dark at their low end (text on low cells is written in white). */
const DARK_LOW = ['viridis', 'magma', 'inferno', 'plasma', 'cividis', 'turbo', 'darkblue', 'darkgreen', 'darkred', 'darkgold'];

function checkColor(op: string, arg: string, color: unknown): void {
  if (color === null || typeof color !== 'object' || Array.isArray(color)) throw new ValueError(op, `${arg} must be an object { scheme?, domain? }, got ${describe(color)}`);
  checkOptions(op, color, { scheme: 'string', domain: checkDomain });
}

function checkTitleAxis(op: string, arg: string, axis: unknown): void {
  if (axis === null || typeof axis !== 'object' || Array.isArray(axis)) throw new ValueError(op, `${arg} must be an object { title? }, got ${describe(axis)}`);
  checkOptions(op, axis, { title: 'string' });
}

/** About how wide a character of an 11 px axis label is, in pixels. */
const LABEL_CHAR_WIDTH = 6.5;

/**
 * A discrete axis over the integer field `field` (0 … n − 1, in order), labelled by `labels`
 * (the indices otherwise); x labels wider than their cell (`cell` px) are slanted.
 */
function indexChannel(field: string, labels: readonly string[] | undefined, count: number, title: string | null, cell?: number): VegaLiteSpec {
  const longest = Math.max(...(labels ?? []).map((label) => label.length));
  const slant = cell !== undefined && labels !== undefined && longest * LABEL_CHAR_WIDTH > cell;
  const axis: VegaLiteSpec = { labelAngle: slant ? -40 : 0, ticks: false, domain: false, ...(slant ? { labelAlign: 'right' } : {}) };
  if (labels) axis.labelExpr = labelLookup(labels);
  if (count > 24) axis.labelOverlap = 'greedy';
  return { field, type: 'ordinal', title, axis };
}

/** A label format: whole numbers as they are, others with three significant digits. */
function valueFormat(values: readonly number[]): string {
  return values.every((v) => Number.isInteger(v)) ? 'd' : '.3~g';
}

/**
 * A heat map of a matrix: columns along x, rows along y with row 0 at the top (as the matrix is
 * printed), colour by value with a legend. `annotate` writes each value in its cell.
 *
 * ```ts
 * const spec = heatmap({
 *   title: 'Confusion matrix',
 *   values: confusion,               // [classes, classes] counts
 *   xLabels: names, yLabels: names,
 *   x: { title: 'predicted' }, y: { title: 'true' },
 *   color: { scheme: 'blues' },
 *   annotate: true,
 * });
 * ```
 */
export function heatmap(options: HeatmapOptions): VegaLiteSpec {
  const op = 'heatmap';
  if (options === null || typeof options !== 'object') throw new ValueError(op, `options must be an object { values, … }, got ${describe(options)}`);
  checkOptions(op, options, {
    ...FIGURE_OPTIONS,
    values: 'any',
    xLabels: 'any',
    yLabels: 'any',
    x: checkTitleAxis,
    y: checkTitleAxis,
    color: checkColor,
    annotate: 'bool',
  });
  const matrix = toMatrix(op, 'values', options.values);
  const rows = matrix.length;
  const cols = matrix[0]?.length ?? 0;
  if (rows === 0 || cols === 0) throw new ValueError(op, `values must have at least one row and one column, got ${rows}×${cols}`);
  checkLabels(op, 'xLabels', options.xLabels, cols);
  checkLabels(op, 'yLabels', options.yLabels, rows);
  const data = matrix.flatMap((row, i) => row.map((value, j) => ({ row: i, col: j, value: Number.isFinite(value) ? value : null })));
  const finite = matrix.flat().filter((v) => Number.isFinite(v));
  const scheme = options.color?.scheme ?? 'viridis';
  const domain = options.color?.domain ?? extent(finite);
  const step = options.annotate ? 36 : Math.max(4, Math.min(24, Math.floor(360 / Math.max(rows, cols))));
  const cells: VegaLiteSpec = {
    mark: { type: 'rect', ...(rows * cols > 1024 ? { aria: false } : {}) }, // per-cell ARIA labels while they stay readable
    encoding: { color: { field: 'value', type: 'quantitative', title: null, scale: { scheme, domain: [...domain] } } },
  };
  const middle = (domain[0]! + domain[1]!) / 2;
  const darkLow = DARK_LOW.includes(scheme.toLowerCase());
  const text: VegaLiteSpec = {
    mark: { type: 'text', fontSize: 11 },
    encoding: {
      text: { field: 'value', type: 'quantitative', format: valueFormat(finite) },
      color: { condition: { test: `datum.value ${darkLow ? '<' : '>'} ${middle}`, value: 'white' }, value: 'black' },
    },
  };
  return figure(options.title, {
    width: options.width ?? { step },
    height: options.height ?? { step },
    data: { values: data },
    encoding: {
      x: indexChannel('col', options.xLabels, cols, options.x?.title ?? null, options.width === undefined ? step : options.width / cols),
      y: indexChannel('row', options.yLabels, rows, options.y?.title ?? null),
    },
    layer: options.annotate ? [cells, text] : [cells],
  });
}
