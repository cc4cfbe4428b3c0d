/**
 * Issue 10's elementwise ops (rounding, trigonometric, hyperbolic, exponential, binary math):
 * forward values against independent scalar formulas at every broadcast position (float64 and
 * float32), float64 gradcheck and gradgradcheck over random shapes (size-0, size-1, odd sizes,
 * broadcasting, non-contiguous views), and hand-derived edge cases.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as cr from '../../src/index.js';
import { tensor, type Tensor } from '../../src/index.js';
import { broadcastableShapes, checkGradcheck, checkGradgradcheck, tensors, type TensorsOptions } from '../../src/testing/index.js';
import { RUNS, RUNS2, broadcastAt, broadcastShape, expectValues, itMatchesScalarFormula, unflatten } from './support.js';

interface UnaryCase {
  name: string;
  fn: (x: Tensor) => Tensor;
  ref: (v: number) => number;
  domain?: TensorsOptions;
  /** Rounding ops: zero gradient, checked against finite differences away from the jumps. */
  secondOrder?: boolean;
}

const INTEGERS = [-3, -2, -1, 0, 1, 2, 3];
const halfEven = (v: number): number => (Math.abs(v - Math.trunc(v)) === 0.5 ? 2 * Math.round(v / 2) : Math.round(v));

const unaryCases: UnaryCase[] = [
  { name: 'floor', fn: cr.floor, ref: Math.floor, domain: { avoid: INTEGERS } },
  { name: 'ceil', fn: (x) => x.ceil(), ref: Math.ceil, domain: { avoid: INTEGERS } },
  { name: 'round', fn: cr.round, ref: halfEven, domain: { avoid: INTEGERS.map((k) => k + 0.5) } },
  { name: 'round (decimals 1)', fn: (x) => x.round({ decimals: 1 }), ref: (v) => halfEven(v * 10) / 10, domain: { avoid: [-2.95, -1.05, 0.05, 1.15, 2.25], margin: 1e-3 } },
  { name: 'trunc', fn: cr.trunc, ref: Math.trunc, domain: { avoid: INTEGERS } },
  { name: 'frac', fn: (x) => x.frac(), ref: (v) => v - Math.trunc(v), domain: { avoid: INTEGERS } },
  { name: 'tan', fn: cr.tan, ref: Math.tan, domain: { min: -1.3, max: 1.3 } },
  { name: 'asin', fn: (x) => x.asin(), ref: Math.asin, domain: { min: -0.9, max: 0.9 } },
  { name: 'acos', fn: cr.acos, ref: Math.acos, domain: { min: -0.9, max: 0.9 } },
  { name: 'atan', fn: (x) => x.atan(), ref: Math.atan },
  { name: 'sinh', fn: cr.sinh, ref: (v) => (Math.exp(v) - Math.exp(-v)) / 2 },
  { name: 'cosh', fn: (x) => x.cosh(), ref: (v) => (Math.exp(v) + Math.exp(-v)) / 2 },
  { name: 'asinh', fn: cr.asinh, ref: (v) => Math.log(v + Math.sqrt(v * v + 1)) },
  { name: 'acosh', fn: (x) => x.acosh(), ref: (v) => Math.log(v + Math.sqrt(v * v - 1)), domain: { min: 1.1, max: 4 } },
  { name: 'atanh', fn: cr.atanh, ref: (v) => 0.5 * Math.log((1 + v) / (1 - v)), domain: { min: -0.9, max: 0.9 } },
  { name: 'exp2', fn: (x) => x.exp2(), ref: (v) => Math.pow(2, v) },
  { name: 'log2', fn: cr.log2, ref: (v) => Math.log(v) / Math.LN2, domain: { min: 0.1 } },
  { name: 'log10', fn: (x) => x.log10(), ref: (v) => Math.log(v) / Math.LN10, domain: { min: 0.1 } },
];

for (const c of unaryCases) {
  describe(c.name, () => {
    itMatchesScalarFormula(c);
  });
}

interface BinaryCase {
  name: string;
  fn: (a: Tensor, b: Tensor) => Tensor;
  ref: (x: number, y: number) => number;
  a?: TensorsOptions;
  b?: TensorsOptions;
}

// remainder/fmod: |a| in [0.1, 1.9] and b in [2, 3] keep a/b ∈ (−1, 1) away from whole numbers,
// so the floored and truncated quotients are locally constant.
const quotientSafe = { a: { min: -1.9, max: 1.9, avoid: [0], margin: 0.1 }, b: { min: 2, max: 3 } };
const binaryCases: BinaryCase[] = [
  { name: 'remainder', fn: cr.remainder, ref: (x, y) => x - Math.floor(x / y) * y, ...quotientSafe },
  { name: 'fmod', fn: (a, b) => a.fmod(b), ref: (x, y) => x - Math.trunc(x / y) * y, ...quotientSafe },
  { name: 'remainder (negative divisor)', fn: (a, b) => a.remainder(b.neg()), ref: (x, y) => x - Math.floor(x / -y) * -y, ...quotientSafe },
  { name: 'div floor', fn: (a, b) => a.div(b, { roundingMode: 'floor' }), ref: (x, y) => Math.floor(x / y), a: { avoid: INTEGERS }, b: { min: 0.9, max: 1.1 } },
  { name: 'div trunc', fn: (a, b) => cr.div(a, b, { roundingMode: 'trunc' }), ref: (x, y) => Math.trunc(x / y), a: { avoid: INTEGERS }, b: { min: 0.9, max: 1.1 } },
  { name: 'copysign', fn: cr.copysign, ref: (x, y) => (y < 0 ? -Math.abs(x) : Math.abs(x)), a: { avoid: [0] }, b: { avoid: [0] } },
  { name: 'atan2', fn: cr.atan2, ref: Math.atan2, a: { avoid: [0], margin: 0.2 }, b: { avoid: [0], margin: 0.2 } },
  { name: 'hypot', fn: (a, b) => a.hypot(b), ref: (x, y) => Math.sqrt(x * x + y * y), a: { avoid: [0], margin: 0.2 } },
  { name: 'logaddexp', fn: cr.logaddexp, ref: (x, y) => Math.log(Math.exp(x) + Math.exp(y)) },
  { name: 'lerp (tensor weight)', fn: (a, b) => a.lerp(b, b.mul(0.5).sigmoid()), ref: (x, y) => x + (1 / (1 + Math.exp(-y / 2))) * (y - x) },
  { name: 'add alpha', fn: (a, b) => a.add(b, { alpha: -2.5 }), ref: (x, y) => x - 2.5 * y },
  { name: 'sub alpha', fn: (a, b) => cr.sub(a, b, { alpha: 3 }), ref: (x, y) => x - 3 * y },
];

function pairs(c: BinaryCase, maxRank: number, maxSide: number, dtype: 'float64' | 'float32' = 'float64'): fc.Arbitrary<[Tensor, Tensor]> {
  return broadcastableShapes({ maxRank, maxSide }).chain(([sa, sb]) =>
    fc.tuple(tensors({ layout: 'any', dtype, ...c.a, shape: sa! }), tensors({ layout: 'any', dtype, ...c.b, shape: sb! })),
  );
}

for (const c of binaryCases) {
  describe(c.name, () => {
    it('computes the scalar formula at every broadcast position (float64 and float32)', () => {
      for (const [dtype, tol] of [['float64', 1e-12], ['float32', 1e-5]] as const) {
        fc.assert(
          fc.property(pairs(c, 3, 3, dtype), ([a, b]) => {
            const shape = broadcastShape(a.shape, b.shape);
            const want = Array.from({ length: shape.reduce((p, q) => p * q, 1) }, (_, i) => {
              const idx = unflatten(shape, i);
              return c.ref(broadcastAt(a, idx), broadcastAt(b, idx));
            });
            const y = c.fn(a, b);
            expect(y.dtype).toBe(dtype);
            expectValues(y, shape, want, tol, tol);
          }),
          RUNS,
        );
      }
    });
    it('passes gradcheck', () => checkGradcheck({ inputs: pairs(c, 3, 3), f: c.fn, ...RUNS }));
    it('passes gradgradcheck', () => checkGradgradcheck({ inputs: pairs(c, 2, 3), f: c.fn, ...RUNS2 }));
  });
}

describe('hand-derived edge cases', () => {
  const vals = (t: Tensor): number[] => Array.from(t.toTypedArray(), Number);
  it('round is half to even, keeps −0, and rounds at negative decimals', () => {
    expect(vals(cr.round(tensor([0.5, 1.5, 2.5, -0.5, -2.5, 3.7], { dtype: 'float64' })))).toEqual([0, 2, 2, -0, -2, 4]);
    expect(Object.is(cr.round(tensor([-0.4], { dtype: 'float64' })).item(), -0)).toBe(true);
    expect(vals(cr.round(tensor([1234, 1250, 1350], { dtype: 'float64' }), { decimals: -2 }))).toEqual([1200, 1200, 1400]);
  });
  it('round with decimals on float32 scales in float32, as PyTorch (torch 1.13 gives these)', () => {
    const x = tensor([2.675, 1.005, 0.125, -2.675, 1234.5678]);
    const f = Math.fround;
    // 2.675f · 100 rounds to 267.5 in float32, then half to even: 268 (float64 steps would give 2.67)
    expect(vals(cr.round(x, { decimals: 2 }))).toEqual([f(2.68), 1, f(0.12), f(-2.68), f(1234.57)]);
    expect(vals(cr.round(x, { decimals: 3 }))).toEqual([f(2.675), f(1.005), 0.125, f(-2.675), f(1234.568)]);
    expect(vals(cr.round(x, { decimals: -1 }))).toEqual([0, 0, 0, -0, 1230]);
  });
  it('integer division keeps int32 and refuses a zero divisor', () => {
    const a = tensor([7, -7], { dtype: 'int32' });
    const q = cr.floorDivide(a, 2);
    expect(q.dtype).toBe('int32');
    expect(vals(q)).toEqual([3, -4]);
    expect(vals(a.div(2, { roundingMode: 'trunc' }))).toEqual([3, -3]);
    expect(vals(cr.remainder(a, 3))).toEqual([1, 2]);
    expect(vals(cr.fmod(a, 3))).toEqual([1, -1]);
    expect(() => cr.remainder(a, 0)).toThrow(/remainder: integer division by zero/);
    expect(() => a.div(2, { roundingMode: 'round' as 'floor' })).toThrow(/div: roundingMode must be 'trunc', 'floor'/);
  });
  it('rounding ops have zero gradient; frac passes g through', () => {
    const x = tensor([1.3, -2.7], { dtype: 'float64', requiresGrad: true });
    cr.floor(x).add(cr.ceil(x)).add(cr.round(x)).add(cr.trunc(x)).add(x.div(2, { roundingMode: 'floor' })).sum().backward();
    expect(vals(x.grad!)).toEqual([0, 0]);
    x.grad = null;
    x.frac().mul(tensor([2, 3], { dtype: 'float64' })).sum().backward();
    expect(vals(x.grad!)).toEqual([2, 3]);
  });
  it('bitwise ops on int32 and bool; floats are refused', () => {
    expect(vals(cr.bitwiseAnd(tensor([12, 10], { dtype: 'int32' }), 6))).toEqual([4, 2]);
    expect(vals(tensor([12, 10], { dtype: 'int32' }).bitwiseOr(1))).toEqual([13, 11]);
    expect(vals(cr.bitwiseXor(tensor([12], { dtype: 'int32' }), tensor([6], { dtype: 'int32' })))).toEqual([10]);
    expect(vals(cr.bitwiseNot(tensor([0, 5], { dtype: 'int32' })))).toEqual([-1, -6]);
    const b = cr.bitwiseXor(tensor([true, true], { dtype: 'bool' }), tensor([true, false], { dtype: 'bool' }));
    expect(b.dtype).toBe('bool');
    expect(vals(b)).toEqual([0, 1]);
    expect(() => cr.bitwiseAnd(tensor([1.5]), 1)).toThrow(/bitwiseAnd: operands must be int32 or bool, got float32 \[1\] and the number 1/);
  });
  it('logaddexp does not overflow; alpha must be whole for ints', () => {
    expect(cr.logaddexp(tensor([1000], { dtype: 'float64' }), tensor([1000], { dtype: 'float64' })).item()).toBeCloseTo(1000 + Math.LN2, 12);
    expect(() => tensor([1], { dtype: 'int32' }).add(tensor([1], { dtype: 'int32' }), { alpha: 0.5 })).toThrow(/add: for integer or bool operands alpha must be an integer/);
  });
  it('isclose, allclose, isinf, isfinite, any, all', () => {
    expect(vals(cr.isclose(tensor([1, 2, NaN]), tensor([1 + 1e-7, 2.1, NaN])))).toEqual([1, 0, 0]);
    expect(vals(tensor([NaN]).isclose(tensor([NaN]), { equalNan: true }))).toEqual([1]);
    expect(cr.allclose(tensor([1, 2]), tensor([1, 2 + 1e-9]))).toBe(true);
    expect(cr.allclose(tensor([1, 2]), tensor([1, 2.1]))).toBe(false);
    expect(vals(cr.isinf(tensor([1, Infinity, -Infinity, NaN])))).toEqual([0, 1, 1, 0]);
    expect(vals(tensor([1, Infinity, NaN]).isfinite())).toEqual([1, 0, 0]);
    expect(cr.any(tensor([0, 0, 3])).item()).toBe(1);
    expect(vals(cr.all(tensor([[1, 1], [0, 1]]), 0))).toEqual([0, 1]);
    expect(cr.all(tensor([])).item()).toBe(1);
    expect(cr.any(tensor([])).item()).toBe(0);
  });
});
