/**
 * The autograd graph as a picture without a system Graphviz: `toDot`'s source laid out and drawn by
 * Graphviz compiled to WebAssembly (the optional peer dependency `@viz-js/viz`, loaded on first use).
 * @module
 */
import { checkOptions, checkTensor } from '../checks/index.js';
import { ChainruleError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { toDot } from './graph.js';
import { importOptional } from './optional-import.js';

/** Options of {@link toSvg}. */
export interface ToSvgOptions {
  /** Which way the graph runs: 'TB' top to bottom (output at the top, default), 'LR' left to right, … */
  rankdir?: 'TB' | 'LR' | 'BT' | 'RL';
}

/** The little of @viz-js/viz used here. */
interface VizInstance {
  renderString(dot: string, options: { format: 'svg' }): string;
}
interface VizModule {
  instance(): Promise<VizInstance>;
}

/** Graphviz's WebAssembly instance, made once. */
let viz: Promise<VizInstance> | undefined;

function loadViz(op: string): Promise<VizInstance> {
  viz ??= importOptional<VizModule>(op, '@viz-js/viz', '@viz-js/viz', () => import('@viz-js/viz'))
    .then((module) => module.instance())
    .catch((error: unknown) => {
      viz = undefined; // try again next time (the user may install it)
      throw error;
    });
  return viz;
}

/**
 * The graph that produced `t`, drawn as SVG (a string starting with `<svg`): each node shows its
 * op, VJP, output shape and saved tensors, each leaf its name, shape and dtype, and after
 * `backward()` every kept gradient's norm ‖grad‖ (leaves, and tensors that called `retainGrad`).
 * Needs the optional peer dependency `@viz-js/viz` (Graphviz compiled to WebAssembly; no system
 * Graphviz); in Node and in browsers.
 *
 * ```ts
 * const loss = w.mul(x).add(b).tanh().sum();
 * loss.backward();
 * writeFileSync('graph.svg', await toSvg(loss));
 * ```
 */
export async function toSvg(t: Tensor, options: ToSvgOptions = {}): Promise<string> {
  const op = 'toSvg';
  checkTensor(op, 't', t);
  checkOptions(op, options, { rankdir: ['TB', 'LR', 'BT', 'RL'] });
  const dot = toDot(t).replace('  rankdir=TB;', `  rankdir=${options.rankdir ?? 'TB'};`);
  const graphviz = await loadViz(op);
  let svg: string;
  try {
    svg = graphviz.renderString(dot, { format: 'svg' });
  } catch (error) {
    throw new ChainruleError(op, `Graphviz failed to lay out the graph: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Drop the XML declaration, doctype and comments (the SVG element alone embeds anywhere), and
  // give the size in pixels like chainrule/plot's figures (Graphviz writes points: 1pt = 4/3 px).
  return svg.slice(svg.indexOf('<svg')).replace(/^(<svg[^>]*?\swidth=")([\d.]+)pt("[^>]*?\sheight=")([\d.]+)pt"/, (_, a: string, w: string, b: string, h: string) => `${a}${px(w)}${b}${px(h)}"`);
}

/** A length in points as pixels, rounded to whole pixels. */
function px(points: string): number {
  return Math.ceil((Number(points) * 4) / 3);
}
