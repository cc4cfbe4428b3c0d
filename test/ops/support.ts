/**
 * Helpers for the op property tests: small shape arbitraries (gradcheck's cost grows with
 * numel²), broadcasting pairs, int32 index tensors, and independent readers of a tensor's values
 * (straight from storage through shape/strides/offset, not through the library's copy kernels).
 */
import * as fc from 'fast-check';
import { expect, it } from 'vitest';
import { gradients, tensor, type Tensor } from '../../src/index.js';
import { broadcastableShapes, checkGradcheck, checkGradgradcheck, shapes, tensors, type TensorsOptions } from '../../src/testing/index.js';

/** Shapes for first-order gradchecks: up to 3 dims, at most 24 elements, 0-d included. */
export const small = shapes({ maxRank: 3, maxSide: 4, maxNumel: 24 });
/** Shapes for second-order gradchecks: up to 2 dims of size ≤ 3. */
export const tiny = shapes({ maxRank: 2, maxSide: 3 });
/** Same as `small` but at least 1-D. */
export const small1d = shapes({ minRank: 1, maxRank: 3, maxSide: 4, maxNumel: 24 });

/** Pairs of tensors whose shapes broadcast together, each maybe a non-contiguous view. */
export function broadcastPairs(a: TensorsOptions = {}, b: TensorsOptions = a, maxRank = 3, maxSide = 3): fc.Arbitrary<[Tensor, Tensor]> {
  return broadcastableShapes({ maxRank, maxSide }).chain(([sa, sb]) =>
    fc.tuple(tensors({ layout: 'any', ...a, shape: sa! }), tensors({ layout: 'any', ...b, shape: sb! })),
  );
}

/** A tensor of `shape` and a dim of it (negative half the time). */
export function withDim(shape: fc.Arbitrary<number[]>, options: TensorsOptions = {}): fc.Arbitrary<[Tensor, number]> {
  return shape.chain((s) =>
    fc.tuple(tensors({ layout: 'any', ...options, shape: s }), fc.integer({ min: -Math.max(s.length, 1), max: Math.max(s.length - 1, 0) })),
  );
}

/** An int32 tensor of `shape` with entries in [0, bound). */
export function indexTensor(shape: readonly number[], bound: number): fc.Arbitrary<Tensor> {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc
    .array(fc.integer({ min: 0, max: bound - 1 }), { minLength: n, maxLength: n })
    .map((values) => tensor(values, { dtype: 'int32' }).reshape(shape.slice()));
}

/** Storage positions of t's elements in row-major logical order. */
export function positions(t: Tensor): number[] {
  const out: number[] = [];
  const walk = (d: number, at: number): void => {
    if (d === t.ndim) out.push(at);
    else for (let i = 0; i < t.shape[d]!; i++) walk(d + 1, at + i * t.strides[d]!);
  };
  walk(0, t.offset);
  return out;
}

/** t's values in row-major logical order, read from storage. */
export function values(t: Tensor): number[] {
  return positions(t).map((p) => t.storage[p]!);
}

/** Row-major multi-index of flat position `flat` in `shape`. */
export function unflatten(shape: readonly number[], flat: number): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return idx;
}

/** The element of t at a multi-index, read from storage. */
export function at(t: Tensor, index: readonly number[]): number {
  return t.storage[index.reduce((o, i, d) => o + i * t.strides[d]!, t.offset)]!;
}

/** The broadcast shape of two shapes (NumPy's rule; both assumed compatible). */
export function broadcastShape(a: readonly number[], b: readonly number[]): number[] {
  const rank = Math.max(a.length, b.length);
  return Array.from({ length: rank }, (_, i) => {
    const x = a[a.length - rank + i] ?? 1;
    const y = b[b.length - rank + i] ?? 1;
    return x === 1 ? y : x;
  });
}

/** The element of t that position `index` of a broadcast result of rank index.length reads. */
export function broadcastAt(t: Tensor, index: readonly number[]): number {
  const lead = index.length - t.ndim;
  return at(t, t.shape.map((s, d) => (s === 1 ? 0 : index[d + lead]!)));
}

/** Asserts shape equality and |actual − expected| ≤ atol + rtol·|expected| elementwise. */
export function expectValues(actual: Tensor, shape: readonly number[], expected: readonly number[], atol = 1e-12, rtol = 1e-12): void {
  expect(actual.shape).toEqual(shape);
  const got = values(actual);
  expect(got.length).toBe(expected.length);
  got.forEach((g, i) => {
    const w = expected[i]!;
    const ok = Number.isNaN(w) ? Number.isNaN(g) : Math.abs(g - w) <= atol + rtol * Math.abs(w);
    if (!ok) expect.fail(`element ${i} (index [${unflatten(shape, i)}]): got ${g}, want ${w}`);
  });
}

/**
 * The Gauss error function by its Maclaurin series, erf x = 2/√π Σ (−1)ⁿ x^(2n+1) / (n!(2n+1)),
 * in float64; the cancellation error stays below ~1e-11 for |x| ≤ 4, and ~1e-13 for |x| ≤ 3.
 */
export function erfSeries(x: number): number {
  let term = x; // (−1)ⁿ x^(2n+1) / n!
  let sum = x;
  for (let n = 1; n < 120; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** Multiplies every property's run count: `PROPERTY_RUNS_SCALE=10 npx vitest run test/ops` hunts harder. */
const SCALE = Math.max(1, Number(process.env.PROPERTY_RUNS_SCALE ?? 1) || 1);
/** Runs per first-order property (a failure report prints the seed that replays it). */
export const RUNS = { numRuns: Math.round(25 * SCALE) } as const;
/** Runs per second-order property. */
export const RUNS2 = { numRuns: Math.round(10 * SCALE) } as const;

/** An elementwise unary op and its scalar formula, written independently (Math.*). */
export interface ScalarFormulaCase {
  name: string;
  fn: (x: Tensor) => Tensor;
  ref: (v: number) => number;
  domain?: TensorsOptions;
}

/**
 * Inside a describe: the op equals its scalar formula elementwise in float64 and float32 (any
 * layout, views included), and passes gradcheck and gradgradcheck in float64.
 */
export function itMatchesScalarFormula(c: ScalarFormulaCase): void {
  const inputs = (shape: typeof small, dtype: 'float64' | 'float32' = 'float64') => tensors({ ...c.domain, shape, dtype, layout: 'any' });
  it('computes the scalar formula (float64 and float32)', () => {
    fc.assert(fc.property(inputs(small), (x) => expectValues(c.fn(x), x.shape, values(x).map(c.ref), 1e-12, 1e-12)), RUNS);
    fc.assert(
      fc.property(inputs(small, 'float32'), (x) => {
        const y = c.fn(x);
        expect(y.dtype).toBe('float32');
        expectValues(y, x.shape, values(x).map(c.ref), 1e-5, 1e-5);
      }),
      RUNS,
    );
  });
  it('passes gradcheck', () => checkGradcheck({ input: inputs(small), f: c.fn, ...RUNS }));
  it('passes gradgradcheck', () => checkGradgradcheck({ input: inputs(tiny), f: c.fn, ...RUNS2 }));
}

/**
 * For an op whose VJP runs a kernel, or Tensor ops when the backward pass records (createGraph):
 * the gradients of `f(...leaves)` with respect to the first `wrt` leaves, seeded with
 * output·scale + ¼, agree both ways to 1e-12 relative.
 */
export function expectKernelAndRecordedVjpsAgree(f: (...leaves: Tensor[]) => Tensor, inputs: readonly Tensor[], scale: number, wrt = inputs.length): void {
  const leaves = inputs.map((t) => t.detach().requiresGrad_(true));
  const run = (createGraph: boolean) => {
    const out = f(...leaves);
    return gradients([out], leaves.slice(0, wrt), { gradOutputs: [out.detach().mul(scale).add(0.25)], createGraph });
  };
  const kernel = run(false);
  const recorded = run(true);
  kernel.forEach((g, k) => values(g!).forEach((v, e) => expect(Math.abs(v - values(recorded[k]!)[e]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v)))));
}

/**
 * The gradients of `f(...leaves)` with respect to the leaves at positions `asked`, when only those
 * require grad (the others plain tensors, as a frozen weight), equal the ones of the backward with
 * every leaf requiring grad, to 1e-12 relative: for a VJP that forms only what is asked for.
 */
export function expectSubsetGradientsAgree(f: (...leaves: Tensor[]) => Tensor, inputs: readonly Tensor[], asked: readonly number[]): void {
  const grads = (leaves: Tensor[]) => {
    const out = f(...leaves);
    return gradients([out], asked.map((k) => leaves[k]!), { gradOutputs: [out.detach().mul(0.5).add(0.25)] });
  };
  const want = grads(inputs.map((t) => t.detach().requiresGrad_(true)));
  const got = grads(inputs.map((t, k) => (asked.includes(k) ? t.detach().requiresGrad_(true) : t.detach())));
  got.forEach((g, k) => values(g!).forEach((v, e) => expect(Math.abs(v - values(want[k]!)[e]!)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(v)))));
}
