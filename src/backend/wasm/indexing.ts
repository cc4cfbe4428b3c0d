/**
 * The wasm calls of the index kernels along one axis: argmax/argmin, gather and scatterAdd
 * (float32 data, int32 indices). The tensors are seen as [outer, along, inner]: the dims before
 * the axis must collapse to one stride, and so must the dims after it. That holds for contiguous
 * tensors and for max-pooling's windows ([N, C, window, L] along the window); other layouts are
 * gathered contiguous first or, where that cannot help (gather/scatterAdd), run on ref.
 * @module
 */
import type { TypedArray } from '../../dtype.js';
import type { ArgReduceOp, View } from '../backend.js';
import { copyOut, runStaged } from './call.js';
import { isContiguousView } from '../ref/strided.js';
import { collapse, numel } from './layout.js';
import { planLayout, type WasmContext } from './staging.js';

/** Opcodes of assembly/indexing.ts. */
const ARG_CODES: Readonly<Record<ArgReduceOp, number>> = { argmax: 0, argmin: 1 };

/** Strides of one operand over [outer, along, inner]. */
type Triple = readonly [number, number, number];

/** A shape as [outer, along, inner] with each operand's strides over it. */
interface AxisBlock {
  readonly outer: number;
  readonly along: number;
  readonly inner: number;
  readonly strides: Triple[];
}

/**
 * `shape` split around `dim` for operands with these strides, or null when the dims before (or
 * after) `dim` do not collapse to one.
 */
function aroundAxis(shape: readonly number[], dim: number, strides: readonly (readonly number[])[]): AxisBlock | null {
  const part = (lo: number, hi: number) => collapse(shape.slice(lo, hi), strides.map((s) => s.slice(lo, hi)));
  const before = part(0, dim);
  const after = part(dim + 1, shape.length);
  if (before.shape.length > 1 || after.shape.length > 1) return null;
  return {
    outer: before.shape[0] ?? 1,
    along: shape[dim]!,
    inner: after.shape[0] ?? 1,
    strides: strides.map((s, k): Triple => [before.strides[k]![0] ?? 0, s[dim]!, after.strides[k]![0] ?? 0]),
  };
}

/** Index of the first max (min) of float32 `x` along `axis`; returns false (doing nothing) when not handled. */
export function wasmArgReduce(ctx: WasmContext, op: ArgReduceOp, x: View, axis: number, out: Int32Array): boolean {
  if (!(x.storage instanceof Float32Array) || x.shape.length === 0) return false;
  if (out.length === 0) return true;
  if (x.shape[axis] === 0) return false; // the op refuses this; ref leaves out as it is
  const { plans, layout: block } = planLayout([x], (strides) => aroundAxis(x.shape, axis, strides))!;
  const [xO, xS, xI] = block.strides[0]!;
  const { outer, along, inner } = block;
  runStaged(ctx, op, { operands: plans, results: [out] }, ([X], [O]) =>
    ctx.exports.argReduce(ARG_CODES[op], X.ptr, outer, xO, along, xS, inner, xI, O));
  return true;
}

/** True for float32 data with int32 indices of rank ≥ 1: what the gather/scatter kernels take. */
function handled(data: readonly View[], index: View): boolean {
  return index.storage instanceof Int32Array && index.shape.length > 0 && data.every((v) => v.storage instanceof Float32Array);
}

/** out[…i…] = x[… index[…i…] along dim …]; returns false (doing nothing) when not handled. */
export function wasmGather(ctx: WasmContext, x: View, dim: number, index: View, out: TypedArray): boolean {
  if (!(handled([x], index) && out instanceof Float32Array)) return false;
  if (out.length === 0) return true;
  const staged = planLayout([x, index], (strides) => aroundAxis(index.shape, dim, strides));
  if (staged === null) return false; // index smaller than x in a merged dim
  const [[xO, xD, xI], [iO, iK, iI]] = staged.layout.strides as [Triple, Triple];
  const { outer, along, inner } = staged.layout;
  runStaged(ctx, 'gather', { operands: staged.plans, results: [out] }, ([X, I], [O]) =>
    ctx.exports.gatherAlong(X.ptr, xO, xD, xI, I.ptr, iO, iK, iI, O, outer, along, inner));
  return true;
}

/**
 * dst[… index[…i…] along dim …] += src[…i…] in ref's order (so sums round alike), `dst` a
 * contiguous float32 view; returns false (doing nothing) when not handled.
 */
export function wasmScatterAdd(ctx: WasmContext, dst: View, dim: number, index: View, src: View): boolean {
  if (!(handled([dst, src], index) && isContiguousView(dst))) return false;
  const n = numel(dst.shape);
  if (numel(index.shape) === 0) return true;
  // dst is contiguous, so it is placed as it is either way, and copied back the same way
  const staged = planLayout([dst, index, src], (strides) => aroundAxis(index.shape, dim, strides));
  if (staged === null) return false; // index smaller than dst in a merged dim
  const [[dO, dD, dI], [iO, iK, iI], [sO, sK, sI]] = staged.layout.strides as [Triple, Triple, Triple];
  const { outer, along, inner } = staged.layout;
  // dst is both an operand and the result: its placed block is copied back where it came from
  const dstValues = (dst.storage as Float32Array).subarray(dst.offset, dst.offset + n);
  runStaged(ctx, 'scatterAdd', { operands: staged.plans, results: [] }, ([D, I, S]) => {
    ctx.exports.scatterAddAlong(D.ptr, dO, dD, dI, I.ptr, iO, iK, iI, S.ptr, sO, sK, sI, outer, along, inner);
    copyOut(ctx.arena, D.ptr, dstValues);
  });
  return true;
}
