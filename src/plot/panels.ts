/**
 * Several figures in one: a grid of the builders' specs.
 * @module
 */
import { checkOptions, describe } from '../checks/index.js';
import { ValueError } from '../errors.js';
import { figure, type VegaLiteSpec } from './spec.js';

/** Options of {@link panels}. */
export interface PanelsOptions {
  /** Figures per row (default: up to 3). */
  columns?: number;
  /** A title over the whole grid. */
  title?: string;
}

/** A sub-figure without what only the top level may carry. */
function inner(spec: VegaLiteSpec): VegaLiteSpec {
  const { $schema: _schema, config: _config, ...rest } = spec;
  return rest;
}

/**
 * Figures side by side in a grid, each keeping its own axes, colours and legend.
 *
 * ```ts
 * const spec = panels([lossPlot, accuracyPlot, filterGrid], { columns: 2, title: 'edge-cnn' });
 * await saveSvg(spec, 'docs/figures/edge-cnn-summary.svg');
 * ```
 */
export function panels(specs: VegaLiteSpec[], options: PanelsOptions = {}): VegaLiteSpec {
  const op = 'panels';
  if (!Array.isArray(specs) || specs.length === 0) throw new ValueError(op, `specs must be a non-empty array of Vega-Lite specs, got ${describe(specs)}`);
  specs.forEach((spec, i) => {
    if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new ValueError(op, `specs[${i}] must be a Vega-Lite spec object, got ${describe(spec)}`);
  });
  checkOptions(op, options, { columns: 'count', title: 'string' });
  if (options.columns === 0) throw new ValueError(op, 'columns must be at least 1, got 0');
  return figure(options.title, {
    columns: options.columns ?? Math.min(specs.length, 3),
    spacing: 24,
    concat: specs.map(inner),
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  });
}
