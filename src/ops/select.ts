/**
 * Selection by masks and flat indices: maskedFill, indexFill, maskedSelect, nonzero, take,
 * takeAlongDim. All are compositions of where / indexSelect / gather, whose VJPs give the gradients.
 * @module
 */
import { asOp, checkOptions, checkTensor, checkTensorLike, numberAs } from '../checks/index.js';
import { isFloating } from '../dtype.js';
import { DTypeError, IndexError, ShapeError, fmtShape } from '../errors.js';
import { broadcastShapes, normalizeDim, sameShape } from '../shape.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { where } from './binary.js';
import { gather, indexSelect } from './indexing.js';
import { broadcastView, empty, scalar } from './util.js';
import { contiguousCopy, expand, reshape } from './views.js';

function requireBoolMask(op: string, mask: Tensor): void {
  if (mask.dtype !== 'bool') throw new DTypeError(op, `mask must be a bool tensor, got ${mask.dtype} (shape ${fmtShape(mask.shape)})`);
}

function requireIndex(op: string, index: Tensor, arg = 'index'): void {
  if (index.dtype !== 'int32') throw new DTypeError(op, `${arg} must be an int32 tensor, got ${index.dtype} (shape ${fmtShape(index.shape)}); create it with { dtype: 'int32' }`);
}

/**
 * x with `value` where `mask` (bool, broadcastable to x's shape) is true. A 0-d tensor value gets
 * the gradient of the entries it filled. The result keeps x's dtype, as PyTorch's: an int32 x
 * takes the value truncated (3.5 fills 3; ±∞, NaN or a value past int32 is an error), a bool x
 * takes `value ≠ 0`.
 *
 * @example
 * ```ts
 * maskedFill(tensor([1, 2, 3]), tensor([true, false, true]), 0); // [0, 2, 0]
 * ```
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number | Tensor): Tensor {
  checkTensor('maskedFill', 'input', x);
  checkTensor('maskedFill', 'mask', mask);
  checkTensorLike('maskedFill', 'value', value);
  requireBoolMask('maskedFill', mask);
  if (!sameShape(broadcastShapes('maskedFill', x.shape, mask.shape), x.shape)) {
    throw new ShapeError('maskedFill', `mask ${fmtShape(mask.shape)} must broadcast to x's shape ${fmtShape(x.shape)}`);
  }
  if (typeof value !== 'number' && value.ndim !== 0) throw new ShapeError('maskedFill', `value must be a number or a 0-d tensor, got shape ${fmtShape(value.shape)}`);
  return where(mask, fillValue('maskedFill', x, value), x);
}

/**
 * `value` in x's dtype, so the filled tensor keeps x's dtype as PyTorch's masked_fill does
 * (`where` alone would promote an int32 x filled with 3.5 to float32). Into int32 a value is
 * truncated and refused when it does not fit; into bool it is `value ≠ 0` (see {@link numberAs}). A float x takes the
 * value as given: `where` keeps x's float dtype and the gradient reaches a 0-d tensor value.
 */
function fillValue(op: string, x: Tensor, value: number | Tensor): number | Tensor {
  if (isFloating(x.dtype)) return value;
  return scalar(numberAs(op, 'value', typeof value === 'number' ? value : Number(value.item()), x.dtype), x.dtype);
}

/**
 * x with `value` in the entries `index` (int32, 0-D or 1-D) along `dim`.
 *
 * @example
 * ```ts
 * indexFill(zeros([2, 3]), 1, tensor([0, 2], { dtype: 'int32' }), 5); // [[5, 0, 5], [5, 0, 5]]
 * ```
 */
export function indexFill(x: Tensor, dim: number, index: Tensor, value: number | Tensor): Tensor {
  checkTensor('indexFill', 'input', x);
  checkTensor('indexFill', 'index', index);
  checkTensorLike('indexFill', 'value', value);
  const d = normalizeDim('indexFill', dim, x.ndim);
  requireIndex('indexFill', index);
  if (index.ndim > 1) throw new ShapeError('indexFill', `index must be 0-D or 1-D, got shape ${fmtShape(index.shape)}`);
  // checked here, not left to maskedFill, so the error names indexFill (fuzz seed 49)
  if (typeof value !== 'number' && value.ndim !== 0) throw new ShapeError('indexFill', `value must be a number or a 0-d tensor, got shape ${fmtShape(value.shape)}`);
  const n = x.ndim === 0 ? 1 : x.shape[d]!;
  const mask = new Uint8Array(n);
  for (const v of index.toTypedArray()) {
    if (v < -n || v >= n) throw new IndexError('indexFill', `index ${v} is out of range for dim ${d} of size ${n} (shape ${fmtShape(x.shape)})`);
    mask[v < 0 ? v + n : v] = 1;
  }
  const shape = x.ndim === 0 ? [] : x.shape.map((s, k) => (k === d ? s : 1));
  return maskedFill(x, new Tensor(mask, shape, undefined, 0, 'bool'), fillValue('indexFill', x, value));
}

/**
 * The positions of the non-zero (true) entries: an int32 [count, ndim] tensor in row-major order,
 * or with `asTuple` one 1-D int32 tensor per dim. Not differentiable.
 *
 * @example
 * ```ts
 * nonzero(tensor([[0, 1], [2, 0]])); // [[0, 1], [1, 0]]
 * ```
 */
export function nonzero(x: Tensor): Tensor;
export function nonzero(x: Tensor, options: { asTuple: true }): Tensor[];
export function nonzero(x: Tensor, options: { asTuple?: boolean } = {}): Tensor | Tensor[] {
  checkTensor('nonzero', 'input', x);
  checkOptions('nonzero', options, { asTuple: 'bool' });
  const values = x.toTypedArray();
  const rank = x.ndim;
  const found: number[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] === 0) continue;
    let rest = i;
    const at = new Array<number>(rank);
    for (let d = rank - 1; d >= 0; d--) {
      at[d] = rest % x.shape[d]!;
      rest = Math.floor(rest / x.shape[d]!);
    }
    found.push(...at);
  }
  const count = rank === 0 ? (values.length && values[0] !== 0 ? 1 : 0) : found.length / rank;
  const all = new Tensor(Int32Array.from(found), [count, rank]);
  if (!options.asTuple) return all;
  if (rank === 0) return [new Tensor(new Int32Array(count), [count])];
  return Array.from({ length: rank }, (_, d) => new Tensor(Int32Array.from({ length: count }, (_, i) => found[i * rank + d]!), [count]));
}

/**
 * The entries of x where `mask` is true (both broadcast together), as a 1-D tensor in row-major
 * order; the gradient goes back to those entries.
 *
 * @example
 * ```ts
 * maskedSelect(tensor([[1, 2], [3, 4]]), tensor([true, false])); // [1, 3]
 * ```
 */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  checkTensor('maskedSelect', 'input', x);
  checkTensor('maskedSelect', 'mask', mask);
  requireBoolMask('maskedSelect', mask);
  const shape = broadcastShapes('maskedSelect', x.shape, mask.shape);
  const flat = reshape(expand(x, shape), [-1]);
  const picked = nonzero(reshape(contiguousCopy(broadcastView(mask, shape)), [-1]));
  return indexSelect(flat, 0, reshape(picked, [-1]));
}

/** Flat index values checked against `n` entries, negatives counted from the end. */
function flatIndex(op: string, index: Tensor, n: number, shape: readonly number[]): Tensor {
  requireIndex(op, index);
  const values = Int32Array.from(index.toTypedArray());
  values.forEach((v, i) => {
    if (v < -n || v >= n) throw new IndexError(op, `index ${v} (at flat position ${i}) is out of range for a tensor of ${n} entries (shape ${fmtShape(shape)})`);
    if (v < 0) values[i] = v + n;
  });
  return new Tensor(values, [values.length]);
}

/**
 * The entries of x, read as a flat row-major list, at `index` (any shape; negatives count from
 * the end); the result has index's shape.
 *
 * @example
 * ```ts
 * take(tensor([[1, 2], [3, 4]]), tensor([0, 3], { dtype: 'int32' })); // [1, 4]
 * ```
 */
export function take(x: Tensor, index: Tensor): Tensor {
  checkTensor('take', 'input', x);
  checkTensor('take', 'index', index);
  const idx = flatIndex('take', index, x.numel(), x.shape);
  if (x.numel() === 0 && idx.numel() === 0) return empty(index.shape, x.dtype);
  return reshape(indexSelect(reshape(x, [-1]), 0, idx), index.shape);
}

/**
 * Picks along `dim` by `indices` broadcast with x over the other dims (NumPy's take_along_axis):
 * a gather. With no dim, x and indices are flattened (`take`).
 *
 * @example
 * ```ts
 * const x = tensor([[10, 30, 20], [60, 40, 50]]);
 * takeAlongDim(x, x.argmax(1, true), 1); // [[30], [60]]
 * ```
 */
export function takeAlongDim(x: Tensor, indices: Tensor, dim?: number): Tensor {
  checkTensor('takeAlongDim', 'input', x);
  checkTensor('takeAlongDim', 'indices', indices);
  requireIndex('takeAlongDim', indices, 'indices');
  if (dim === undefined) return asOp('takeAlongDim', () => take(reshape(x, [-1]), reshape(indices, [-1])));
  const d = normalizeDim('takeAlongDim', dim, x.ndim);
  if (indices.ndim !== x.ndim) throw new ShapeError('takeAlongDim', `indices ${fmtShape(indices.shape)} must have as many dims as x ${fmtShape(x.shape)}`);
  const beside = (s: readonly number[]): number[] => s.map((v, k) => (k === d ? 1 : v));
  const common = broadcastShapes('takeAlongDim', beside(x.shape), beside(indices.shape));
  const xs = common.map((s, k) => (k === d ? x.shape[d]! : s));
  const is = common.map((s, k) => (k === d ? indices.shape[d]! : s));
  return asOp('takeAlongDim', () => gather(expand(x, xs), d, contiguousCopy(broadcastView(indices, is))));
}

/**
 * torch.where: `where(condition, a, b)` picks a where condition is true and b elsewhere
 * (src/ops/binary.ts); `where(condition)` alone is `nonzero(condition, { asTuple: true })`, the
 * int32 indices of the non-zero entries, one tensor per dim.
 *
 * ```ts
 * where(tensor([[0, 1], [2, 0]]).gt(0)); // [[0, 1], [1, 0]]: rows, then columns
 * ```
 */
export function whereOrNonzero(condition: Tensor): Tensor[];
export function whereOrNonzero(condition: Tensor, a: TensorLike, b: TensorLike): Tensor;
export function whereOrNonzero(condition: Tensor, ...values: [] | [TensorLike, TensorLike]): Tensor | Tensor[] {
  if (values.length === 0) return asOp('where', () => nonzero(condition, { asTuple: true }));
  return where(condition, values[0], values[1]);
}
