/**
 * Scans: cumsum, cumprod, logcumsumexp, cummax and cummin along one dim, as PyTorch's for float tensors.
 * @module
 */
import type { CumulativeIndexOp, CumulativeOp, FloatView } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { record, type Node } from '../autograd/node.js';
import type { FloatArray } from '../dtype.js';
import { normalizeDim } from '../shape.js';
import { checkTensor } from '../checks/args.js';
import { Tensor } from '../tensor/tensor.js';
import { where } from './binary.js';
import { gt, lt } from './compare.js';
import { flip } from './flip.js';
import { gather } from './indexing.js';
import { valuesIndices, type ValuesIndicesTuple } from './named-tuple.js';
import { int32Sums, sum } from './reduce.js';
import { toDtype } from './cast.js';
import { movedim } from './structure.js';
import { empty, requireFloat } from './util.js';
import { unsqueeze } from './views.js';

/**
 * y_k = Σ_{j ≤ k} x_j along `dim` (negative counts from the end; a 0-d x gives itself), summed in
 * float64 and rounded once per element.
 *
 * @example
 * ```ts
 * cumsum(tensor([[1, 2, 3], [4, 5, 6]]), 1); // [[1, 3, 6], [4, 9, 15]]
 * ```
 */
export function cumsum(x: Tensor, dim: number): Tensor {
  checkTensor('cumsum', 'input', x);
  if (x.dtype === 'int32' || x.dtype === 'bool') return intCumsum(x, normalizeDim('cumsum', dim, x.ndim));
  requireFloat('cumsum', x);
  const d = normalizeDim('cumsum', dim, x.ndim);
  const out = empty(x.shape, x.dtype);
  kernels().cumsum(x as FloatView, d, out.storage as FloatArray);
  return record('CumsumBackward', out, [x], cumsumVjp, [], { dim: d });
}
/** int32/bool running sums, exact, as int32 (PyTorch's are int64; see int32Sums). Integers have no gradient. */
function intCumsum(x: Tensor, d: number): Tensor {
  const wide = new Float64Array(x.numel());
  kernels().cumsum(toDtype(x, 'float64') as FloatView, d, wide);
  return new Tensor(int32Sums('cumsum', 'the running sum', x, wide, "use x.to('float64')"), x.shape);
}

// dx_j = Σ_{k ≥ j} g_k: the running sum from the end, flip(cumsum(flip(g)))
function cumsumVjp(g: Tensor, _saved: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] {
  const d = node.attrs.dim;
  if (g.ndim === 0) return [g];
  return [flip(cumsum(flip(g, d), d), d)];
}

// --- cumprod, cummax, cummin, logcumsumexp (issue 10) ---

/**
 * Running products along `dim`: y_k = Π_{j ≤ k} x_j (float64, rounded once per element). The
 * gradient is exact with zeros in x too (as PyTorch's).
 *
 * @example
 * ```ts
 * cumprod(tensor([1, 2, 3, 4]), 0); // [1, 2, 6, 24]
 * ```
 */
export function cumprod(x: Tensor, dim: number): Tensor {
  return cumulativeOp('cumprod', 'CumprodBackward', cumprodVjp, x, dim);
}
// dx_j = Σ_{k ≥ j} g_k Π_{i ≤ k, i ≠ j} x_i, which is revcumsum(g ⊙ y) / x when x has no zero
function cumprodVjp(g: Tensor, [x, y]: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] {
  const d = node.attrs.dim;
  if (g.ndim === 0) return [g];
  // division is cheap and accurate unless some |x| is 0, or so small that the two ±g/x terms of
  // its second derivative cancel with a large rounding error: then the exact product form
  if (x!.toTypedArray().every((v) => Math.abs(v) > 1e-6)) return [reverseCumsum(g.mul(y!), d).div(x!)];
  // with zeros: P[j, k] = Π_{i ≤ k, i ≠ j} x_i as a cumprod over rows of x with x_j replaced by 1
  const xl = movedim(x!, d, -1);
  const n = xl.shape[xl.ndim - 1]!;
  const rows = where(eyeMask(n), 1, unsqueeze(xl, -2)); // [..., j, i]
  const upper = where(eyeMask(n, true), unsqueeze(movedim(g, d, -1), -2), 0); // g_k for k ≥ j
  return [movedim(sum(cumprod(rows, -1).mul(upper), -1), -1, d)];
}

/**
 * log Σ_{j ≤ k} exp(x_j) along `dim`, shifted by the running max so it neither overflows nor
 * underflows.
 *
 * @example
 * ```ts
 * logcumsumexp(tensor([0, 0]), 0); // [0, log 2]
 * ```
 */
export function logcumsumexp(x: Tensor, dim: number): Tensor {
  return cumulativeOp('logcumsumexp', 'LogcumsumexpBackward', logcumsumexpVjp, x, dim);
}
// dx_j = Σ_{k ≥ j} g_k e^{x_j − y_k} = e^{x_j + L⁺_j} − e^{x_j + L⁻_j}, L^± = reverse logcumsumexp(log g^± − y)
function logcumsumexpVjp(g: Tensor, [x, y]: readonly Tensor[], node: Node<{ dim: number }>): Tensor[] {
  const d = node.attrs.dim;
  if (g.ndim === 0) return [g];
  // log g^± − y, and −∞ (with no dependence on y, which may be −∞ too) where g^± is 0; the inner
  // where keeps log's gradient finite
  const logPart = (mask: Tensor, part: Tensor): Tensor => where(mask, where(mask, part, 1).log().sub(y!), -Infinity);
  const reverse = (z: Tensor): Tensor => flip(logcumsumexp(flip(z, d), d), d);
  const positive = reverse(logPart(gt(g, 0), g));
  const negative = reverse(logPart(lt(g, 0), g.neg()));
  return [x!.add(positive).exp().sub(x!.add(negative).exp())];
}

type CumulativeVjp = (g: Tensor, saved: readonly Tensor[], node: Node<{ dim: number }>) => Tensor[];

function cumulativeOp(op: CumulativeOp, nodeName: string, vjp: CumulativeVjp, x: Tensor, dim: number): Tensor {
  requireFloat(op, x);
  const d = normalizeDim(op, dim, x.ndim);
  const out = empty(x.shape, x.dtype);
  kernels().cumulative(op, x as FloatView, d, out.storage as FloatArray);
  return record(nodeName, out, [x], vjp, [x, out], { dim: d });
}

/**
 * Running maximum along `dim` and where it was (int32): PyTorch's `torch.cummax`. A later element
 * takes over on ties, and a NaN propagates. Gradient through the values only.
 *
 * @example
 * ```ts
 * const [values, indices] = cummax(tensor([1, 3, 2, 5]), 0); // [1, 3, 3, 5], [0, 1, 1, 3]
 * ```
 */
export function cummax(x: Tensor, dim: number): ValuesIndicesTuple {
  return cumulativeExtreme('cummax', x, dim);
}

/**
 * Running minimum along `dim` and where it was (int32): PyTorch's `torch.cummin`.
 *
 * @example
 * ```ts
 * const { values, indices } = cummin(tensor([3, 1, 2]), 0); // [3, 1, 1], [0, 1, 1]
 * ```
 */
export function cummin(x: Tensor, dim: number): ValuesIndicesTuple {
  return cumulativeExtreme('cummin', x, dim);
}

function cumulativeExtreme(op: CumulativeIndexOp, x: Tensor, dim: number): ValuesIndicesTuple {
  requireFloat(op, x);
  const d = normalizeDim(op, dim, x.ndim);
  const indices = empty(x.shape, 'int32');
  kernels().cumulativeIndices(op, x, d, indices.storage as Int32Array);
  // the values are a gather at the indices, so the gradient is gather's (scatter-add back)
  return valuesIndices(gather(x, d, indices), indices);
}

/** Σ_{k ≥ j} g_k along d. */
function reverseCumsum(g: Tensor, d: number): Tensor {
  return flip(cumsum(flip(g, d), d), d);
}

/** A bool [n, n] mask of the diagonal, or of the upper triangle with it when `upper`. */
function eyeMask(n: number, upper = false): Tensor {
  const mask = new Uint8Array(n * n);
  for (let j = 0; j < n; j++) for (let k = upper ? j : 0; k < n; k++) if (k === j || upper) mask[j * n + k] = 1;
  return new Tensor(mask, [n, n], undefined, 0, 'bool');
}
