/**
 * Cholesky and QR factorizations, each forward with its VJP right below it.
 * @module
 */
import { noGrad } from '../autograd/grad-mode.js';
import { checkOptions } from '../checks/options.js';
import { formatValue } from '../errors.js';
import { record, type Node } from '../autograd/node.js';
import type { FloatDType } from '../dtype.js';
import { AutogradError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromValues, lowerMask, mT, packed, readMatrices, requireMatrix, requireSquare, symmetricFromLower, unpack } from './batch.js';
import { choleskyFactor, householderQr } from './dense.js';
import { inv } from './lu.js';

/**
 * The lower Cholesky factor L of each symmetric positive-definite matrix (A = L·Lᵀ), as
 * `torch.linalg.cholesky`. Only A's lower triangle is read (as LAPACK does); the gradient is the
 * symmetric one PyTorch gives (A is taken to be symmetric, so check it with f(X) = cholesky(X·Xᵀ + cI)).
 * A matrix that is not positive-definite is a ValueError.
 *
 * ```ts
 * linalg.cholesky(tensor([[4, 2], [2, 5]])).toArray(); // [[2, 0], [1, 2]]
 * ```
 */
export function cholesky(A: Tensor): Tensor {
  requireSquare('linalg.cholesky', A);
  const S = A;
  const m = readMatrices(noGrad(() => symmetricFromLower(A.detach())));
  const n = m.rows;
  const out = new Float64Array(m.count * n * n);
  for (let b = 0; b < m.count; b++) {
    const l = choleskyFactor(m.data.subarray(b * n * n, (b + 1) * n * n), n);
    if (typeof l === 'number') {
      const where = S.ndim > 2 ? ` (batch element ${b})` : '';
      throw new ValueError('linalg.cholesky', `the input of shape ${fmtShape(S.shape)}${where} is not positive-definite: its leading minor of order ${l} is not positive`);
    }
    out.set(l, b * n * n);
  }
  const L = fromValues(out, S.shape, S.dtype as FloatDType);
  return record('LinalgCholeskyBackward', L, [S], choleskyVjp, [L]);
}
// gA = sym(L⁻ᵀ·Φ(Lᵀ·g)·L⁻¹), Φ = lower triangle with the diagonal halved, sym(X) = (X + Xᵀ)/2
function choleskyVjp(g: Tensor, [L]: readonly Tensor[]): Tensor[] {
  const n = L!.shape[L!.ndim - 1]!;
  const P = mT(L!).matmul(g);
  const phi = P.mul(lowerMask(n, P, false)).add(P.mul(lowerMask(n, P)).sub(P.mul(lowerMask(n, P, false))).mul(0.5));
  const Li = inv(L!);
  const gA = mT(Li).matmul(phi).matmul(Li);
  return [gA.add(mT(gA)).mul(0.5)];
}

/** Options of {@link qr}. */
export interface QrOptions {
  /** 'reduced' (default): Q m×k, R k×n with k = min(m, n); 'complete': Q m×m, R m×n; 'r': R only (Q is empty). */
  mode?: 'reduced' | 'complete' | 'r';
}

/** The (Q, R) pair of {@link qr}: an array you can destructure, with named fields too. */
export type QR = [Q: Tensor, R: Tensor] & { Q: Tensor; R: Tensor };

/**
 * The QR factorization A = Q·R by Householder reflections (LAPACK's sign convention: R's diagonal
 * may be negative), as `torch.linalg.qr`. Differentiable in 'reduced' mode when m ≥ n, and in
 * 'complete' mode when m = n (as PyTorch; other cases throw when A requires grad).
 *
 * ```ts
 * const [Q, R] = linalg.qr(tensor([[3, 1], [4, 2]])); // Q·R equals A, Qᵀ·Q = I
 * ```
 */
export function qr(A: Tensor, options: QrOptions = {}): QR {
  requireMatrix('linalg.qr', A);
  checkOptions('linalg.qr', options, { mode: 'any' });
  const mode = options.mode ?? 'reduced';
  if (mode !== 'reduced' && mode !== 'complete' && mode !== 'r') {
    throw new ValueError('linalg.qr', `mode must be 'reduced', 'complete' or 'r', got ${formatValue(mode)}`);
  }
  const m = readMatrices(A);
  const { rows, cols, count } = m;
  const k = mode === 'complete' ? rows : Math.min(rows, cols);
  if (A.requiresGrad && (mode === 'r' || rows < cols && mode === 'reduced' || rows > cols && mode === 'complete')) {
    // gradient rules exist for these in the literature, but PyTorch refuses them as well
    throw new AutogradError('linalg.qr', `no gradient for mode '${mode}' with A of shape ${fmtShape(A.shape)} (needs mode 'reduced' with m ≥ n); detach A or change the mode`);
  }
  const qs = new Float64Array(count * rows * k);
  const rs = new Float64Array(count * k * cols);
  for (let b = 0; b < count; b++) {
    const { q, r } = householderQr(m.data.subarray(b * rows * cols, (b + 1) * rows * cols), rows, cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < k; j++) qs[b * rows * k + i * k + j] = q[i * rows + j]!;
    rs.set(r.subarray(0, k * cols), b * k * cols);
  }
  const dtype = A.dtype as FloatDType;
  const pack = packed(m.batch, [{ data: qs, size: rows * k }, { data: rs, size: k * cols }], count, dtype);
  const out = record('LinalgQrBackward', pack, [A], qrVjp, [pack], { rows, cols, k });
  const Q = mode === 'r' ? fromValues([], [0], dtype) : unpack(out, 0, [rows, k]);
  const R = unpack(out, rows * k, [k, cols]);
  return Object.assign([Q, R] as [Tensor, Tensor], { Q, R });
}
// M = R·gRᵀ − gQᵀ·Q; gA = (gQ + Q·copyltu(M))·R⁻ᵀ, copyltu(M) = tril(M) + tril(M, −1)ᵀ
function qrVjp(g: Tensor, [pack]: readonly Tensor[], node: Node<{ rows: number; cols: number; k: number }>): Tensor[] {
  const { rows, k, cols } = node.attrs;
  const Q = unpack(pack!, 0, [rows, k]);
  const R = unpack(pack!, rows * k, [k, cols]);
  const gQ = unpack(g, 0, [rows, k]);
  const gR = unpack(g, rows * k, [k, cols]);
  const M = R.matmul(mT(gR)).sub(mT(gQ).matmul(Q));
  const copyltu = M.mul(lowerMask(k, M)).add(mT(M.mul(lowerMask(k, M, false))));
  return [gQ.add(Q.matmul(copyltu)).matmul(mT(inv(R)))];
}
