/**
 * Matrix and vector products a course reaches for, as compositions of matmul, mul and sum (their
 * gradients come from those primitives' VJPs): mm, bmm, mv, dot, inner, outer, addmm, addmv,
 * baddbmm, addcmul, addcdiv, kron, tensordot, cross, dist, cdist.
 * @module
 */
import { checkDim, checkInt, checkNumber, checkTensor } from '../checks/args.js';
import { checkOptions } from '../checks/options.js';
import { asOp } from '../checks/rename.js';
import { DTypeError, ShapeError, ValueError, fmtShape, formatValue } from '../errors.js';
import { isFloating } from '../dtype.js';
import { vectorNorm } from '../linalg/norms.js';
import { add, div, mul, sub, where } from '../ops/binary.js';
import { zeros } from '../tensor/creation.js';
import { cat } from '../ops/join.js';
import { matmul } from '../ops/matmul.js';
import { broadcastShapes } from '../shape.js';
import { expand, narrow, permute, reshape, unsqueeze } from '../ops/views.js';
import type { Tensor } from '../tensor/tensor.js';

function rank(op: string, arg: string, x: unknown, r: number, what: string): asserts x is Tensor {
  checkTensor(op, arg, x);
  if (x.ndim !== r) throw new ShapeError(op, `${arg} must be ${r}-D ${what}, got shape ${fmtShape(x.shape)}`);
}

function inner2(op: string, a: Tensor, b: Tensor, ad: number, bd: number): void {
  if (a.shape[ad] !== b.shape[bd]) {
    throw new ShapeError(op, `sizes do not match: ${fmtShape(a.shape)} and ${fmtShape(b.shape)} (${a.shape[ad]} ≠ ${b.shape[bd]})`);
  }
}

/** `d` checked against `rank` and made non-negative (order kept, unlike normalizeDims). */
export function dimIn(op: string, arg: string, d: number, rank: number): number {
  checkDim(op, arg, d, rank);
  return d < 0 ? d + rank : d;
}

/** Scales `t` by a number (skipped for 1). */
const scaled = (t: Tensor, s: number): Tensor => (s === 1 ? t : mul(t, s));

/**
 * The matrix product of two matrices, [n, m] @ [m, p] → [n, p] (no broadcasting: see matmul).
 *
 * ```ts
 * mm(tensor([[1, 2]]), tensor([[3], [4]])).toArray(); // [[11]]
 * ```
 */
export function mm(a: Tensor, b: Tensor): Tensor {
  rank('mm', 'input', a, 2, '[n, m]');
  rank('mm', 'mat2', b, 2, '[m, p]');
  inner2('mm', a, b, 1, 0);
  return asOp('mm', () => matmul(a, b));
}

/**
 * Batched matrix product, [B, n, m] @ [B, m, p] → [B, n, p] (no broadcasting).
 *
 * ```ts
 * bmm(ones([2, 1, 3]), ones([2, 3, 1])).toArray(); // [[[3]], [[3]]]
 * ```
 */
export function bmm(a: Tensor, b: Tensor): Tensor {
  rank('bmm', 'input', a, 3, '[B, n, m]');
  rank('bmm', 'mat2', b, 3, '[B, m, p]');
  if (a.shape[0] !== b.shape[0]) throw new ShapeError('bmm', `batch sizes differ: ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  inner2('bmm', a, b, 2, 1);
  return asOp('bmm', () => matmul(a, b));
}

/**
 * Matrix-vector product, [n, m] @ [m] → [n].
 *
 * ```ts
 * mv(tensor([[1, 2], [3, 4]]), tensor([1, 1])).toArray(); // [3, 7]
 * ```
 */
export function mv(a: Tensor, v: Tensor): Tensor {
  rank('mv', 'input', a, 2, '[n, m]');
  rank('mv', 'vec', v, 1, '[m]');
  inner2('mv', a, v, 1, 0);
  return asOp('mv', () => matmul(a, v));
}

/**
 * The dot product of two 1-D tensors of the same length (a 0-d result).
 *
 * ```ts
 * dot(tensor([1, 2, 3]), tensor([4, 5, 6])).item(); // 32
 * ```
 */
export function dot(a: Tensor, b: Tensor): Tensor {
  rank('dot', 'input', a, 1, '[n]');
  rank('dot', 'other', b, 1, '[n]');
  inner2('dot', a, b, 0, 0);
  return asOp('dot', () => matmul(a, b));
}

/**
 * Inner product over the last dims: out[i…, j…] = Σ_k a[i…, k]·b[j…, k] (a number times a tensor
 * for 0-d operands).
 *
 * ```ts
 * inner(tensor([[1, 2], [3, 4]]), tensor([1, 1])).toArray(); // [3, 7]
 * ```
 */
export function inner(a: Tensor, b: Tensor): Tensor {
  checkTensor('inner', 'input', a);
  checkTensor('inner', 'other', b);
  if (a.ndim === 0 || b.ndim === 0) return asOp('inner', () => mul(a, b));
  inner2('inner', a, b, a.ndim - 1, b.ndim - 1);
  const k = a.shape[a.ndim - 1]!;
  const rows = (t: Tensor): number => t.shape.slice(0, -1).reduce((n, s) => n * s, 1);
  const out = asOp('inner', () => matmul(reshape(a, [rows(a), k]), reshape(b, [rows(b), k]).transpose(0, 1))); // [I, J]
  return reshape(out, [...a.shape.slice(0, -1), ...b.shape.slice(0, -1)]);
}

/**
 * The outer product of two 1-D tensors, [n] ⊗ [m] → [n, m] (torch.outer, alias ger).
 *
 * ```ts
 * outer(tensor([1, 2]), tensor([3, 4, 5])).toArray(); // [[3, 4, 5], [6, 8, 10]]
 * ```
 */
export function outer(a: Tensor, b: Tensor): Tensor {
  rank('outer', 'input', a, 1, '[n]');
  rank('outer', 'vec2', b, 1, '[m]');
  return asOp('outer', () => mul(unsqueeze(a, 1), unsqueeze(b, 0))); // a too-large result names outer, not expand
}

/** Options of {@link addmm}, {@link addmv}, {@link baddbmm}: out = beta·input + alpha·(product). */
export interface AddProductOptions {
  /** Scale of `input` (default 1); with 0, input is ignored (NaN in it does not propagate). */
  beta?: number;
  /** Scale of the product (default 1). */
  alpha?: number;
}

function addProduct(op: string, input: Tensor, product: Tensor, options: AddProductOptions): Tensor {
  checkTensor(op, 'input', input);
  const beta = options.beta ?? 1;
  const alpha = options.alpha ?? 1;
  checkNumber(op, 'beta', beta);
  checkNumber(op, 'alpha', alpha);
  const shape = broadcastShapes(op, input.shape, product.shape);
  if (shape.length !== product.ndim || shape.some((s, i) => s !== product.shape[i])) {
    throw new ShapeError(op, `input of shape ${fmtShape(input.shape)} does not broadcast to the product's shape ${fmtShape(product.shape)}`);
  }
  // beta = 0: input is ignored (NaN does not propagate) but still gets PyTorch's zero gradient
  if (beta === 0) return where(zeros(product.shape, { dtype: 'bool' }), input, scaled(product, alpha));
  return add(scaled(input, beta), scaled(product, alpha));
}

/**
 * beta·input + alpha·(mat1 @ mat2), input broadcast to [n, p].
 *
 * ```ts
 * addmm(ones([2, 2]), eye(2), tensor([[1, 2], [3, 4]]), { beta: 0.5 }).toArray(); // [[1.5, 2.5], [3.5, 4.5]]
 * ```
 */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, options: AddProductOptions = {}): Tensor {
  rank('addmm', 'mat1', mat1, 2, '[n, m]');
  rank('addmm', 'mat2', mat2, 2, '[m, p]');
  inner2('addmm', mat1, mat2, 1, 0);
  return asOp('addmm', () => addProduct('addmm', input, matmul(mat1, mat2), options));
}

/**
 * beta·input + alpha·(mat @ vec), input broadcast to [n].
 *
 * ```ts
 * addmv(tensor([1, 1]), tensor([[1, 2], [3, 4]]), tensor([1, 0])).toArray(); // [2, 4]
 * ```
 */
export function addmv(input: Tensor, mat: Tensor, vec: Tensor, options: AddProductOptions = {}): Tensor {
  rank('addmv', 'mat', mat, 2, '[n, m]');
  rank('addmv', 'vec', vec, 1, '[m]');
  inner2('addmv', mat, vec, 1, 0);
  return asOp('addmv', () => addProduct('addmv', input, matmul(mat, vec), options));
}

/**
 * beta·input + alpha·(batch1 @ batch2), batched: [B, n, m] @ [B, m, p], input broadcast to [B, n, p].
 *
 * ```ts
 * baddbmm(zeros([2, 1, 1]), ones([2, 1, 3]), ones([2, 3, 1]), { alpha: 2 }).toArray(); // [[[6]], [[6]]]
 * ```
 */
export function baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, options: AddProductOptions = {}): Tensor {
  return asOp('baddbmm', () => addProduct('baddbmm', input, bmmNamed('baddbmm', batch1, batch2), options));
}

function bmmNamed(op: string, a: Tensor, b: Tensor): Tensor {
  rank(op, 'batch1', a, 3, '[B, n, m]');
  rank(op, 'batch2', b, 3, '[B, m, p]');
  if (a.shape[0] !== b.shape[0]) throw new ShapeError(op, `batch sizes differ: ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  inner2(op, a, b, 2, 1);
  return matmul(a, b);
}

/**
 * input + value·tensor1·tensor2, all three broadcast together.
 *
 * ```ts
 * addcmul(tensor([1, 1]), tensor([2, 3]), tensor([4, 5]), { value: 0.5 }).toArray(); // [5, 8.5]
 * ```
 */
export function addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, options: { value?: number } = {}): Tensor {
  for (const [n, t] of [['input', input], ['tensor1', tensor1], ['tensor2', tensor2]] as const) checkTensor('addcmul', n, t);
  checkOptions('addcmul', options, { value: 'number' });
  const value = options.value ?? 1;
  checkNumber('addcmul', 'value', value);
  broadcastShapes('addcmul', broadcastShapes('addcmul', input.shape, tensor1.shape), tensor2.shape);
  return asOp('addcmul', () => add(input, scaled(mul(tensor1, tensor2), value)));
}

/**
 * input + value·tensor1/tensor2, all three broadcast together (Adam's update has this form).
 *
 * ```ts
 * addcdiv(tensor([1, 1]), tensor([2, 3]), tensor([4, 6]), { value: 2 }).toArray(); // [2, 2]
 * ```
 */
export function addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, options: { value?: number } = {}): Tensor {
  for (const [n, t] of [['input', input], ['tensor1', tensor1], ['tensor2', tensor2]] as const) checkTensor('addcdiv', n, t);
  checkOptions('addcdiv', options, { value: 'number' });
  const value = options.value ?? 1;
  checkNumber('addcdiv', 'value', value);
  broadcastShapes('addcdiv', broadcastShapes('addcdiv', input.shape, tensor1.shape), tensor2.shape);
  return asOp('addcdiv', () => add(input, scaled(div(tensor1, tensor2), value)));
}

/**
 * The Kronecker product: for a of shape [a0, a1, …] and b of [b0, b1, …] (the shorter padded with
 * leading 1s), out[i0·b0 + j0, …] = a[i0, …]·b[j0, …], shape [a0·b0, a1·b1, …].
 *
 * ```ts
 * kron(eye(2), tensor([[1, 2], [3, 4]])).shape; // [4, 4]: the block matrix diag(B, B)
 * ```
 */
export function kron(a: Tensor, b: Tensor): Tensor {
  checkTensor('kron', 'input', a);
  checkTensor('kron', 'other', b);
  const r = Math.max(a.ndim, b.ndim);
  const as = [...new Array<number>(r - a.ndim).fill(1), ...a.shape];
  const bs = [...new Array<number>(r - b.ndim).fill(1), ...b.shape];
  const ai = reshape(a, as.flatMap((s) => [s, 1])); // [a0, 1, a1, 1, …]
  const bi = reshape(b, bs.flatMap((s) => [1, s])); // [1, b0, 1, b1, …]
  return asOp('kron', () => reshape(mul(ai, bi), as.map((s, i) => s * bs[i]!))); // names kron, not expand
}

/**
 * Sums the products over `dims`: a number n contracts the last n dims of a with the first n of b;
 * `[dimsA, dimsB]` contracts those pairs. The result's dims are a's free dims, then b's.
 *
 * ```ts
 * tensordot(ones([2, 3, 4]), ones([3, 4, 5]), 2).shape;        // [2, 5], each entry 12
 * tensordot(ones([3, 2]), ones([3, 4]), [[0], [0]]).shape;     // [2, 4]
 * ```
 */
export function tensordot(a: Tensor, b: Tensor, dims: number | readonly [readonly number[], readonly number[]] = 2): Tensor {
  checkTensor('tensordot', 'a', a);
  checkTensor('tensordot', 'b', b);
  let da: number[];
  let db: number[];
  if (typeof dims === 'number') {
    checkInt('tensordot', 'dims', dims, 0);
    if (dims > a.ndim || dims > b.ndim) throw new ValueError('tensordot', `dims=${dims} exceeds the ranks of a ${fmtShape(a.shape)} or b ${fmtShape(b.shape)}`);
    da = Array.from({ length: dims }, (_, i) => a.ndim - dims + i);
    db = Array.from({ length: dims }, (_, i) => i);
  } else {
    if (!Array.isArray(dims) || dims.length !== 2 || !Array.isArray(dims[0]) || !Array.isArray(dims[1]) || dims[0].length !== dims[1].length) {
      throw new ValueError('tensordot', `dims must be a number or two lists of the same length, got ${formatValue(dims)}`);
    }
    da = dims[0].map((d) => dimIn('tensordot', 'dims[0]', d, a.ndim));
    db = dims[1].map((d) => dimIn('tensordot', 'dims[1]', d, b.ndim));
  }
  da.forEach((d, i) => {
    if (a.shape[d] !== b.shape[db[i]!]) throw new ShapeError('tensordot', `contracted sizes differ: dim ${d} of a ${fmtShape(a.shape)} and dim ${db[i]} of b ${fmtShape(b.shape)}`);
  });
  const freeA = a.shape.map((_, d) => d).filter((d) => !da.includes(d));
  const freeB = b.shape.map((_, d) => d).filter((d) => !db.includes(d));
  const size = (t: Tensor, ds: number[]): number => ds.reduce((n, d) => n * t.shape[d]!, 1);
  const am = reshape(permute(a, [...freeA, ...da]), [size(a, freeA), size(a, da)]);
  const bm = reshape(permute(b, [...db, ...freeB]), [size(b, db), size(b, freeB)]);
  return reshape(asOp('tensordot', () => matmul(am, bm)), [...freeA.map((d) => a.shape[d]!), ...freeB.map((d) => b.shape[d]!)]);
}

/**
 * The cross product of 3-vectors along `dim` (default −1, as torch.linalg.cross; torch.cross's
 * deprecated default picks the first dim of size 3), a and b broadcast together.
 *
 * ```ts
 * cross(tensor([1, 0, 0]), tensor([0, 1, 0])).toArray(); // [0, 0, 1]
 * ```
 */
export function cross(a: Tensor, b: Tensor, dim = -1): Tensor {
  checkTensor('cross', 'input', a);
  checkTensor('cross', 'other', b);
  const shape = broadcastShapes('cross', a.shape, b.shape);
  const d = dimIn('cross', 'dim', dim, shape.length);
  if (shape[d] !== 3) throw new ShapeError('cross', `dim ${dim} must have size 3, got shapes ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const x = expand(a, shape);
  const y = expand(b, shape);
  const c = (t: Tensor, i: number): Tensor => narrow(t, d, i, 1);
  return asOp('cross', () => cat([
    sub(mul(c(x, 1), c(y, 2)), mul(c(x, 2), c(y, 1))),
    sub(mul(c(x, 2), c(y, 0)), mul(c(x, 0), c(y, 2))),
    sub(mul(c(x, 0), c(y, 1)), mul(c(x, 1), c(y, 0))),
  ], d));
}

/**
 * The p-norm of a − b over all elements (a and b broadcast), as torch.dist.
 *
 * ```ts
 * dist(tensor([0, 0]), tensor([3, 4])).item(); // 5
 * ```
 */
export function dist(a: Tensor, b: Tensor, p = 2): Tensor {
  checkTensor('dist', 'input', a);
  checkTensor('dist', 'other', b);
  checkNumber('dist', 'p', p);
  return asOp('dist', () => vectorNorm(sub(a, b), p));
}

/**
 * Pairwise p-norm distances between the rows of x1 [..., P, M] and x2 [..., R, M] → [..., P, R]
 * (batch dims broadcast). The gradient at a zero distance is 0, as PyTorch's.
 *
 * ```ts
 * cdist(tensor([[0, 0], [1, 1]]), tensor([[3, 4]])).toArray(); // [[5], [√13]]
 * ```
 */
export function cdist(x1: Tensor, x2: Tensor, p = 2): Tensor {
  checkTensor('cdist', 'x1', x1);
  checkTensor('cdist', 'x2', x2);
  checkNumber('cdist', 'p', p);
  if (x1.ndim < 2 || x2.ndim < 2) throw new ShapeError('cdist', `x1 and x2 must be at least 2-D [..., P, M] and [..., R, M], got ${fmtShape(x1.shape)} and ${fmtShape(x2.shape)}`);
  if (!isFloating(x1.dtype) || !isFloating(x2.dtype)) throw new DTypeError('cdist', `cdist only supports floating-point dtypes, as in PyTorch; got ${x1.dtype} and ${x2.dtype}`);
  inner2('cdist', x1, x2, x1.ndim - 1, x2.ndim - 1);
  return asOp('cdist', () => vectorNorm(sub(unsqueeze(x1, -2), unsqueeze(x2, -3)), p, -1)); // ‖x1[…, P, 1, M] − x2[…, 1, R, M]‖ over M
}
