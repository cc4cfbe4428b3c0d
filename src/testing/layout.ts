/**
 * Memory layouts for generated tensors: contiguous, or a strided view (permuted dims, every
 * step-th element, an offset) into a larger buffer, with the same logical shape and values.
 * @module
 */
import * as fc from 'fast-check';
import type { FloatDType } from '../dtype.js';
import { full, tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/** Which layouts {@link tensors} may produce. */
export type Layout = 'contiguous' | 'any' | 'strided';

/**
 * How to lay a tensor out: null for contiguous; otherwise a buffer whose dims are the logical
 * dims in `order`, viewed back in logical order, then sliced `starts[d]::steps[d]` in each dim d.
 */
export type LayoutRecipe = null | {
  readonly order: readonly number[];
  readonly steps: readonly number[];
  readonly starts: readonly number[];
};

/** The layouts `layout` allows for `shape`. 'strided' is non-contiguous whenever some dim has size ≥ 2. */
export function layoutsFor(shape: readonly number[], layout: Layout): fc.Arbitrary<LayoutRecipe> {
  const rank = shape.length;
  const contiguous = fc.constant<LayoutRecipe>(null);
  const wide = shape.flatMap((s, d) => (s >= 2 ? [d] : []));
  if (layout === 'contiguous' || rank === 0 || (layout === 'strided' && wide.length === 0)) return contiguous;
  const order = fc.shuffledSubarray(shape.map((_, d) => d), { minLength: rank, maxLength: rank });
  const steps = fc.array(fc.integer({ min: 1, max: 2 }), { minLength: rank, maxLength: rank });
  const starts = fc.array(fc.integer({ min: 0, max: 1 }), { minLength: rank, maxLength: rank });
  // A step of 2 along a dim of size ≥ 2 leaves holes between elements: never contiguous.
  const forced = wide.length > 0 ? fc.constantFrom(...wide) : fc.constant(-1);
  const strided = fc.record({ order, steps, starts, forced }).map(({ order, steps, starts, forced }): LayoutRecipe => ({
    order,
    steps: layout === 'strided' ? steps.map((s, d) => (d === forced ? 2 : s)) : steps,
    starts,
  }));
  return layout === 'strided' ? strided : fc.oneof(contiguous, strided, strided);
}

/** A tensor of `shape` whose row-major logical values are `values`, laid out by `recipe`. */
export function materialize(shape: readonly number[], values: readonly number[], dtype: FloatDType, recipe: LayoutRecipe): Tensor {
  if (recipe === null) return tensor(Array.from(values), { dtype }).reshape(shape.slice()).detach();
  const { order, steps, starts } = recipe;
  // Logical dim d needs starts[d] + steps[d]·(n − 1) + 1 buffer entries.
  const padded = shape.map((n, d) => (n === 0 ? starts[d]! : starts[d]! + steps[d]! * (n - 1) + 1));
  const inverse = new Array<number>(order.length);
  order.forEach((d, j) => (inverse[d] = j));
  // Storage outside the view is NaN, so a kernel that reads past the view's elements shows up.
  let view = full(order.map((d) => padded[d]!), NaN, { dtype }).permute(inverse);
  shape.forEach((n, d) => {
    view = view.slice(d, starts[d]!, starts[d]! + steps[d]! * n, steps[d]!);
  });
  writeLogical(view, values);
  return view.detach();
}

/** Writes row-major logical values into the storage elements of a (strided) view. */
function writeLogical(view: Tensor, values: readonly number[]): void {
  const index = view.shape.map(() => 0);
  for (let e = 0; e < values.length; e++) {
    let at = view.offset;
    for (let d = 0; d < index.length; d++) at += index[d]! * view.strides[d]!;
    view.storage[at] = values[e]!;
    for (let d = index.length - 1; d >= 0; d--) {
      if (++index[d]! < view.shape[d]!) break;
      index[d] = 0;
    }
  }
}
