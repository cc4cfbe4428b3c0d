/**
 * Vector and matrix norms with PyTorch's names and `ord` values: `vectorNorm`, `matrixNorm`, `norm`.
 * @module
 */
import { asOp, checkBool, checkIntOrList } from '../checks/index.js';
import { record } from '../autograd/node.js';
import { formatValue } from '../errors.js';
import { noGrad } from '../autograd/grad-mode.js';
import { ValueError, fmtShape } from '../errors.js';
import { where } from '../ops/binary.js';
import { requireFloat } from '../ops/util.js';
import { Tensor } from '../tensor/tensor.js';
import { requireMatrix } from './batch.js';
import { svd } from './spectral.js';

/** The dims to reduce: all of x's when undefined or null. */
function dimsOf(x: Tensor, dim: number | readonly number[] | null | undefined): number[] {
  if (dim === undefined || dim === null) return x.shape.map((_, i) => i);
  return (typeof dim === 'number' ? [dim] : [...dim]).map((d) => (d < 0 ? d + x.ndim : d));
}

/**
 * The vector norm of x over `dim` (all dims by default), as `torch.linalg.vector_norm`:
 * ord 2 (default), any p > 0, Infinity (max |x|), −Infinity (min |x|) or 0 (the count of
 * nonzeros, not differentiable). The 2-norm's gradient is 0 at a zero vector, as PyTorch's.
 *
 * ```ts
 * linalg.vectorNorm(tensor([3, 4])).item(); // 5
 * linalg.vectorNorm(tensor([[1, -2], [3, 0]]), Infinity, 1).toArray(); // [2, 3]
 * ```
 */
export function vectorNorm(x: Tensor, ord = 2, dim?: number | readonly number[] | null, keepdim = false): Tensor {
  if (!(x instanceof Tensor)) throw new ValueError('linalg.vectorNorm', `x must be a Tensor, got ${typeof x}`);
  requireFloat('linalg.vectorNorm', x, 'x');
  if (typeof ord !== 'number' || Number.isNaN(ord) || ord < 0 && ord !== -Infinity) {
    throw new ValueError('linalg.vectorNorm', `ord must be a number ≥ 0, Infinity or -Infinity, got ${formatValue(ord)}`);
  }
  // dim and keepdim are checked here, not by the sum that uses them (a string dim was a raw TypeError)
  if (dim !== undefined && dim !== null) checkIntOrList('linalg.vectorNorm', 'dim', dim);
  checkBool('linalg.vectorNorm', 'keepdim', keepdim);
  const dims = dimsOf(x, dim);
  for (const d of dims) {
    if (!(d >= 0 && d < Math.max(x.ndim, 1))) throw new ValueError('linalg.vectorNorm', `dim ${formatValue(dim)} is out of range for x of shape ${fmtShape(x.shape)}`);
  }
  if (x.ndim === 0) return vectorNorm(x.reshape([1]), ord, 0, false);
  const a = x.abs();
  // an empty tensor has no ∞-norm (max has no identity): the error names this op, as PyTorch's
  if (ord === Infinity) return asOp('linalg.vectorNorm', () => a.amax(dims, keepdim));
  if (ord === -Infinity) return asOp('linalg.vectorNorm', () => a.amin(dims, keepdim));
  if (ord === 0) return noGrad(() => x.ne(0).to(x.dtype).sum(dims, keepdim));
  if (ord === 2) return norm2(x, dims, keepdim);
  if (ord === 1) return a.sum(dims, keepdim);
  // PyTorch's gradient is 0 where it is infinite here: at x = 0 for ord < 1 (|x|^ord) and at a zero
  // norm for ord > 1 (the root): both are routed around (the gradients were NaN there)
  const powered = ord < 1 ? where(a.eq(0), 0, where(a.eq(0), 1, a).pow(ord)) : a.pow(ord);
  const total = powered.sum(dims, keepdim);
  const isZero = total.eq(0);
  return where(isZero, 0, where(isZero, 1, total).pow(1 / ord));
}

function norm2(x: Tensor, dims: number[], keepdim: boolean): Tensor {
  const n = noGrad(() => x.square().sum(dims, true).sqrt());
  const out = record('LinalgVectorNormBackward', n, [x], norm2Vjp, [x, n]);
  return keepdim ? out : out.squeeze(dims);
}
// dx = g·x/‖x‖ (0 where ‖x‖ = 0, PyTorch's subgradient)
function norm2Vjp(g: Tensor, [x, n]: readonly Tensor[]): Tensor[] {
  const safe = n!.eq(0).to(n!.dtype).add(n!);
  return [g.mul(x!).div(safe)];
}

/** The `ord` values of {@link matrixNorm}. */
export type MatrixOrd = 'fro' | 'nuc' | number;

/**
 * The matrix norm over the two dims in `dim` (the last two by default), as
 * `torch.linalg.matrix_norm`: 'fro' (default), 'nuc' (sum of singular values), 2 / −2 (largest /
 * smallest singular value), 1 / −1 (max / min column abs-sum), Infinity / −Infinity (max / min
 * row abs-sum).
 *
 * ```ts
 * linalg.matrixNorm(tensor([[1, 2], [3, 4]]), 1).item(); // 6
 * ```
 */
export function matrixNorm(A: Tensor, ord: MatrixOrd = 'fro', dim: readonly [number, number] = [-2, -1], keepdim = false): Tensor {
  requireMatrix('linalg.matrixNorm', A);
  if (!Array.isArray(dim) || dim.length !== 2) throw new ValueError('linalg.matrixNorm', `dim must be a pair of dims, got ${formatValue(dim)}`);
  const [r, c] = dimsOf(A, dim) as [number, number];
  if (!(r >= 0 && r < A.ndim && c >= 0 && c < A.ndim) || r === c) {
    throw new ValueError('linalg.matrixNorm', `dim [${dim.join(', ')}] must name two different dims of A of shape ${fmtShape(A.shape)}`);
  }
  checkBool('linalg.matrixNorm', 'keepdim', keepdim);
  const restore = (t: Tensor): Tensor => (keepdim ? t.unsqueeze(Math.min(r, c)).unsqueeze(Math.max(r, c)) : t);
  if (ord === 'fro') return asOp('linalg.matrixNorm', () => vectorNorm(A, 2, [r, c], keepdim));
  if (ord === 'nuc' || ord === 2 || ord === -2) {
    const S = asOp('linalg.matrixNorm', () => svd(moveLast(A, r, c), { fullMatrices: false }).S);
    return restore(asOp('linalg.matrixNorm', () => (ord === 'nuc' ? S.sum(-1) : ord === 2 ? S.amax(-1) : S.amin(-1))));
  }
  if (ord === 1 || ord === -1 || ord === Infinity || ord === -Infinity) {
    const [summed, across] = Math.abs(ord) === 1 ? [r, c] : [c, r];
    const sums = A.abs().sum(summed, true);
    const out = asOp('linalg.matrixNorm', () => (ord > 0 ? sums.amax(across, true) : sums.amin(across, true)));
    return keepdim ? out : out.squeeze([r, c]);
  }
  throw new ValueError('linalg.matrixNorm', `ord must be 'fro', 'nuc', 2, -2, 1, -1, Infinity or -Infinity, got ${formatValue(ord)}`);
}

/** A with dims r and c moved to the end (in that order). */
function moveLast(A: Tensor, r: number, c: number): Tensor {
  const rest = A.shape.map((_, i) => i).filter((i) => i !== r && i !== c);
  return A.permute([...rest, r, c]);
}

/**
 * `torch.linalg.norm`: a matrix norm when `ord` is a string or `dim` names two dims (or, with
 * `ord` given and no dim, A is 2-D); otherwise a vector norm (of the flattened A when neither
 * `ord` nor `dim` is given).
 *
 * ```ts
 * linalg.norm(tensor([[3, 0], [0, 4]])).item(); // 5 (Frobenius)
 * linalg.norm(tensor([[3, 0], [0, 4]]), 2).item(); // 4 (spectral)
 * ```
 */
export function norm(A: Tensor, ord?: MatrixOrd, dim?: number | readonly number[], keepdim = false): Tensor {
  if (!(A instanceof Tensor)) throw new ValueError('linalg.norm', `A must be a Tensor, got ${typeof A}`);
  if (dim !== undefined) checkIntOrList('linalg.norm', 'dim', dim);
  return asOp('linalg.norm', () => normOf(A, ord, dim, keepdim));
}

function normOf(A: Tensor, ord: MatrixOrd | undefined, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  const dims = dim === undefined ? undefined : typeof dim === 'number' ? [dim] : [...dim];
  if (dims !== undefined && dims.length === 2) return matrixNorm(A, ord ?? 'fro', [dims[0]!, dims[1]!], keepdim);
  if (typeof ord === 'string' || (ord !== undefined && dims === undefined && A.ndim === 2)) {
    if (dims !== undefined) throw new ValueError('linalg.norm', `ord ${formatValue(ord)} needs two dims, got dim [${dims.join(', ')}]`);
    return matrixNorm(A, ord ?? 'fro', [-2, -1], keepdim);
  }
  if (ord !== undefined && dims === undefined && A.ndim !== 1) {
    throw new ValueError('linalg.norm', `with ord and no dim, A must be 1-D or 2-D, got shape ${fmtShape(A.shape)}`);
  }
  return vectorNorm(A, ord ?? 2, dims, keepdim);
}
