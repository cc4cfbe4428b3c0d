/**
 * chainrule/plot: figures from tensors and arrays. The builders return plain Vega-Lite specs (JSON
 * objects: line plots with log axes, scatter and bar plots, heat maps, image grids, panels), and
 * {@link renderSvg} / {@link saveSvg} draw them headlessly as SVG. Rendering needs `vega` and
 * `vega-lite` (optional peer dependencies) installed next to chainrule; building specs needs nothing.
 *
 * ```ts
 * import { linePlot, saveSvg } from 'chainrule/plot';
 * const spec = linePlot({
 *   title: 'Training loss',
 *   series: [{ name: 'SGD', y: sgdLosses }, { name: 'Adam', y: adamLosses }],
 *   x: { title: 'step' }, y: { title: 'loss', log: true },
 * });
 * await saveSvg(spec, 'figures/loss.svg');
 * ```
 * @module chainrule/plot
 */
export { linePlot, scatterPlot } from './series.js';
export type { Series, SeriesPlotOptions, LinePlotOptions } from './series.js';
export { barPlot } from './bar.js';
export type { Bar, BarPlotOptions } from './bar.js';
export { heatmap } from './heatmap.js';
export type { HeatmapOptions, HeatmapAxis, ColorScale } from './heatmap.js';
export { imageGrid } from './image-grid.js';
export type { ImageGridOptions } from './image-grid.js';
export { panels } from './panels.js';
export type { PanelsOptions } from './panels.js';
export { renderSvg, saveSvg } from './render.js';
export type { VegaLiteSpec, Axis } from './spec.js';
export type { Numbers } from './data.js';
