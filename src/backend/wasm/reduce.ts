/**
 * The wasm reduction call: sum, max, min of float32 over any set of axes of any strided view. The
 * kernel reduces a contiguous block [outer, reduced, inner]:
 * - axes that already form one run (the last axis, the leading axes, a middle run) give that block
 *   directly in the view's own order;
 * - reduced axes on both sides of one kept run (a conv bias gradient's (0, 2, 3) of [N, C, H, W],
 *   BatchNorm's statistics) are read in the view's own order too, as [outer, kept, inner]
 *   (`reduceAround`: each row of `inner` reduced as a line, then into its cell). Before, they were
 *   permuted and copied first: 139 µs against 184 for [32, 16, 28, 28], 7.0 against 9.4 ms for
 *   ResNet-18's [64, 64, 56, 56] (bench/reduce-channels.mjs, bench/results/2026-12-06-reduce-channels.txt);
 * - any other set is permuted first and placed contiguous in the permuted order: [kept…, reduced…]
 *   (lanes along the reduced run) when the view's innermost dim is reduced, else [reduced…, kept…]
 *   (lanes across the kept run), so the placement copies the innermost storage runs whole.
 * Kept and reduced dims keep their relative order, so the output is row-major over the kept dims
 * and each output cell sees its inputs in ref's order.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { ReduceOp, View } from '../backend.js';
import { isContiguousView } from '../ref/strided.js';
import { runStaged } from './call.js';
import { numel } from './layout.js';
import { plan, type WasmContext } from './staging.js';

const REDUCE_CODES: Readonly<Record<ReduceOp, number>> = { sum: 0, max: 1, min: 2 };
/** What an empty reduction gives (as ref). */
const IDENTITY: Readonly<Record<ReduceOp, number>> = { sum: 0, max: -Infinity, min: Infinity };

/**
 * The dims as [before, run, after] when those for which `inRun(d)` holds form one run (size-1
 * dims count as either), else null: the sizes of the dims before the run, of the run, and after.
 */
function middleRun(shape: readonly number[], inRun: (d: number) => boolean): [number, number, number] | null {
  const sizes = [1, 1, 1];
  let segment = 0; // 0: before the run, 1: in it, 2: after it
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const member = inRun(d);
    if (member && segment === 2) return null;
    if (member) segment = 1;
    else if (segment === 1) segment = 2;
    sizes[segment] = sizes[segment]! * shape[d]!;
  }
  return sizes as [number, number, number];
}

/** [outer, reduced, inner] for these axes, or null when the reduced dims are not one run. */
function blockOf(shape: readonly number[], axes: readonly number[]): [number, number, number] | null {
  return middleRun(shape, (d) => axes.includes(d));
}

/**
 * [outer, kept, inner] when the kept dims are one run with reduced dims on both sides (a conv
 * bias gradient's or BatchNorm's (0, 2, 3) of [N, C, H, W]), else null.
 */
function aroundBlockOf(shape: readonly number[], axes: readonly number[]): [number, number, number] | null {
  const around = middleRun(shape, (d) => !axes.includes(d));
  return around !== null && around[0] > 1 && around[2] > 1 ? around : null;
}

/** The dim (of size > 1) with the smallest nonzero |stride|: the innermost in storage, or -1. */
function innermostDim(x: View): number {
  let best = -1;
  for (let d = 0; d < x.shape.length; d++) {
    const s = Math.abs(x.strides[d]!);
    if (x.shape[d]! > 1 && s !== 0 && (best < 0 || s < Math.abs(x.strides[best]!))) best = d;
  }
  return best;
}

/** `x` permuted so that the reduced axes form one run, and the block that run makes. */
export function reductionLayout(x: View, axes: readonly number[]): { view: View; block: [number, number, number] } {
  const direct = blockOf(x.shape, axes);
  if (direct !== null) return { view: x, block: direct };
  const dims = x.shape.map((_, d) => d);
  const kept = dims.filter((d) => !axes.includes(d));
  const reduced = dims.filter((d) => axes.includes(d));
  const keptSize = numel(kept.map((d) => x.shape[d]!));
  const reducedSize = numel(reduced.map((d) => x.shape[d]!));
  const lanesAlongReduced = axes.includes(innermostDim(x));
  const order = lanesAlongReduced ? [...kept, ...reduced] : [...reduced, ...kept];
  const view: View = { storage: x.storage, offset: x.offset, shape: order.map((d) => x.shape[d]!), strides: order.map((d) => x.strides[d]!) };
  return { view, block: lanesAlongReduced ? [keptSize, reducedSize, 1] : [1, reducedSize, keptSize] };
}

/** Reduces float32 `x`; returns false (doing nothing) when the op or dtype is not handled. */
export function wasmReduce(ctx: WasmContext, op: ReduceOp, x: View, axes: readonly number[], out: TypedArray): boolean {
  const code = REDUCE_CODES[op];
  if (!(x.storage instanceof Float32Array && out instanceof Float32Array)) return false;
  if (numel(x.shape) === 0) {
    out.fill(IDENTITY[op]);
    return true;
  }
  // reduced dims on both sides of the kept run of a contiguous x: read where it is (no permuted
  // copy); a strided x (channels last, say) keeps the permuted placement, which copies its
  // innermost storage runs whole
  const around = blockOf(x.shape, axes) === null && isContiguousView(x) ? aroundBlockOf(x.shape, axes) : null;
  if (around !== null) {
    const [outer, kept, inner] = around;
    runStaged(ctx, `reduce(${op})`, { operands: [plan(x, true)], results: [out], workBytes: ctx.exports.reduceWorkBytes(kept) }, ([X], [O], work) =>
      ctx.exports.reduceAround(code, X.ptr, outer, kept, inner, O, work));
    return true;
  }
  const { view, block } = reductionLayout(x, axes);
  const [outer, reduced, inner] = block;
  const workBytes = ctx.exports.reduceWorkBytes(inner);
  runStaged(ctx, `reduce(${op})`, { operands: [plan(view, true)], results: [out], workBytes }, ([X], [O], work) =>
    ctx.exports.reduce(code, X.ptr, outer, reduced, inner, O, work));
  return true;
}
