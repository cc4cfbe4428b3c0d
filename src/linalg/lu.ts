/**
 * Determinants, inverses and linear solves, from LU factors with partial pivoting:
 * `det`, `slogdet`, `inv`, `solve`. Each forward has its VJP right below it.
 * @module
 */
import { checkTensor } from '../checks/index.js';
import { record } from '../autograd/node.js';
import type { FloatDType } from '../dtype.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { broadcastShapes } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues, mT, readMatrices, requireMatrix, requireSquare } from './batch.js';
import { luFactor, luSolve, identity } from './dense.js';

/**
 * The determinant of each square matrix in A ([..., n, n] → [...]), as `torch.linalg.det`.
 *
 * ```ts
 * linalg.det(tensor([[2, 1], [1, 3]])).item(); // 5
 * ```
 */
export function det(A: Tensor): Tensor {
  requireSquare('linalg.det', A);
  const m = readMatrices(A);
  const n = m.rows;
  const out = new Float64Array(m.count);
  for (let b = 0; b < m.count; b++) {
    const f = luFactor(m.data.subarray(b * n * n, (b + 1) * n * n), n);
    let d = f.sign;
    for (let i = 0; i < n; i++) d *= f.lu[i * n + i]!;
    out[b] = d === 0 ? 0 : d; // never −0
  }
  const y = fromValues(out, m.batch, A.dtype as FloatDType);
  return record('LinalgDetBackward', y, [A], detVjp, [A, y]);
}
// dA = g·det(A)·A⁻ᵀ (Jacobi's formula)
function detVjp(g: Tensor, [A, y]: readonly Tensor[]): Tensor[] {
  return [g.mul(y!).unsqueeze(-1).unsqueeze(-1).mul(mT(inv(A!)))];
}

/** The (sign, logabsdet) pair of {@link slogdet}: an array you can destructure, with named fields too. */
export type SignLogAbsDet = [sign: Tensor, logabsdet: Tensor] & { sign: Tensor; logabsdet: Tensor };

/**
 * Sign and log of the absolute value of the determinant, as `torch.linalg.slogdet`: accurate where
 * det would overflow or underflow. A singular matrix gives sign 0 and logabsdet −inf. The sign is
 * not differentiable; logabsdet is, with gradient A⁻ᵀ.
 *
 * ```ts
 * const [sign, logabsdet] = linalg.slogdet(tensor([[0, 2], [3, 0]])); // −1, log 6
 * ```
 */
export function slogdet(A: Tensor): SignLogAbsDet {
  requireSquare('linalg.slogdet', A);
  const m = readMatrices(A);
  const n = m.rows;
  const signs = new Float64Array(m.count);
  const logs = new Float64Array(m.count);
  for (let b = 0; b < m.count; b++) {
    const f = luFactor(m.data.subarray(b * n * n, (b + 1) * n * n), n);
    let s = f.sign;
    let l = 0;
    for (let i = 0; i < n; i++) {
      const u = f.lu[i * n + i]!;
      s *= Math.sign(u);
      l += Math.log(Math.abs(u));
    }
    signs[b] = s === 0 ? 0 : s; // never −0
    logs[b] = s === 0 ? -Infinity : l;
  }
  const dtype = A.dtype as FloatDType;
  const sign = fromValues(signs, m.batch, dtype);
  const logabsdet = record('LinalgSlogdetBackward', fromValues(logs, m.batch, dtype), [A], slogdetVjp, [A]);
  return Object.assign([sign, logabsdet] as [Tensor, Tensor], { sign, logabsdet });
}
// d log|det A| = A⁻ᵀ
function slogdetVjp(g: Tensor, [A]: readonly Tensor[]): Tensor[] {
  return [g.unsqueeze(-1).unsqueeze(-1).mul(mT(inv(A!)))];
}

/**
 * The inverse of each square matrix, as `torch.linalg.inv`; a singular matrix is a ValueError.
 *
 * ```ts
 * linalg.inv(tensor([[2, 0], [0, 4]])).toArray(); // [[0.5, 0], [0, 0.25]]
 * ```
 */
export function inv(A: Tensor): Tensor {
  requireSquare('linalg.inv', A);
  const m = readMatrices(A);
  const n = m.rows;
  const out = new Float64Array(m.count * n * n);
  const eye = identity(n);
  for (let b = 0; b < m.count; b++) {
    const f = luFactor(m.data.subarray(b * n * n, (b + 1) * n * n), n);
    if (f.zeroPivot >= 0) throw singular('linalg.inv', A, b, f.zeroPivot);
    out.set(luSolve(f, n, eye, n), b * n * n);
  }
  const y = fromValues(out, A.shape, A.dtype as FloatDType);
  return record('LinalgInvBackward', y, [A], invVjp, [y]);
}
// dA = −A⁻ᵀ·g·A⁻ᵀ
function invVjp(g: Tensor, [y]: readonly Tensor[]): Tensor[] {
  const yt = mT(y!);
  return [yt.matmul(g).matmul(yt).neg()];
}

/**
 * Solves A·X = B for X, as `torch.linalg.solve`: A is [..., n, n]; B is [..., n, k], or a vector
 * [..., n] when B.ndim is 1 or B's shape is A's without the last dim. Batch dims broadcast.
 *
 * ```ts
 * linalg.solve(tensor([[3, 1], [1, 2]]), tensor([9, 8])).toArray(); // [2, 3]
 * ```
 */
export function solve(A: Tensor, B: Tensor): Tensor {
  requireSquare('linalg.solve', A);
  checkTensor('linalg.solve', 'B', B);
  requireMatrix('linalg.solve', B.ndim === 1 ? B.unsqueeze(-1) : B, 'B');
  const n = A.shape[A.ndim - 1]!;
  const vector = B.ndim === 1 || (B.ndim === A.ndim - 1 && B.shape.every((s, i) => s === A.shape[i]));
  const b = vector ? B.unsqueeze(-1) : B;
  if (b.dtype !== A.dtype) throw new ShapeError('linalg.solve', `A is ${A.dtype} but B is ${B.dtype}; convert one with .to()`);
  if (b.shape[b.ndim - 2] !== n) {
    throw new ShapeError('linalg.solve', `A ${fmtShape(A.shape)} and B ${fmtShape(B.shape)} do not match: B needs ${n} rows`);
  }
  const batch = broadcastShapes('linalg.solve', A.shape.slice(0, -2), b.shape.slice(0, -2));
  const k = b.shape[b.ndim - 1]!;
  const x = solveSame(A.expand([...batch, n, n]), b.expand([...batch, n, k]));
  return vector ? x.squeeze(-1) : x;
}

/** solve on equal batch shapes: the primitive. */
function solveSame(A: Tensor, B: Tensor): Tensor {
  const ma = readMatrices(A);
  const mb = readMatrices(B);
  const n = ma.rows;
  const k = mb.cols;
  const out = new Float64Array(mb.count * n * k);
  for (let b = 0; b < ma.count; b++) {
    const f = luFactor(ma.data.subarray(b * n * n, (b + 1) * n * n), n);
    if (f.zeroPivot >= 0) throw singular('linalg.solve', A, b, f.zeroPivot);
    out.set(luSolve(f, n, mb.data.subarray(b * n * k, (b + 1) * n * k), k), b * n * k);
  }
  const x = fromValues(out, B.shape, A.dtype as FloatDType);
  return record('LinalgSolveBackward', x, [A, B], solveVjp, [A, x]);
}
// gB = A⁻ᵀ·g, gA = −gB·Xᵀ
function solveVjp(g: Tensor, [A, x]: readonly Tensor[]): Tensor[] {
  const gB = solveSame(mT(A!), g);
  return [gB.matmul(mT(x!)).neg(), gB];
}

function singular(op: string, A: Tensor, batch: number, pivot: number): ValueError {
  const where = A.ndim > 2 ? ` (batch element ${batch})` : '';
  return new ValueError(op, `the matrix of shape ${fmtShape(A.shape)}${where} is singular: U[${pivot}, ${pivot}] of its LU factorization is zero`);
}
