/**
 * Tensor methods of the gap scan after issue 10 (src/functional/products.ts, elementwise3.ts,
 * stacking.ts) and PyTorch's `new_*` factories, which make a tensor of this one's dtype.
 * @module
 */
import * as P from '../../functional/products.js';
import * as E from '../../functional/elementwise3.js';
import * as S from '../../functional/stacking.js';
import * as St from '../../functional/statistics2.js';
import * as C from '../../functional/counting.js';
import * as I from '../../functional/integrate.js';
import * as R from '../../functional/sampling.js';
import { toDtype } from '../../ops/cast.js';
import { reshape, view } from '../../ops/views.js';
import { full, tensor, type ShapeArg, type TensorOptions } from '../creation.js';
import type { NestedArray } from '../format.js';
import type { Tensor } from '../tensor.js';
import { checkOptions, checkTensor } from '../../checks/index.js';
import { asOp } from '../../checks/rename.js';

/** The new* methods' options: checked (under the creation op's name, renamed by asOp), defaulting to this tensor's dtype. */
function newOptions(self: Tensor, options: TensorOptions): TensorOptions {
  checkOptions('full', options, { dtype: 'any', requiresGrad: 'bool' });
  return { dtype: self.dtype, ...options };
}

/** The gap-scan methods of {@link Tensor}. */
export interface ParityMethods {
  /** this @ mat2 for matrices ({@link P.mm}). */
  mm(mat2: Tensor): Tensor;
  /** Batched matrix product ({@link P.bmm}). */
  bmm(mat2: Tensor): Tensor;
  /** Matrix-vector product ({@link P.mv}). */
  mv(vec: Tensor): Tensor;
  /** Dot product of 1-D tensors ({@link P.dot}). */
  dot(other: Tensor): Tensor;
  /** Inner product over the last dims ({@link P.inner}). */
  inner(other: Tensor): Tensor;
  /** Outer product of 1-D tensors ({@link P.outer}). */
  outer(vec2: Tensor): Tensor;
  /** beta·this + alpha·(mat1 @ mat2) ({@link P.addmm}). */
  addmm(mat1: Tensor, mat2: Tensor, options?: P.AddProductOptions): Tensor;
  /** beta·this + alpha·(mat @ vec) ({@link P.addmv}). */
  addmv(mat: Tensor, vec: Tensor, options?: P.AddProductOptions): Tensor;
  /** beta·this + alpha·(batch1 @ batch2) ({@link P.baddbmm}). */
  baddbmm(batch1: Tensor, batch2: Tensor, options?: P.AddProductOptions): Tensor;
  /** this + value·t1·t2 ({@link P.addcmul}). */
  addcmul(tensor1: Tensor, tensor2: Tensor, options?: { value?: number }): Tensor;
  /** this + value·t1/t2 ({@link P.addcdiv}). */
  addcdiv(tensor1: Tensor, tensor2: Tensor, options?: { value?: number }): Tensor;
  /** Kronecker product ({@link P.kron}). */
  kron(other: Tensor): Tensor;
  /** Cross product of 3-vectors along `dim` (default −1) ({@link P.cross}). */
  cross(other: Tensor, dim?: number): Tensor;
  /** p-norm of this − other ({@link P.dist}). */
  dist(other: Tensor, p?: number): Tensor;
  /** Alias of clamp ({@link E.clip}). */
  clip(min?: number | Tensor | null, max?: number | Tensor | null): Tensor;
  /** this·log(other), 0 where this = 0 ({@link E.xlogy}). */
  xlogy(other: Tensor): Tensor;
  /** sin(πx)/(πx) ({@link E.sinc}). */
  sinc(): Tensor;
  /** Degrees to radians ({@link E.deg2rad}). */
  deg2rad(): Tensor;
  /** Radians to degrees ({@link E.rad2deg}). */
  rad2deg(): Tensor;
  /** log(z/(1 − z)) ({@link E.logit}). */
  logit(eps?: number | null): Tensor;
  /** Heaviside step, `values` at 0 ({@link E.heaviside}). */
  heaviside(values: Tensor): Tensor;
  /** NaN-ignoring maximum ({@link E.fmax}). */
  fmax(other: Tensor): Tensor;
  /** NaN-ignoring minimum ({@link E.fmin}). */
  fmin(other: Tensor): Tensor;
  /** Replaces NaN and ±∞ ({@link E.nanToNum}). */
  nanToNum(options?: E.NanToNumOptions): Tensor;
  /** Sum ignoring NaN ({@link E.nansum}). */
  nansum(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  /** Mean ignoring NaN ({@link E.nanmean}). */
  nanmean(dim?: number | readonly number[], keepdim?: boolean): Tensor;
  /** Flip of dim 1 ({@link S.fliplr}). */
  fliplr(): Tensor;
  /** Flip of dim 0 ({@link S.flipud}). */
  flipud(): Tensor;
  /** Rotation by k·90° in the plane of `dims` ({@link S.rot90}). */
  rot90(k?: number, dims?: readonly [number, number]): Tensor;
  /** n-th forward difference along a dim ({@link S.diff}). */
  diff(n?: number, options?: S.DiffOptions): Tensor;
  /** Flattened to 1-D ({@link S.ravel}). */
  ravel(): Tensor;
  /** Covariance of the variables in the rows ({@link St.cov}). */
  cov(options?: { correction?: number }): Tensor;
  /** Correlation coefficients of the rows ({@link St.corrcoef}). */
  corrcoef(): Tensor;
  /** Counts of each non-negative int value ({@link C.bincount}). */
  bincount(options?: { weights?: Tensor | null; minlength?: number }): Tensor;
  /** Histogram with equal-width bins ({@link C.histc}). */
  histc(bins?: number, min?: number, max?: number): Tensor;
  /** Sorted distinct values, optionally with inverse indices and counts ({@link C.unique}). */
  unique(options?: C.UniqueOptions): Tensor | Tensor[];
  /** The q-th quantiles ({@link I.quantile}). */
  quantile(q: number | Tensor, options?: I.QuantileOptions): Tensor;
  /** The sign, as sign ({@link I.sgn}). */
  sgn(): Tensor;
  /** A view with other's shape (`view_as`). */
  viewAs(other: Tensor): Tensor;
  /** Reshaped to other's shape (`reshape_as`). */
  reshapeAs(other: Tensor): Tensor;
  /** Converted to other's dtype (`type_as`). */
  typeAs(other: Tensor): Tensor;
  /** Category indices drawn from these weights ({@link R.multinomial}). */
  multinomial(numSamples: number, options?: R.MultinomialOptions): Tensor;
  /** 0/1 draws with these probabilities ({@link R.bernoulli}). */
  bernoulli(options?: { generator?: R.MultinomialOptions['generator'] }): Tensor;
  /** Splits into nearly equal sections or at indices ({@link R.tensorSplit}). */
  tensorSplit(sectionsOrIndices: number | readonly number[], dim?: number): Tensor[];
  /**
   * A tensor of `size` filled with zeros, of this tensor's dtype unless `options.dtype` says
   * otherwise (PyTorch's `new_zeros`).
   *
   * ```ts
   * tensor([1, 2], { dtype: 'float64' }).newZeros([2, 2]).dtype; // 'float64'
   * ```
   */
  newZeros(size: ShapeArg, options?: TensorOptions): Tensor;
  /** Ones of `size` in this tensor's dtype (`new_ones`). */
  newOnes(size: ShapeArg, options?: TensorOptions): Tensor;
  /** `fillValue` everywhere, of `size`, in this tensor's dtype (`new_full`). */
  newFull(size: ShapeArg, fillValue: number, options?: TensorOptions): Tensor;
  /** An uninitialized tensor of `size` (zeros here) in this tensor's dtype (`new_empty`). */
  newEmpty(size: ShapeArg, options?: TensorOptions): Tensor;
  /** A new tensor from `data` in this tensor's dtype (`new_tensor`; it never shares memory or graph). */
  newTensor(data: number | boolean | NestedArray, options?: TensorOptions): Tensor;
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const parityMethods: ParityMethods & ThisType<Tensor> = {
  mm(mat2) { return P.mm(this, mat2); },
  bmm(mat2) { return P.bmm(this, mat2); },
  mv(vec) { return P.mv(this, vec); },
  dot(other) { return P.dot(this, other); },
  inner(other) { return P.inner(this, other); },
  outer(vec2) { return P.outer(this, vec2); },
  addmm(mat1, mat2, options = {}) { return P.addmm(this, mat1, mat2, options); },
  addmv(mat, vec, options = {}) { return P.addmv(this, mat, vec, options); },
  baddbmm(batch1, batch2, options = {}) { return P.baddbmm(this, batch1, batch2, options); },
  addcmul(tensor1, tensor2, options = {}) { return P.addcmul(this, tensor1, tensor2, options); },
  addcdiv(tensor1, tensor2, options = {}) { return P.addcdiv(this, tensor1, tensor2, options); },
  kron(other) { return P.kron(this, other); },
  cross(other, dim = -1) { return P.cross(this, other, dim); },
  dist(other, p = 2) { return P.dist(this, other, p); },
  clip(min, max) { return E.clip(this, min, max); },
  xlogy(other) { return E.xlogy(this, other); },
  sinc() { return E.sinc(this); },
  deg2rad() { return E.deg2rad(this); },
  rad2deg() { return E.rad2deg(this); },
  logit(eps = null) { return E.logit(this, eps); },
  heaviside(values) { return E.heaviside(this, values); },
  fmax(other) { return E.fmax(this, other); },
  fmin(other) { return E.fmin(this, other); },
  nanToNum(options = {}) { return E.nanToNum(this, options); },
  nansum(dim, keepdim = false) { return E.nansum(this, dim, keepdim); },
  nanmean(dim, keepdim = false) { return E.nanmean(this, dim, keepdim); },
  fliplr() { return S.fliplr(this); },
  flipud() { return S.flipud(this); },
  rot90(k = 1, dims = [0, 1]) { return S.rot90(this, k, dims); },
  diff(n = 1, options = {}) { return S.diff(this, n, options); },
  ravel() { return S.ravel(this); },
  cov(options = {}) { return St.cov(this, options); },
  corrcoef() { return St.corrcoef(this); },
  bincount(options = {}) { return C.bincount(this, options); },
  histc(bins = 100, min = 0, max = 0) { return C.histc(this, bins, min, max); },
  unique(options = {}) { return C.unique(this, options); },
  quantile(q, options = {}) { return I.quantile(this, q, options); },
  sgn() { return I.sgn(this); },
  viewAs(other) { checkTensor('viewAs', 'other', other); return asOp('viewAs', () => view(this, other.shape)); },
  reshapeAs(other) { checkTensor('reshapeAs', 'other', other); return asOp('reshapeAs', () => reshape(this, other.shape)); },
  typeAs(other) { checkTensor('typeAs', 'other', other); return asOp('typeAs', () => toDtype(this, other.dtype)); },
  multinomial(numSamples, options = {}) { return R.multinomial(this, numSamples, options); },
  bernoulli(options = {}) { return R.bernoulli(this, options); },
  tensorSplit(sectionsOrIndices, dim = 0) { return R.tensorSplit(this, sectionsOrIndices, dim); },
  newZeros(size, options = {}) { return asOp('newZeros', () => full(size, 0, newOptions(this, options))); },
  newOnes(size, options = {}) { return asOp('newOnes', () => full(size, 1, newOptions(this, options))); },
  newFull(size, fillValue, options = {}) { return asOp('newFull', () => full(size, fillValue, newOptions(this, options))); },
  newEmpty(size, options = {}) { return asOp('newEmpty', () => full(size, 0, newOptions(this, options))); },
  newTensor(data, options = {}) { return asOp('newTensor', () => tensor(data, newOptions(this, options))); },
};
