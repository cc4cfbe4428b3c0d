// @ts-check
/** Writing the examples' figures: a Vega-Lite spec from chainrule/plot, rendered to an SVG file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderSvg } from 'chainrule/plot';

/**
 * Renders `spec` and writes it as `<figuresDir>/<name>.svg`.
 * @param {string} figuresDir
 * @param {string} name file name without extension, e.g. 'rnn-gradients-norms'
 * @param {object} spec a Vega-Lite spec (from chainrule/plot's builders)
 * @returns {Promise<string>} the path written
 */
export async function saveFigure(figuresDir, name, spec) {
  const start = performance.now();
  mkdirSync(figuresDir, { recursive: true });
  const path = join(figuresDir, `${name}.svg`);
  writeFileSync(path, await renderSvg(/** @type {any} */ (spec)));
  drawingMs += performance.now() - start;
  return path;
}

let drawingMs = 0;

/**
 * Seconds spent in {@link saveFigure} so far in this process (rendering, the first call's loading
 * of Vega, writing): what `npm run example` reports apart from the computation.
 * @returns {number}
 */
export function figureSeconds() {
  return drawingMs / 1000;
}
