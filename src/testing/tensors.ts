/**
 * The tensor arbitrary: finite values in a range, away from kinks, optionally pairwise distinct,
 * in a contiguous or strided layout. Counterexamples print as source text.
 * @module
 */
import * as fc from 'fast-check';
import { checkOptions } from '../checks/options.js';
import { formatValue } from '../errors.js';
import type { FloatDType } from '../dtype.js';
import { ValueError } from '../errors.js';
import { checkShape, sizeOf } from '../shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { domainOf } from './domain.js';
import { layoutsFor, materialize, type Layout, type LayoutRecipe } from './layout.js';
import { tensorSource } from './print.js';
import { shapes } from './shapes.js';
import { valuesIn } from './values.js';

/** Options of {@link tensors}. */
export interface TensorsOptions {
  /** A fixed shape, or an arbitrary of shapes (default `shapes()`: up to 4 dims of size 1..5). */
  shape?: readonly number[] | fc.Arbitrary<number[]>;
  /** 'float64' (default) or 'float32'. */
  dtype?: FloatDType;
  /** Smallest value (default −3). */
  min?: number;
  /** Largest value (default 3). */
  max?: number;
  /** Points to keep away from, e.g. `[0]` for relu or abs (default none). */
  avoid?: readonly number[];
  /** Every value v satisfies |v − a| ≥ margin for each avoided a (default 1e-2). */
  margin?: number;
  /**
   * When set, any two elements of one tensor differ by at least this much: no ties, as max,
   * min and maximum need for a well-defined gradient (default: ties allowed).
   */
  distinct?: number;
  /**
   * 'contiguous' (default); 'any': sometimes a non-contiguous view (permuted dims, a strided
   * slice of a larger buffer); 'strided': always such a view when some dim has size ≥ 2.
   */
  layout?: Layout;
}

function finiteNumber(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError('tensors', `${name} must be a finite number, got ${formatValue(value)}`);
  }
  return value;
}

/**
 * Arbitrary tensors for property tests. Values are finite (never NaN or ±∞), lie in
 * [min, max] and keep `margin` away from every point of `avoid`; shrinking moves them toward 0
 * (toward min with `distinct`).
 *
 * ```ts
 * fc.assert(fc.property(tensors({ shape: [2, 3], avoid: [0], layout: 'any' }), (x) => x.abs().min().item() >= 0.01));
 * ```
 */
export function tensors(options: TensorsOptions = {}): fc.Arbitrary<Tensor> {
  checkOptions('tensors', options, { shape: 'any', dtype: 'any', min: 'any', max: 'any', avoid: 'any', margin: 'any', distinct: 'any', layout: 'any' });
  const dtype = options.dtype ?? 'float64';
  if (dtype !== 'float64' && dtype !== 'float32') {
    throw new ValueError('tensors', `dtype must be 'float64' or 'float32', got ${formatValue(dtype)}`);
  }
  const min = finiteNumber('min', options.min ?? -3);
  const max = finiteNumber('max', options.max ?? 3);
  if (min > max) throw new ValueError('tensors', `min ${min} is larger than max ${max}`);
  const margin = finiteNumber('margin', options.margin ?? 1e-2);
  if (margin < 0) throw new ValueError('tensors', `margin must be ≥ 0, got ${formatValue(margin)}`);
  const avoid = (options.avoid ?? []).map((a, i) => finiteNumber(`avoid[${i}]`, a));
  const distinct = options.distinct === undefined ? undefined : finiteNumber('distinct', options.distinct);
  const layout = options.layout ?? 'contiguous';
  if (layout !== 'contiguous' && layout !== 'any' && layout !== 'strided') {
    throw new ValueError('tensors', `layout must be 'contiguous', 'any' or 'strided', got ${formatValue(layout)}`);
  }
  const domain = domainOf('tensors', dtype, min, max, avoid, margin);
  const shapeArb = shapeArbitrary(options.shape);
  return shapeArb.chain((shape) =>
    fc
      .tuple(valuesIn('tensors', domain, sizeOf(shape), distinct), layoutsFor(shape, layout))
      .map(([values, recipe]) => generated(shape, values, dtype, recipe)),
  );
}

function shapeArbitrary(shape: TensorsOptions['shape']): fc.Arbitrary<number[]> {
  if (shape === undefined) return shapes();
  if (Array.isArray(shape)) return fc.constant(checkShape('tensors', shape));
  if (isArbitrary(shape)) return shape as fc.Arbitrary<number[]>;
  throw new ValueError('tensors', `shape must be an array of sizes or a fast-check arbitrary of them, got ${formatValue(shape)}`);
}

/** True for a fast-check arbitrary (duck-typed, so another copy of fast-check works too). */
export function isArbitrary(value: unknown): value is fc.Arbitrary<unknown> {
  const v = value as { generate?: unknown; shrink?: unknown } | null;
  return typeof v === 'object' && v !== null && typeof v.generate === 'function' && typeof v.shrink === 'function';
}

/**
 * A fresh tensor that prints as source text in fast-check's reports and that fast-check clones
 * (rebuilds) before each use, so a property that changes it in place cannot spoil later runs.
 */
function generated(shape: readonly number[], values: readonly number[], dtype: FloatDType, recipe: LayoutRecipe): Tensor {
  const t = materialize(shape, values, dtype, recipe);
  Object.defineProperty(t, fc.toStringMethod, { value: () => tensorSource(t) });
  Object.defineProperty(t, fc.cloneMethod, { value: () => generated(shape, values, dtype, recipe) });
  return t;
}
