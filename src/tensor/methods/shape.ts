/**
 * Tensor methods, shapes and views: `x.reshape(2, -1)`, `x.transpose(0, 1)`, `x.split(2)`, …
 * (src/ops/views.ts, join.ts, pad.ts, flip.ts).
 * @module
 */
import * as flipOp from '../../ops/flip.js';
import * as join from '../../ops/join.js';
import * as padOp from '../../ops/pad.js';
import * as views from '../../ops/views.js';
import type { Tensor } from '../tensor.js';
import { checkTensor } from '../../checks/args.js';
import { asOp } from '../../checks/rename.js';

/** Sizes or dims given either as separate numbers, `x.reshape(2, 3)`, or as one array, `x.reshape([2, 3])`. */
export type SizesArg = number[] | [readonly number[]];

/** The shape and view methods of {@link Tensor}. */
export interface ShapeMethods {
  /** Same data, new shape (a view when the strides allow, a copy otherwise); one size may be -1. */
  reshape(...shape: SizesArg): Tensor;
  /** Like reshape, but only as a view: throws when the strides do not allow one. */
  view(...shape: SizesArg): Tensor;
  /** Reorders the dims (a view). */
  permute(...dims: SizesArg): Tensor;
  /** Swaps two dims (a view). */
  transpose(dim0: number, dim1: number): Tensor;
  /** Transpose of a matrix (≤ 2 dims). */
  t(): Tensor;
  /** Transpose of a matrix (PyTorch's `.T` for ≤ 2 dims). */
  readonly T: Tensor;
  /** Flattens dims startDim..endDim (default: all) into one. */
  flatten(startDim?: number, endDim?: number): Tensor;
  /** Removes size-1 dims (all, or the given ones). */
  squeeze(dim?: number | readonly number[]): Tensor;
  /** Inserts a size-1 dim at `dim`. */
  unsqueeze(dim: number): Tensor;
  /** Broadcasts size-1 dims to `sizes` without copying (-1 keeps a size). */
  expand(...sizes: SizesArg): Tensor;
  /** Expands to other's shape. */
  expandAs(other: Tensor): Tensor;
  /** The slice [start, start+length) along dim (a view). */
  narrow(dim: number, start: number, length: number): Tensor;
  /** Python-style slice start:end:step along dim (a view; negative start/end count from the end; step defaults to 1). */
  slice(dim: number, start?: number, end?: number, step?: number): Tensor;
  /** This tensor in row-major order (itself when already contiguous). */
  contiguous(): Tensor;
  /** A copy that stays in the graph (gradient passes straight through). */
  clone(): Tensor;
  /** Reverses the order along `dims` (a copy). */
  flip(dims: number | readonly number[]): Tensor;
  /** Splits into pieces of `splitSize` (number) or of the given sizes along `dim` (default 0). */
  split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[];
  /** Splits into `chunks` nearly equal pieces along `dim` (default 0). */
  chunk(chunks: number, dim?: number): Tensor[];
  /** The slice at `index` along `dim`, with that dim removed (a view). */
  select(dim: number, index: number): Tensor;
  /** The slices along `dim` (default 0), with that dim removed. */
  unbind(dim?: number): Tensor[];
  /** Pads the last dims: `pad` is [left, right, top, bottom, …] as in PyTorch's F.pad (mode 'constant', value 0 by default). */
  pad(pad: readonly number[], mode?: padOp.PadMode | padOp.PadOptions, value?: number): Tensor;
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const shapeMethods: ShapeMethods & ThisType<Tensor> = {
  reshape(...shape) { return views.reshape(this, flatArgs(shape)); },
  view(...shape) { return views.view(this, flatArgs(shape)); },
  permute(...dims) { return views.permute(this, flatArgs(dims)); },
  transpose(dim0, dim1) { return views.transpose(this, dim0, dim1); },
  t() { return views.t(this); },
  get T() { return views.t(this); },
  flatten(startDim = 0, endDim = -1) { return views.flatten(this, startDim, endDim); },
  squeeze(dim) { return views.squeeze(this, dim); },
  unsqueeze(dim) { return views.unsqueeze(this, dim); },
  expand(...sizes) { return views.expand(this, flatArgs(sizes)); },
  expandAs(other) {
    checkTensor('expandAs', 'other', other);
    return asOp('expandAs', () => views.expand(this, other.shape));
  },
  narrow(dim, start, length) { return views.narrow(this, dim, start, length); },
  slice(dim, start, end, step = 1) { return views.slice(this, dim, start, end, step); },
  contiguous() { return views.contiguous(this); },
  clone() { return views.clone(this); },
  flip(dims) { return flipOp.flip(this, dims); },
  split(splitSizeOrSections, dim = 0) { return join.split(this, splitSizeOrSections, dim); },
  chunk(chunks, dim = 0) { return join.chunk(this, chunks, dim); },
  select(dim, index) { return join.select(this, dim, index); },
  unbind(dim = 0) { return join.unbind(this, dim); },
  pad(pad, mode = 'constant', value = 0) { return padOp.pad(this, pad, mode, value); },
};

function flatArgs(args: SizesArg): readonly number[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as number[]);
}
