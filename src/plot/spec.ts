/**
 * What every chart builder shares: the spec type, the axis options, the option checks for them,
 * and the look (fonts, sizes) every figure starts from.
 * @module
 */
import { checkOptions, describe, type OptionSchema } from '../checks/index.js';
import { ValueError } from '../errors.js';

/**
 * A Vega-Lite v6 specification: a plain JSON object (`JSON.stringify` it, paste it into the
 * Vega editor, or render it with {@link renderSvg}). The builders return one; you may edit it.
 *
 * ```ts
 * const spec = linePlot({ series: [{ name: 'loss', y: [3, 2, 1.5] }] });
 * spec.title = 'Training loss';
 * ```
 */
export interface VegaLiteSpec {
  [key: string]: unknown;
}

/** One axis: its title, a log scale, fixed limits. */
export interface Axis {
  /** The axis title (the field name otherwise). */
  title?: string;
  /** A logarithmic scale; values ≤ 0 have no place on it and are left out of the data. */
  log?: boolean;
  /** Fixed limits `[lo, hi]` instead of the data's extent. */
  domain?: [number, number];
}

/** The Vega-Lite schema the builders write. */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** The look every figure starts from: a plain sans-serif font, readable sizes. */
export const CONFIG: VegaLiteSpec = {
  font: 'Helvetica, Arial, sans-serif',
  title: { fontSize: 14, fontWeight: 'normal', anchor: 'start', offset: 8 },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal' },
  header: { labelFontSize: 11, titleFontSize: 12 },
  view: { stroke: '#cccccc' },
};

/** A spec ready to render: `$schema`, `config` and, when given, the title, around `body`. */
export function figure(title: string | undefined, body: VegaLiteSpec): VegaLiteSpec {
  return { $schema: SCHEMA, ...(title === undefined ? {} : { title }), ...body, config: CONFIG };
}

/** Checks an {@link Axis} option (`x`, `y`) of `op`. */
export function checkAxis(op: string, arg: string, axis: unknown): void {
  if (axis === null || typeof axis !== 'object' || Array.isArray(axis)) throw new ValueError(op, `${arg} must be an object { title?, log?, domain? }, got ${describe(axis)}`);
  checkOptions(op, axis, { title: 'string', log: 'bool', domain: checkDomain } satisfies OptionSchema);
}

/** Checks a `[lo, hi]` pair of finite numbers with lo < hi. */
export function checkDomain(op: string, arg: string, domain: unknown): void {
  const ok = Array.isArray(domain) && domain.length === 2 && domain.every((v) => typeof v === 'number' && Number.isFinite(v));
  if (!ok) throw new ValueError(op, `${arg} must be a pair [lo, hi] of finite numbers, got ${describe(domain)}`);
  const [lo, hi] = domain as [number, number];
  if (!(lo < hi)) throw new ValueError(op, `${arg} must have lo < hi, got [${lo}, ${hi}]`);
}

/** Checks a width or height: a positive number of pixels. */
export function checkSize(op: string, arg: string, size: unknown): void {
  if (typeof size !== 'number' || !Number.isFinite(size) || size <= 0) throw new ValueError(op, `${arg} must be a positive number of pixels, got ${describe(size)}`);
}

/** The common option schema: title, width, height. */
export const FIGURE_OPTIONS: OptionSchema = { title: 'string', width: checkSize, height: checkSize };

/** Log-axis tick labels: plain numbers from 0.001 to 9999, powers of ten as 1e-7 beyond. */
const LOG_LABEL = "datum.value >= 1e-3 && datum.value < 1e4 ? format(datum.value, '~g') : replace(format(datum.value, '.0e'), 'e+', 'e')";
/**
 * The tick values of a log axis over `values` (and `domain`, when given) spanning two powers of ten
 * or more: the powers of ten only (one grid line a decade, not nine), at most about ten of them;
 * undefined for a narrower span, where the scale's own ticks read better.
 */
function decadeTicks(values: readonly number[], domain: readonly [number, number] | undefined): number[] | undefined {
  let lo = domain ? domain[0] : Infinity;
  let hi = domain ? domain[1] : -Infinity;
  if (!domain) {
    for (const v of values) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (!(lo > 0) || !(hi >= lo)) return undefined;
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  if (last - first + 1 < 2) return undefined;
  const step = Math.ceil((last - first + 1) / 10);
  const ticks: number[] = [];
  for (let e = first; e <= last; e += step) ticks.push(Number(`1e${e}`));
  return ticks;
}

/**
 * A quantitative position channel for `field`, with the axis options applied. `values` are the
 * plotted values: a log axis spanning two powers of ten or more has its ticks and grid lines at
 * those only; an axis of
 * whole numbers (steps, epochs) has ticks at whole numbers.
 */
export function positionChannel(field: string, axis: Axis | undefined, fallbackTitle: string, values: readonly number[]): VegaLiteSpec {
  const scale: VegaLiteSpec = {};
  if (axis?.log) scale.type = 'log';
  if (axis?.domain) scale.domain = [...axis.domain];
  if (axis?.domain && !axis.log) scale.zero = false;
  const axisProps: VegaLiteSpec = {};
  if (axis?.log) {
    axisProps.labelExpr = LOG_LABEL;
    const ticks = decadeTicks(values, axis.domain);
    if (ticks) axisProps.values = ticks;
  }
  else if (values.length > 0 && values.every((v) => Number.isInteger(v))) axisProps.tickMinStep = 1;
  return {
    field,
    type: 'quantitative',
    title: axis?.title ?? fallbackTitle,
    ...(Object.keys(scale).length > 0 ? { scale } : {}),
    ...(Object.keys(axisProps).length > 0 ? { axis: axisProps } : {}),
  };
}

/** Whether `value` can be drawn on an axis: finite, and positive on a log axis. */
export function drawable(value: number, axis: Axis | undefined): boolean {
  return Number.isFinite(value) && (!axis?.log || value > 0);
}

/** A Vega expression naming entry `datum.value` of `labels` (axis and header labels for integer fields). */
export function labelLookup(labels: readonly string[]): string {
  return `${JSON.stringify(labels)}[datum.value]`;
}
