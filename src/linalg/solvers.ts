/**
 * Linear algebra built from the factorizations: `pinv`, `lstsq`, `matrixPower`, `matrixRank`.
 * Composites of differentiable ops, so they need no VJP of their own.
 * @module
 */
import { asOp } from '../checks/rename.js';
import { checkOptions } from '../checks/options.js';
import { noGrad } from '../autograd/grad-mode.js';
import { formatValue } from '../errors.js';
import { record } from '../autograd/node.js';
import type { FloatDType } from '../dtype.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { empty } from '../ops/util.js';
import type { Tensor } from '../tensor/tensor.js';
import { diagEmbed, eyeLike, fromValues, mT, requireMatrix, requireSquare } from './batch.js';
import { inv } from './lu.js';
import { svd } from './spectral.js';

/** Tolerances of {@link pinv} and {@link matrixRank}: singular values ≤ max(atol, rtol·σ_max) count as zero. */
export interface RankTolerances {
  /** Absolute tolerance (default 0). */
  atol?: number;
  /** Relative tolerance (default eps·max(m, n) when atol is not given, else 0, as PyTorch). */
  rtol?: number;
  /** Accepted for PyTorch compatibility; the SVD path is used either way. */
  hermitian?: boolean;
}

const EPS: Record<FloatDType, number> = { float32: 2 ** -23, float64: 2 ** -52 };

/** The cutoff per matrix, max(atol, rtol·σ_max), shaped [..., 1] to compare with S. */
function cutoff(op: string, A: Tensor, S: Tensor, t: RankTolerances): Tensor {
  for (const key of ['atol', 'rtol'] as const) {
    const v = t[key];
    if (v !== undefined && !(typeof v === 'number' && v >= 0)) throw new ValueError(op, `${key} must be a number ≥ 0, got ${formatValue(v)}`);
  }
  const [m, n] = A.shape.slice(-2) as [number, number];
  const rtol = t.rtol ?? (t.atol === undefined ? EPS[A.dtype as FloatDType] * Math.max(m, n) : 0);
  const smax = S.shape[S.ndim - 1] === 0 ? S.sum(-1, true) : S.amax(-1, true);
  return smax.mul(rtol).clamp(t.atol ?? 0, null);
}

/**
 * The Moore–Penrose pseudo-inverse ([..., m, n] → [..., n, m]) from the SVD, as `torch.linalg.pinv`.
 * Its gradient (PyTorch's formula) holds where the numerical rank does not change.
 *
 * ```ts
 * linalg.pinv(tensor([[1, 0], [0, 0]])).toArray(); // [[1, 0], [0, 0]]
 * ```
 */
export function pinv(A: Tensor, tolerances: RankTolerances = {}): Tensor {
  requireMatrix('linalg.pinv', A);
  checkOptions('linalg.pinv', tolerances, { atol: 'any', rtol: 'any', hermitian: 'any' });
  const P = noGrad(() => {
    const [U, S, Vh] = svd(A.detach(), { fullMatrices: false });
    const keep = S.gt(cutoff('linalg.pinv', A, S, tolerances)).to(A.dtype);
    const Sinv = S.add(keep.neg().add(1)).reciprocal().mul(keep); // 1/s where kept, 0 elsewhere (never 1/0)
    return mT(Vh).matmul(diagEmbed(Sinv)).matmul(mT(U)).contiguous();
  });
  return record('LinalgPinvBackward', P, [A], pinvVjp, [A, P]);
}
// dP = −P·dA·P + P·Pᵀ·dAᵀ·(I − A·P) + (I − P·A)·dAᵀ·Pᵀ·P (Golub–Pereyra, where the rank is locally constant), so
// gA = −Pᵀ·g·Pᵀ + (I − A·P)·gᵀ·P·Pᵀ + Pᵀ·P·gᵀ·(I − P·A)
function pinvVjp(g: Tensor, [A, P]: readonly Tensor[]): Tensor[] {
  const [m, n] = A!.shape.slice(-2) as [number, number];
  const Pt = mT(P!);
  const gt = mT(g);
  const left = eyeLike(m, A!).sub(A!.matmul(P!));
  const right = eyeLike(n, A!).sub(P!.matmul(A!));
  return [Pt.matmul(g).matmul(Pt).neg().add(left.matmul(gt).matmul(P!).matmul(Pt)).add(Pt.matmul(P!).matmul(gt).matmul(right))];
}

/** Result of {@link lstsq}, as PyTorch's named tuple (solution, residuals, rank, singular_values). */
export type Lstsq = [solution: Tensor, residuals: Tensor, rank: Tensor, singularValues: Tensor] & {
  solution: Tensor;
  residuals: Tensor;
  rank: Tensor;
  singularValues: Tensor;
};

/**
 * The least-squares solution X minimizing ‖A·X − B‖ (A [..., m, n], B [..., m, k]), as
 * `torch.linalg.lstsq` with its default CPU driver 'gelsy': `residuals` and `singularValues` are
 * empty (gelsy computes neither; compute `A.matmul(solution).sub(B).square().sum(-2)` when you
 * need them), `rank` is A's numerical rank (int32). Computed as pinv(A)·B, so it is
 * differentiable in A and B.
 *
 * ```ts
 * linalg.lstsq(tensor([[1, 0], [0, 1], [1, 1]]), tensor([[1], [2], [2]])).solution; // [[1], [1.5]]… least squares
 * ```
 */
export function lstsq(A: Tensor, B: Tensor, rcond?: number): Lstsq {
  requireMatrix('linalg.lstsq', A);
  requireMatrix('linalg.lstsq', B, 'B');
  if (A.dtype !== B.dtype) throw new ShapeError('linalg.lstsq', `A is ${A.dtype} but B is ${B.dtype}; convert one with .to()`);
  const m = A.shape[A.ndim - 2]!;
  if (B.shape[B.ndim - 2] !== m) throw new ShapeError('linalg.lstsq', `A ${fmtShape(A.shape)} and B ${fmtShape(B.shape)} do not match: B needs ${m} rows`);
  if (rcond !== undefined && !(typeof rcond === 'number' && rcond >= 0)) throw new ValueError('linalg.lstsq', `rcond must be a number ≥ 0, got ${formatValue(rcond)}`);
  const tol = rcond === undefined ? {} : { rtol: rcond };
  // pinv's and matrixRank's errors (a non-finite A) are lstsq's
  const solution = asOp('linalg.lstsq', () => pinv(A, tol).matmul(B));
  const rank = asOp('linalg.lstsq', () => matrixRank(A, tol));
  const residuals = empty([0], A.dtype);
  return Object.assign([solution, residuals, rank, empty([0], A.dtype)] as [Tensor, Tensor, Tensor, Tensor], {
    solution,
    residuals,
    rank,
    singularValues: empty([0], A.dtype),
  });
}

/**
 * A square matrix to an integer power n, as `torch.linalg.matrix_power`: n = 0 gives the identity,
 * n < 0 the power of the inverse. By repeated squaring.
 *
 * ```ts
 * linalg.matrixPower(tensor([[1, 1], [0, 1]]), 3).toArray(); // [[1, 3], [0, 1]]
 * ```
 */
export function matrixPower(A: Tensor, n: number): Tensor {
  requireSquare('linalg.matrixPower', A);
  if (!Number.isInteger(n)) throw new ValueError('linalg.matrixPower', `n must be an integer, got ${formatValue(n)}`);
  const size = A.shape[A.ndim - 1]!;
  if (n === 0) return eyeLike(size, A).expand(A.shape).contiguous();
  let base = n < 0 ? asOp('linalg.matrixPower', () => inv(A)) : A;
  let result: Tensor | null = null;
  for (let e = Math.abs(n); e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = result === null ? base : result.matmul(base);
    if (e > 1) base = base.matmul(base);
  }
  return result!;
}

/**
 * The numerical rank of each matrix (int32; PyTorch returns int64): the number of singular values
 * above max(atol, rtol·σ_max), as `torch.linalg.matrix_rank`. Not differentiable.
 *
 * ```ts
 * linalg.matrixRank(tensor([[1, 2], [2, 4]])).item(); // 1
 * ```
 */
export function matrixRank(A: Tensor, tolerances: RankTolerances = {}): Tensor {
  requireMatrix('linalg.matrixRank', A);
  // as pinv: a null or unknown option is a ValueError naming the op (null was a raw TypeError)
  checkOptions('linalg.matrixRank', tolerances, { atol: 'any', rtol: 'any', hermitian: 'any' });
  return noGrad(() => {
    const S = svd(A.detach(), { fullMatrices: false }).S;
    const counts = S.gt(cutoff('linalg.matrixRank', A, S, tolerances)).to(A.dtype).sum(-1);
    return fromValues(counts.toTypedArray(), counts.shape, 'float64').to('int32');
  });
}
