/**
 * Shared plumbing of chainrule.linalg: argument checks, reading a batch of matrices into float64
 * arrays, writing results back as tensors, and the few matrix helpers the VJPs are written with
 * (transpose of the last two dims, identity and triangle masks, diag embedding).
 * @module
 */
import type { FloatDType } from '../dtype.js';
import { DTypeError, ShapeError, fmtShape } from '../errors.js';
import { empty, requireFloat } from '../ops/util.js';
import { Tensor } from '../tensor/tensor.js';

/** A batch of matrices read as float64: `count` matrices of rows×cols, row-major, one after another. */
export interface MatrixBatch {
  batch: number[];
  rows: number;
  cols: number;
  count: number;
  data: Float64Array;
}

/** Checks that `a` is a float tensor with at least 2 dims (a batch of matrices). */
export function requireMatrix(op: string, a: unknown, arg = 'A'): asserts a is Tensor {
  if (!(a instanceof Tensor)) throw new DTypeError(op, `${arg} must be a Tensor, got ${typeof a}`);
  requireFloat(op, a, arg);
  if (a.ndim < 2) throw new ShapeError(op, `${arg} must have at least 2 dimensions (a batch of matrices), got shape ${fmtShape(a.shape)}`);
}

/** Checks that `a` is a batch of square matrices. */
export function requireSquare(op: string, a: unknown, arg = 'A'): asserts a is Tensor {
  requireMatrix(op, a, arg);
  const n = a.shape[a.ndim - 1]!;
  if (a.shape[a.ndim - 2] !== n) throw new ShapeError(op, `${arg} must be batches of square matrices, got shape ${fmtShape(a.shape)}`);
}

/** The matrices of `a` (shape [..., rows, cols]) as float64 values. */
export function readMatrices(a: Tensor): MatrixBatch {
  const rows = a.shape[a.ndim - 2]!;
  const cols = a.shape[a.ndim - 1]!;
  const batch = a.shape.slice(0, -2);
  const count = batch.reduce((p, s) => p * s, 1);
  return { batch, rows, cols, count, data: Float64Array.from(a.toTypedArray() as Float64Array | Float32Array) };
}

/** A new tensor of `shape` and `dtype` holding `values` (row-major). */
export function fromValues(values: ArrayLike<number>, shape: readonly number[], dtype: FloatDType): Tensor {
  const out = empty(shape, dtype);
  (out.storage as Float64Array | Float32Array).set(values);
  return out;
}

/** The matrix transpose (last two dims swapped), a view. */
export function mT(a: Tensor): Tensor {
  return a.transpose(-2, -1);
}

/** The n×n identity of `like`'s dtype. */
export function eyeLike(n: number, like: Tensor): Tensor {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  return fromValues(e, [n, n], like.dtype as FloatDType);
}

/** The 0/1 mask of the n×n lower triangle (with the diagonal when `diagonal` is true), `like`'s dtype. */
export function lowerMask(n: number, like: Tensor, diagonal = true): Tensor {
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) if (diagonal || j < i) e[i * n + j] = 1;
  return fromValues(e, [n, n], like.dtype as FloatDType);
}

/** The diagonal matrices with `d` ([..., n]) on their diagonal: d.unsqueeze(−1)·I, differentiable. */
export function diagEmbed(d: Tensor): Tensor {
  const n = d.shape[d.ndim - 1]!;
  return d.unsqueeze(-1).mul(eyeLike(n, d));
}

/** The diagonals ([..., n]) of square matrices, differentiable: Σ_j (A ⊙ I)_ij. */
export function diagOf(a: Tensor): Tensor {
  return a.mul(eyeLike(a.shape[a.ndim - 1]!, a)).sum(-1);
}

/** The symmetric matrix read from the lower triangle of A: tril(A) + tril(A, −1)ᵀ (LAPACK's uplo 'L'). */
export function symmetricFromLower(a: Tensor): Tensor {
  const n = a.shape[a.ndim - 1]!;
  return a.mul(lowerMask(n, a)).add(mT(a.mul(lowerMask(n, a, false))));
}

/** Packs several results into one [..., total] tensor (the one output of a multi-result primitive). */
export function packed(batch: readonly number[], parts: readonly { data: Float64Array; size: number }[], count: number, dtype: FloatDType): Tensor {
  const total = parts.reduce((t, p) => t + p.size, 0);
  const out = new Float64Array(count * total);
  for (let b = 0; b < count; b++) {
    let at = b * total;
    for (const p of parts) {
      out.set(p.data.subarray(b * p.size, (b + 1) * p.size), at);
      at += p.size;
    }
  }
  return fromValues(out, [...batch, total], dtype);
}

/** The part of a packed tensor starting at `start` with `size` entries, reshaped to [...batch, ...shape]. */
export function unpack(p: Tensor, start: number, shape: readonly number[]): Tensor {
  const size = shape.reduce((a, s) => a * s, 1);
  return p.narrow(-1, start, size).reshape([...p.shape.slice(0, -1), ...shape]);
}
