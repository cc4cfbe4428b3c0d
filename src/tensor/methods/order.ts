/**
 * Tensor methods, sorting, scans and the reductions of issue 10: `x.sort()`, `x.topk(2)`,
 * `x.cumprod(0)`, `x.prod()`, `x.norm()`, … (src/ops/sort.ts, scan.ts, src/functional/reductions.ts,
 * norms.ts).
 * @module
 */
import * as norms from '../../functional/norms.js';
import * as reductions from '../../functional/reductions.js';
import type { MinMaxTuple, ValuesIndicesTuple } from '../../ops/named-tuple.js';
import * as scan from '../../ops/scan.js';
import * as sorting from '../../ops/sort.js';
import type { Tensor } from '../tensor.js';

/** The sorting, scan and extra reduction methods of {@link Tensor}. */
export interface OrderMethods {
  /** Sorted values and their positions along `dim` (default −1): `const [v, i] = x.sort()`. */
  sort(dim?: number, options?: sorting.SortOptions): ValuesIndicesTuple;
  /** The positions that sort x along `dim` (default −1), int32. */
  argsort(dim?: number, options?: sorting.SortOptions): Tensor;
  /** The k largest (or smallest) entries along `dim` and their positions: `x.topk(2).values`. */
  topk(k: number, dim?: number, options?: sorting.TopkOptions): ValuesIndicesTuple;
  /** The k-th smallest entry (k from 1) along `dim` and its position. */
  kthvalue(k: number, dim?: number, keepdim?: boolean): ValuesIndicesTuple;
  /** The (lower) median of all entries, or values and positions along `dim`. */
  median(): Tensor;
  median(dim: number, keepdim?: boolean): ValuesIndicesTuple;
  /** Running products along `dim`: `tensor([1, 2, 3]).cumprod(0)` → [1, 2, 6]. */
  cumprod(dim: number): Tensor;
  /** Running log Σ exp along `dim`. */
  logcumsumexp(dim: number): Tensor;
  /** Running maximum along `dim` and where it was. */
  cummax(dim: number): ValuesIndicesTuple;
  /** Running minimum along `dim` and where it was. */
  cummin(dim: number): ValuesIndicesTuple;
  /** Product over `dim` (all entries when omitted). */
  prod(dim?: number, keepdim?: boolean): Tensor;
  /** `[min, max]` (also `.min`, `.max`) over `dim` (all when omitted). */
  aminmax(options?: reductions.AminmaxOptions): MinMaxTuple;
  /** The number of non-zero entries over `dim`, int32. */
  countNonzero(dim?: number | readonly number[]): Tensor;
  /** The p-norm (default 'fro', the 2-norm of the entries) over `dim` (all when omitted). */
  norm(p?: norms.NormOrder, dim?: number | readonly number[], keepdim?: boolean): Tensor;
}

/** @internal Installed on Tensor.prototype by tensor.ts. */
export const orderMethods: OrderMethods & ThisType<Tensor> = {
  sort(dim = -1, options = {}) { return sorting.sort(this, dim, options); },
  argsort(dim = -1, options = {}) { return sorting.argsort(this, dim, options); },
  topk(k, dim = -1, options = {}) { return sorting.topk(this, k, dim, options); },
  kthvalue(k, dim = -1, keepdim = false) { return sorting.kthvalue(this, k, dim, keepdim); },
  median: medianOverloads as OrderMethods['median'],
  cumprod(dim) { return scan.cumprod(this, dim); },
  logcumsumexp(dim) { return scan.logcumsumexp(this, dim); },
  cummax(dim) { return scan.cummax(this, dim); },
  cummin(dim) { return scan.cummin(this, dim); },
  prod(dim, keepdim = false) { return reductions.prod(this, dim, keepdim); },
  aminmax(options = {}) { return reductions.aminmax(this, options); },
  countNonzero(dim) { return reductions.countNonzero(this, dim); },
  norm(p = 'fro', dim, keepdim = false) { return norms.norm(this, p, dim, keepdim); },
};

function medianOverloads(this: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndicesTuple {
  return dim === undefined ? sorting.median(this) : sorting.median(this, dim, keepdim);
}
