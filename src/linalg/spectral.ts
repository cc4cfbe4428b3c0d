/**
 * Symmetric eigendecomposition and SVD: `eigh`, `eigvalsh`, `svd`, `svdvals`, each forward with
 * its VJP right below it. Eigenvector and singular-vector signs are a convention (each column's
 * largest-magnitude entry positive; PyTorch's LAPACK picks its own): compare invariants such as
 * V·diag(L)·Vᵀ or U·diag(S)·Vh, not the vectors themselves.
 * @module
 */
import { noGrad } from '../autograd/grad-mode.js';
import { checkOptions } from '../checks/options.js';
import { formatValue } from '../errors.js';
import { record, type Node } from '../autograd/node.js';
import type { FloatDType } from '../dtype.js';
import { ValueError, fmtShape } from '../errors.js';
import { cat } from '../ops/join.js';
import type { Tensor } from '../tensor/tensor.js';
import { diagEmbed, eyeLike, fromValues, mT, packed, readMatrices, requireMatrix, requireSquare, symmetricFromLower, unpack } from './batch.js';
import { jacobiEigh } from './dense.js';
import { completeColumns, jacobiSvd, transposeDense } from './svd-dense.js';
import { hqrEigenvalues } from './eig-dense.js';

/** The (eigenvalues, eigenvectors) pair of {@link eigh}: destructurable, with named fields too. */
export type Eigh = [eigenvalues: Tensor, eigenvectors: Tensor] & { eigenvalues: Tensor; eigenvectors: Tensor };

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors (columns) of symmetric matrices, as
 * `torch.linalg.eigh` with UPLO 'L': only the lower triangle is read, and the gradient is the
 * symmetric one PyTorch gives (A is taken to be symmetric). Gradients need distinct eigenvalues
 * (the eigenvector term divides by their differences, as in PyTorch).
 *
 * ```ts
 * const [L, V] = linalg.eigh(tensor([[2, 1], [1, 2]])); // L = [1, 3]
 * ```
 */
export function eigh(A: Tensor): Eigh {
  requireSquare('linalg.eigh', A);
  const m = readMatrices(noGrad(() => symmetricFromLower(A.detach())));
  const n = m.rows;
  const ls = new Float64Array(m.count * n);
  const vs = new Float64Array(m.count * n * n);
  for (let b = 0; b < m.count; b++) {
    const { values, vectors } = jacobiEigh(m.data.subarray(b * n * n, (b + 1) * n * n), n);
    ls.set(values, b * n);
    vs.set(vectors, b * n * n);
  }
  const pack = packed(m.batch, [{ data: ls, size: n }, { data: vs, size: n * n }], m.count, A.dtype as FloatDType);
  const out = record('LinalgEighBackward', pack, [A], eighVjp, [pack], { n });
  const eigenvalues = unpack(out, 0, [n]);
  const eigenvectors = unpack(out, n, [n, n]);
  return Object.assign([eigenvalues, eigenvectors] as [Tensor, Tensor], { eigenvalues, eigenvectors });
}
// gA = sym(V·(diag(gL) + F ⊙ Vᵀ·gV)·Vᵀ), F_ij = 1/(λ_j − λ_i) off the diagonal, 0 on it
function eighVjp(g: Tensor, [pack]: readonly Tensor[], node: Node<{ n: number }>): Tensor[] {
  const n = node.attrs.n;
  const L = unpack(pack!, 0, [n]);
  const V = unpack(pack!, n, [n, n]);
  const gL = unpack(g, 0, [n]);
  const gV = unpack(g, n, [n, n]);
  const inner = diagEmbed(gL).add(offDiagonalReciprocal(L).mul(mT(V).matmul(gV)));
  const gA = V.matmul(inner).matmul(mT(V));
  return [gA.add(mT(gA)).mul(0.5)];
}

/** F_ij = 1/(d_j − d_i) for i ≠ j and 0 on the diagonal, from d of shape [..., n]. */
function offDiagonalReciprocal(d: Tensor): Tensor {
  const n = d.shape[d.ndim - 1]!;
  const I = eyeLike(n, d);
  const diff = d.unsqueeze(-2).sub(d.unsqueeze(-1)); // diff_ij = d_j − d_i
  return diff.add(I).reciprocal().mul(I.neg().add(1));
}

/**
 * The eigenvalues (ascending) of symmetric matrices, as `torch.linalg.eigvalsh`.
 *
 * ```ts
 * linalg.eigvalsh(tensor([[2, 1], [1, 2]])).toArray(); // [1, 3]
 * ```
 */
export function eigvalsh(A: Tensor): Tensor {
  requireSquare('linalg.eigvalsh', A);
  return eigh(A).eigenvalues;
}

/** Options of {@link svd}. */
export interface SvdOptions {
  /** true (PyTorch's default): U is m×m and Vh n×n; false: U m×k and Vh k×n, k = min(m, n). */
  fullMatrices?: boolean;
}

/** The (U, S, Vh) triple of {@link svd}: destructurable, with named fields too. */
export type Svd = [U: Tensor, S: Tensor, Vh: Tensor] & { U: Tensor; S: Tensor; Vh: Tensor };

/**
 * The singular value decomposition A = U·diag(S)·Vh (S descending), as `torch.linalg.svd`, by
 * one-sided Jacobi. With `fullMatrices` (the default, as PyTorch) the extra columns of U and rows
 * of Vh complete orthonormal bases; gradients flow through the first k = min(m, n) of them only.
 * Gradients through U or Vh need distinct nonzero singular values (as in PyTorch).
 *
 * ```ts
 * const [U, S, Vh] = linalg.svd(tensor([[3, 0], [0, -2]]), { fullMatrices: false }); // S = [3, 2]
 * ```
 */
export function svd(A: Tensor, options: SvdOptions = {}): Svd {
  requireMatrix('linalg.svd', A);
  checkOptions('linalg.svd', options, { fullMatrices: 'any' });
  const full = options.fullMatrices ?? true;
  if (typeof full !== 'boolean') throw new ValueError('linalg.svd', `fullMatrices must be a boolean, got ${formatValue(full)}`);
  const m = readMatrices(A);
  const { rows, cols, count } = m;
  const k = Math.min(rows, cols);
  const us = new Float64Array(count * rows * k);
  const ss = new Float64Array(count * k);
  const vhs = new Float64Array(count * k * cols);
  for (let b = 0; b < count; b++) {
    const r = jacobiSvd(m.data.subarray(b * rows * cols, (b + 1) * rows * cols), rows, cols);
    us.set(r.u, b * rows * k);
    ss.set(r.s, b * k);
    vhs.set(transposeDense(r.v, cols, k), b * k * cols);
  }
  const dtype = A.dtype as FloatDType;
  const pack = packed(m.batch, [{ data: us, size: rows * k }, { data: ss, size: k }, { data: vhs, size: k * cols }], count, dtype);
  const out = record('LinalgSvdBackward', pack, [A], svdVjp, [pack], { rows, cols, k });
  let U = unpack(out, 0, [rows, k]);
  const S = unpack(out, rows * k, [k]);
  let Vh = unpack(out, rows * k + k, [k, cols]);
  if (full && rows !== cols) {
    if (rows > k) U = cat([U, completion(us, rows, k, count, m.batch, dtype, false)], -1);
    if (cols > k) Vh = cat([Vh, mT(completion(vhs, cols, k, count, m.batch, dtype, true))], -2);
  }
  return Object.assign([U, S, Vh] as [Tensor, Tensor, Tensor], { U, S, Vh });
}
// gA = U·[(F ⊙ (UᵀgU − gUᵀU))·S + diag(gS) + S·(F ⊙ (VᵀgV − gVᵀV))]·Vᵀ + (I − UUᵀ)·gU·S⁻¹·Vᵀ + U·S⁻¹·gVᵀ·(I − VVᵀ),
// F_ij = 1/(s_j² − s_i²) off the diagonal (Townsend 2016)
function svdVjp(g: Tensor, [pack]: readonly Tensor[], node: Node<{ rows: number; cols: number; k: number }>): Tensor[] {
  const { rows, cols, k } = node.attrs;
  const U = unpack(pack!, 0, [rows, k]);
  const S = unpack(pack!, rows * k, [k]);
  const V = mT(unpack(pack!, rows * k + k, [k, cols]));
  const gU = unpack(g, 0, [rows, k]);
  const gS = unpack(g, rows * k, [k]);
  const gV = mT(unpack(g, rows * k + k, [k, cols]));
  const F = offDiagonalReciprocal(S.mul(S));
  const Sd = diagEmbed(S);
  const Sinv = diagEmbed(S.reciprocal());
  const J = F.mul(mT(U).matmul(gU).sub(mT(gU).matmul(U)));
  const K = F.mul(mT(V).matmul(gV).sub(mT(gV).matmul(V)));
  const core = J.matmul(Sd).add(diagEmbed(gS)).add(Sd.matmul(K));
  let gA = U.matmul(core).matmul(mT(V));
  if (rows > k) gA = gA.add(gU.sub(U.matmul(mT(U).matmul(gU))).matmul(Sinv).matmul(mT(V)));
  if (cols > k) gA = gA.add(U.matmul(Sinv).matmul(mT(gV).sub(mT(gV).matmul(V).matmul(mT(V)))));
  return [gA];
}

/**
 * The constant big×(big − k) columns completing the k orthonormal columns in `thin` (U as m×k, or
 * Vh as k×n when `rowsOf`) to an orthonormal basis, for each batch element.
 */
function completion(thin: Float64Array, big: number, k: number, count: number, batch: number[], dtype: FloatDType, rowsOf: boolean): Tensor {
  const extra = new Float64Array(count * big * (big - k));
  for (let b = 0; b < count; b++) {
    const q = new Float64Array(big * big);
    for (let i = 0; i < big; i++) for (let j = 0; j < k; j++) q[i * big + j] = rowsOf ? thin[b * k * big + j * big + i]! : thin[b * big * k + i * k + j]!;
    completeColumns(q, big, big, Array.from({ length: big }, (_, j) => j < k));
    for (let i = 0; i < big; i++) for (let j = k; j < big; j++) extra[b * big * (big - k) + i * (big - k) + (j - k)] = q[i * big + j]!;
  }
  return fromValues(extra, [...batch, big, big - k], dtype);
}

/**
 * The singular values (descending) of each matrix, as `torch.linalg.svdvals`; gradients are
 * defined everywhere the singular values are distinct or not (only S is used).
 *
 * ```ts
 * linalg.svdvals(tensor([[3, 0], [0, -2]])).toArray(); // [3, 2]
 * ```
 */
export function svdvals(A: Tensor): Tensor {
  requireMatrix('linalg.svdvals', A);
  return svd(A, { fullMatrices: false }).S;
}

/** The eigenvalues of {@link eigvals} as real and imaginary parts: destructurable, with named fields too. */
export type ComplexParts = [real: Tensor, imag: Tensor] & { real: Tensor; imag: Tensor };

/**
 * The eigenvalues of general (non-symmetric) square matrices `A` ([..., n, n]), as
 * `torch.linalg.eigvals`. How it differs from PyTorch, exactly:
 *
 * - **Return type.** PyTorch returns one complex tensor (complex64 for float32 input, complex128
 *   for float64). chainrule has no complex dtype, so this returns two real tensors of A's dtype,
 *   `[real, imag]`, each [..., n] (also readable as `.real` and `.imag`): eigenvalue k is
 *   `real[..., k] + i·imag[..., k]`, what PyTorch gives as `w.real` and `w.imag`.
 * - **Order.** A conjugate pair is adjacent, positive imaginary part first; otherwise the order is
 *   the QR iteration's. LAPACK's (PyTorch's) order is unspecified too and can differ: sort before
 *   comparing.
 * - **Gradient.** PyTorch differentiates eigvals through complex autograd; here the result is not
 *   differentiable (it never requires grad). For symmetric matrices use {@link eigvalsh}, which is.
 * - **Modulus.** PyTorch's `w.abs()` (the modulus |λ|) is `hypot(real, imag)`; the spectral radius
 *   of a recurrent weight matrix is its largest modulus.
 *
 * `torch.linalg.eig` (eigenvectors of a general matrix, complex too) is not provided.
 *
 * ```ts
 * const W = tensor([[0, -1], [1, 0]], { dtype: 'float64' }); // a rotation: eigenvalues ±i
 * const { real, imag } = linalg.eigvals(W);                  // real [0, 0], imag [1, -1]
 * const modulus = hypot(real, imag);                          // [1, 1], PyTorch's eigvals(W).abs()
 * const radius = modulus.amax(-1);                            // 1
 * ```
 */
export function eigvals(A: Tensor): ComplexParts {
  requireSquare('linalg.eigvals', A);
  const m = readMatrices(A);
  const n = m.rows;
  const re = new Float64Array(m.count * n);
  const im = new Float64Array(m.count * n);
  for (let b = 0; b < m.count; b++) {
    const block = m.data.subarray(b * n * n, (b + 1) * n * n);
    if (!block.every(Number.isFinite)) throw new ValueError('linalg.eigvals', `A${A.ndim > 2 ? ` (batch element ${b})` : ''} of shape ${fmtShape(A.shape)} has NaN or infinite entries`);
    let r: { re: Float64Array; im: Float64Array };
    r = eigenvaluesWithRetries(block, n, () => `A of shape ${fmtShape(A.shape)}${A.ndim > 2 ? ` (batch element ${b})` : ''}`);
    re.set(r.re, b * n);
    im.set(r.im, b * n);
  }
  const dtype = A.dtype as FloatDType;
  const real = fromValues(re, [...m.batch, n], dtype);
  const imag = fromValues(im, [...m.batch, n], dtype);
  return Object.assign([real, imag] as [Tensor, Tensor], { real, imag });
}

/**
 * hqrEigenvalues, retried on up to three similar matrices H·A·H (H a fixed Householder reflector,
 * so the eigenvalues are the same) when the QR iteration stalls: structured matrices such as a
 * near cyclic permutation can defeat the Francis shifts, and a reflection breaks the structure.
 */
function eigenvaluesWithRetries(block: Float64Array, n: number, what: () => string): { re: Float64Array; im: Float64Array } {
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      return hqrEigenvalues(attempt === 0 ? block : reflected(block, n, attempt), n);
    } catch {
      // stalled: try the next reflection
    }
  }
  throw new ValueError('linalg.eigvals', `the QR iteration did not converge for ${what()}`);
}

/** H·A·H for the reflector H = I − 2vvᵀ/vᵀv with v_i = 1 + ((i + 1)·seed mod 7). */
function reflected(a: Float64Array, n: number, seed: number): Float64Array {
  const v = Float64Array.from({ length: n }, (_, i) => 1 + (((i + 1) * seed * 3) % 7));
  const vv = v.reduce((t, x) => t + x * x, 0);
  const apply = (m: Float64Array, left: boolean): Float64Array => {
    const out = m.slice();
    for (let k = 0; k < n; k++) {
      // the k-th column (left: H·M) or row (right: M·H) minus 2v(vᵀx)/vᵀv
      let dot = 0;
      for (let i = 0; i < n; i++) dot += v[i]! * (left ? m[i * n + k]! : m[k * n + i]!);
      const c = (2 * dot) / vv;
      for (let i = 0; i < n; i++) {
        if (left) out[i * n + k] = m[i * n + k]! - c * v[i]!;
        else out[k * n + i] = m[k * n + i]! - c * v[i]!;
      }
    }
    return out;
  };
  return apply(apply(a, true), false);
}
