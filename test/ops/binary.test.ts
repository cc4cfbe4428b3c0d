/**
 * Elementwise functions of two (or three) tensors with NumPy broadcasting: forward values against
 * a scalar formula applied through an independent broadcast, gradcheck and gradgradcheck over
 * broadcastable shape pairs (rank differences, size-1 dims, 0-d) and non-contiguous views.
 * Comparisons are not differentiable: their values are checked instead.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { add, div, eq, ge, gt, le, lt, maximum, minimum, mul, ne, pow, sub, tensor, where, type Tensor } from '../../src/index.js';
import { broadcastableShapes, checkGradcheck, checkGradgradcheck, tensors, type TensorsOptions } from '../../src/testing/index.js';
import { RUNS, RUNS2, broadcastAt, broadcastPairs, broadcastShape, expectValues, unflatten } from './support.js';

/** Expected values of an elementwise op on a and b, broadcast by index arithmetic. */
function expected(a: Tensor, b: Tensor, ref: (x: number, y: number) => number): { shape: number[]; values: number[] } {
  const shape = broadcastShape(a.shape, b.shape);
  const n = shape.reduce((p, q) => p * q, 1);
  const out = Array.from({ length: n }, (_, i) => {
    const idx = unflatten(shape, i);
    return ref(broadcastAt(a, idx), broadcastAt(b, idx));
  });
  return { shape, values: out };
}

/** Pairs where b avoids every value of a by 0.01: no ties for maximum/minimum. */
function untiedPairs(maxRank: number, maxSide: number): fc.Arbitrary<[Tensor, Tensor]> {
  return broadcastableShapes({ maxRank, maxSide }).chain(([sa, sb]) =>
    tensors({ shape: sa!, layout: 'any' }).chain((a) => {
      const avoid = Array.from(a.toTypedArray());
      return fc.tuple(fc.constant(a), tensors({ shape: sb!, layout: 'any', avoid, margin: 0.01 }));
    }),
  );
}

interface BinaryCase {
  name: string;
  fn: (a: Tensor, b: Tensor) => Tensor;
  ref: (x: number, y: number) => number;
  pairs: (maxRank: number, maxSide: number) => fc.Arbitrary<[Tensor, Tensor]>;
}

const plain = (a: TensorsOptions = {}, b: TensorsOptions = a) => (maxRank: number, maxSide: number) => broadcastPairs(a, b, maxRank, maxSide);

const cases: BinaryCase[] = [
  { name: 'add', fn: add, ref: (x, y) => x + y, pairs: plain() },
  { name: 'sub', fn: sub, ref: (x, y) => x - y, pairs: plain() },
  { name: 'mul', fn: mul, ref: (x, y) => x * y, pairs: plain() },
  { name: 'div', fn: div, ref: (x, y) => x / y, pairs: plain({}, { avoid: [0], margin: 0.3 }) },
  // Exponent 0 is avoided: there, as in PyTorch, d/dx x^y is masked to 0, which hides its y-derivative (1/x) from gradgradcheck.
  { name: 'pow (tensor exponent, positive base)', fn: pow, ref: (x, y) => x ** y, pairs: plain({ min: 0.2, max: 3 }, { min: -2, max: 2, avoid: [0] }) },
  { name: 'maximum', fn: maximum, ref: Math.max, pairs: untiedPairs },
  { name: 'minimum', fn: minimum, ref: Math.min, pairs: untiedPairs },
];

for (const c of cases) {
  describe(c.name, () => {
    it('computes the scalar formula at every broadcast position', () => {
      fc.assert(
        fc.property(c.pairs(3, 3), ([a, b]) => {
          const want = expected(a, b, c.ref);
          expectValues(c.fn(a, b), want.shape, want.values);
        }),
        RUNS,
      );
    });

    it('passes gradcheck (both operands, broadcasting)', () => {
      checkGradcheck({ inputs: c.pairs(3, 3), f: c.fn, ...RUNS });
    });

    it('passes gradgradcheck', () => {
      checkGradgradcheck({ inputs: c.pairs(2, 3), f: c.fn, ...RUNS2 });
    });
  });
}

describe('binary ops with a number operand', () => {
  const numberCases: [string, (x: Tensor) => Tensor, (v: number) => number, TensorsOptions][] = [
    ['add(x, 2.5)', (x) => add(x, 2.5), (v) => v + 2.5, {}],
    ['sub(1, x)', (x) => sub(1, x), (v) => 1 - v, {}],
    ['mul(x, −1.5)', (x) => mul(x, -1.5), (v) => v * -1.5, {}],
    ['div(2, x)', (x) => div(2, x), (v) => 2 / v, { avoid: [0], margin: 0.3 }],
    ['maximum(x, 0.3)', (x) => maximum(x, 0.3), (v) => Math.max(v, 0.3), { avoid: [0.3] }],
    ['minimum(−0.4, x)', (x) => minimum(-0.4, x), (v) => Math.min(-0.4, v), { avoid: [-0.4] }],
  ];
  for (const [name, fn, ref, domain] of numberCases) {
    it(`${name}: values and gradcheck`, () => {
      const input = tensors({ ...domain, shape: [2, 3], layout: 'any' });
      fc.assert(fc.property(input, (x) => expectValues(fn(x), [2, 3], expected(x, tensor(0, { dtype: 'float64' }), (v) => ref(v)).values)), RUNS);
      checkGradcheck({ input, f: fn, ...RUNS });
    });
  }
});

describe('where', () => {
  /** A condition, a and b whose three shapes broadcast together. */
  const triples = (maxRank: number, maxSide: number) =>
    broadcastableShapes({ count: 3, maxRank, maxSide }).chain(([sc, sa, sb]) =>
      fc.tuple(
        tensors({ shape: sc!, avoid: [0] }).map((t) => t.gt(0)),
        tensors({ shape: sa!, layout: 'any' }),
        tensors({ shape: sb!, layout: 'any' }),
      ),
    );

  it('picks a where the condition holds and b elsewhere, broadcasting all three', () => {
    fc.assert(
      fc.property(triples(3, 3), ([cond, a, b]) => {
        const shape = broadcastShape(broadcastShape(cond.shape, a.shape), b.shape);
        const n = shape.reduce((p, q) => p * q, 1);
        const want = Array.from({ length: n }, (_, i) => {
          const idx = unflatten(shape, i);
          return broadcastAt(cond, idx) ? broadcastAt(a, idx) : broadcastAt(b, idx);
        });
        expectValues(where(cond, a, b), shape, want, 0, 0);
      }),
      RUNS,
    );
  });

  it('passes gradcheck and gradgradcheck w.r.t. both branches', () => {
    checkGradcheck({ inputs: triples(3, 3), f: (cond, a, b) => where(cond, a, b), ...RUNS });
    checkGradgradcheck({ inputs: triples(2, 3), f: (cond, a, b) => where(cond, a, b).mul(a), ...RUNS2 });
  });
});

describe('comparisons (not differentiable: values only)', () => {
  /** Integer-valued float64 tensors, so ties are common. */
  const ints = (shape: readonly number[]) =>
    fc
      .array(fc.integer({ min: -2, max: 2 }), { minLength: shape.reduce((p, q) => p * q, 1), maxLength: shape.reduce((p, q) => p * q, 1) })
      .map((v) => tensor(v, { dtype: 'float64' }).reshape(shape.slice()));
  const pairs = broadcastableShapes({ maxRank: 3, maxSide: 3 }).chain(([sa, sb]) => fc.tuple(ints(sa!), ints(sb!)));
  const comparisons: [string, (a: Tensor, b: Tensor | number) => Tensor, (x: number, y: number) => boolean][] = [
    ['eq', eq, (x, y) => x === y],
    ['ne', ne, (x, y) => x !== y],
    ['lt', lt, (x, y) => x < y],
    ['le', le, (x, y) => x <= y],
    ['gt', gt, (x, y) => x > y],
    ['ge', ge, (x, y) => x >= y],
  ];
  for (const [name, fn, ref] of comparisons) {
    it(`${name} matches the JS comparison, broadcasting, and with a number`, () => {
      fc.assert(
        fc.property(pairs, fc.integer({ min: -2, max: 2 }), ([a, b], k) => {
          const out = fn(a.requiresGrad_(true), b);
          expect(out.dtype).toBe('bool');
          expect(out.requiresGrad).toBe(false);
          const want = expected(a, b, (x, y) => Number(ref(x, y)));
          expectValues(out, want.shape, want.values, 0, 0);
          const withNumber = expected(a, tensor(k, { dtype: 'float64' }), (x, y) => Number(ref(x, y)));
          expectValues(fn(a, k), withNumber.shape, withNumber.values, 0, 0);
        }),
        RUNS,
      );
    });
  }
});
