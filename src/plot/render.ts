/**
 * Rendering a Vega-Lite spec to SVG, headlessly: vega-lite compiles it to a Vega spec, and a Vega
 * view with no renderer draws it as an SVG string — no DOM or canvas, in Node and in browsers.
 * vega and vega-lite are optional peer dependencies, loaded on the first call.
 * @module
 */
import { describe, renamed } from '../checks/index.js';
import { ChainruleError, ValueError } from '../errors.js';
import { importOptional } from '../viz/optional-import.js';
import type { VegaLiteSpec } from './spec.js';

/** The little of vega-lite used here. */
interface VegaLiteModule {
  compile(spec: unknown): { spec: unknown };
}

/** The little of vega used here. */
interface VegaModule {
  parse(spec: unknown): unknown;
  View: new (runtime: unknown, options: { renderer: 'none' }) => { toSVG(): Promise<string>; finalize(): void };
}

const INSTALL = 'vega vega-lite';

/** vega-lite and vega, loaded once. */
let modules: Promise<[VegaLiteModule, VegaModule]> | undefined;

function loadModules(op: string): Promise<[VegaLiteModule, VegaModule]> {
  modules ??= Promise.all([
    importOptional<VegaLiteModule>(op, 'vega-lite', INSTALL, () => import('vega-lite')),
    importOptional<VegaModule>(op, 'vega', INSTALL, () => import('vega')),
  ]).catch((error: unknown) => {
    modules = undefined; // try again next time (the user may install them)
    throw error;
  });
  return modules;
}

/**
 * The SVG of a Vega-Lite spec (from {@link linePlot}, {@link heatmap}, … or written by hand), as a
 * string starting with `<svg`. Needs the optional peer dependencies `vega` and `vega-lite`.
 *
 * ```ts
 * const svg = await renderSvg(linePlot({ series: [{ name: 'loss', y: losses }] }));
 * document.body.insertAdjacentHTML('beforeend', svg);   // or write it to a file: saveSvg
 * ```
 */
export async function renderSvg(spec: VegaLiteSpec): Promise<string> {
  const op = 'renderSvg';
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) throw new ValueError(op, `spec must be a Vega-Lite spec object, got ${describe(spec)}`);
  const [vegaLite, vega] = await loadModules(op);
  let runtime: unknown;
  try {
    runtime = vega.parse(vegaLite.compile(spec).spec);
  } catch (error) {
    throw new ValueError(op, `spec is not a valid Vega-Lite spec: ${error instanceof Error ? error.message : String(error)}`);
  }
  const view = new vega.View(runtime, { renderer: 'none' });
  try {
    return await view.toSVG();
  } catch (error) {
    throw new ChainruleError(op, `drawing the spec failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    view.finalize();
  }
}

/**
 * Renders a Vega-Lite spec ({@link renderSvg}) and writes it to `path` (folders are created).
 * Node only.
 *
 * ```ts
 * await saveSvg(heatmap({ values: confusion, annotate: true }), 'docs/figures/confusion.svg');
 * ```
 */
export async function saveSvg(spec: VegaLiteSpec, path: string): Promise<void> {
  const op = 'saveSvg';
  if (typeof path !== 'string' || path.length === 0) throw new ValueError(op, `path must be a non-empty string, got ${describe(path)}`);
  const svg = await renderSvg(spec).catch((error: unknown) => {
    throw renamed(op, error); // a bad spec is reported under saveSvg, the op the user called
  });
  let node: [typeof import('node:fs/promises'), typeof import('node:path')];
  try {
    node = await Promise.all([import('node:fs/promises'), import('node:path')]);
  } catch (error) {
    throw new ChainruleError(op, `writes files, in Node only (${error instanceof Error ? error.message : String(error)}); in a browser, use renderSvg and insert or download its string`);
  }
  const [fs, { dirname }] = node;
  try {
    await fs.mkdir(dirname(path), { recursive: true });
    await fs.writeFile(path, svg);
  } catch (error) {
    throw new ChainruleError(op, `cannot write '${path}': ${error instanceof Error ? error.message : String(error)}`);
  }
}
