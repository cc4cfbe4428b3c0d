/**
 * `chainrule.linalg`: linear algebra with PyTorch's `torch.linalg` names, float64-accurate
 * (computed in float64 for float32 inputs too), batched over leading dims.
 *
 * ```ts
 * import { linalg, tensor } from 'chainrule';
 * const A = tensor([[4, 2], [2, 5]], { dtype: 'float64', requiresGrad: true });
 * linalg.det(A).backward(); // A.grad = det(A)·A⁻ᵀ = [[5, -2], [-2, 4]]
 * ```
 * @module
 */
export { det, slogdet, inv, solve } from './lu.js';
export type { SignLogAbsDet } from './lu.js';
export { cholesky, qr } from './factor.js';
export type { QR, QrOptions } from './factor.js';
export { eigh, eigvalsh, eigvals, svd, svdvals } from './spectral.js';
export type { Eigh, Svd, SvdOptions, ComplexParts } from './spectral.js';
export { pinv, lstsq, matrixPower, matrixRank } from './solvers.js';
export type { Lstsq, RankTolerances } from './solvers.js';
export { vectorNorm, matrixNorm, norm } from './norms.js';
export type { MatrixOrd } from './norms.js';
