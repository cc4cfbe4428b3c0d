/**
 * Tensor methods, structure: `x.tril()`, `x.diagonal()`, `x.roll(1, 0)`, `x.repeat(2, 1)`,
 * `x.unfold(0, 2, 1)`, … (src/ops/structure.ts, diagonal.ts).
 * @module
 */
import * as diagonalOps from '../../ops/diagonal.js';
import * as structure from '../../ops/structure.js';
import type { Tensor } from '../tensor.js';
import type { SizesArg } from './shape.js';

/** The structure methods of {@link Tensor}. */
export interface StructureMethods {
  /** Lower triangle of the last two dims (j − i ≤ diagonal), zeros elsewhere. */
  tril(diagonal?: number): Tensor;
  /** Upper triangle of the last two dims (j − i ≥ diagonal), zeros elsewhere. */
  triu(diagonal?: number): Tensor;
  /** A 1-D tensor as a diagonal matrix, or a 2-D tensor's diagonal. */
  diag(diagonal?: number): Tensor;
  /** The diagonal of dims dim1, dim2 as the last dim (a view). */
  diagonal(offset?: number, dim1?: number, dim2?: number): Tensor;
  /** Square matrices with the last dim on a diagonal. */
  diagEmbed(offset?: number): Tensor;
  /** Sum of a matrix's main diagonal. */
  trace(): Tensor;
  /** Rolls entries along dims by shifts, wrapping around. */
  roll(shifts: number | readonly number[], dims?: number | readonly number[]): Tensor;
  /** Repeats the tensor along each dim: `x.repeat(2, 1)` or `x.repeat([2, 1])`. */
  repeat(...sizes: SizesArg): Tensor;
  /** Repeats the tensor along each dim, fewer dims padded with leading 1s. */
  tile(...dims: SizesArg): Tensor;
  /** Repeats each element along `dim` (flattened when omitted). */
  repeatInterleave(repeats: number | Tensor, dim?: number): Tensor;
  /** Splits `dim` into `sizes`. */
  unflatten(dim: number, sizes: readonly number[]): Tensor;
  /** Moves dims `source` to `destination`. */
  movedim(source: number | readonly number[], destination: number | readonly number[]): Tensor;
  /** Swaps two dims (a view). */
  swapaxes(axis0: number, axis1: number): Tensor;
  /** Swaps two dims (a view). */
  swapdims(dim0: number, dim1: number): Tensor;
  /** Broadcasts to `shape` (a view). */
  broadcastTo(shape: readonly number[]): Tensor;
  /** Windows of `size` every `step` along `dim`, as a new last dim (a view): `tensor([1, 2, 3]).unfold(0, 2, 1)` → [[1, 2], [2, 3]]. */
  unfold(dim: number, size: number, step: number): Tensor;
}

const sizesOf = (args: SizesArg): readonly number[] => (Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as number[]));

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const structureMethods: StructureMethods & ThisType<Tensor> = {
  tril(diagonal = 0) { return structure.tril(this, diagonal); },
  triu(diagonal = 0) { return structure.triu(this, diagonal); },
  diag(diagonal = 0) { return diagonalOps.diag(this, diagonal); },
  diagonal(offset = 0, dim1 = 0, dim2 = 1) { return diagonalOps.diagonal(this, offset, dim1, dim2); },
  diagEmbed(offset = 0) { return diagonalOps.diagEmbed(this, offset); },
  trace() { return diagonalOps.trace(this); },
  roll(shifts, dims) { return structure.roll(this, shifts, dims); },
  repeat(...sizes) { return structure.repeat(this, sizesOf(sizes)); },
  tile(...dims) { return structure.tile(this, sizesOf(dims)); },
  repeatInterleave(repeats, dim) { return structure.repeatInterleave(this, repeats, dim); },
  unflatten(dim, sizes) { return structure.unflatten(this, dim, sizes); },
  movedim(source, destination) { return structure.movedim(this, source, destination); },
  swapaxes(axis0, axis1) { return structure.swapaxes(this, axis0, axis1); },
  swapdims(dim0, dim1) { return structure.swapaxes(this, dim0, dim1); },
  broadcastTo(shape) { return structure.broadcastTo(this, shape); },
  unfold(dim, size, step) { return structure.unfoldDim(this, dim, size, step); },
};
