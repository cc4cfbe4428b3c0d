/**
 * Elementwise functions of one tensor: forward values against Math.* (float64 and float32),
 * gradcheck and gradgradcheck over random shapes (0-d included) and non-contiguous views, with
 * inputs kept away from each op's kinks and poles.
 */
import * as fc from 'fast-check';
import { describe, it } from 'vitest';
import {
  abs,
  clamp,
  cos,
  erf,
  exp,
  expm1,
  gelu,
  leakyRelu,
  log,
  log1p,
  neg,
  reciprocal,
  relu,
  rsqrt,
  sigmoid,
  sign,
  sin,
  softplus,
  sqrt,
  square,
  tanh,
  type Tensor,
} from '../../src/index.js';
import { checkGradcheck, checkGradgradcheck, tensors, type TensorsOptions } from '../../src/testing/index.js';
import { RUNS, RUNS2, erfSeries, expectValues, small, tiny, values } from './support.js';

interface UnaryCase {
  name: string;
  fn: (x: Tensor) => Tensor;
  /** The same function on one number, written independently of the library. */
  ref: (v: number) => number;
  /** Where to sample: away from kinks (avoid) and outside the domain's edge (min). */
  domain?: TensorsOptions;
}

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const softplusRef = (beta: number, threshold: number) => (v: number) => (beta * v > threshold ? v : Math.log1p(Math.exp(beta * v)) / beta);

const cases: UnaryCase[] = [
  { name: 'neg', fn: neg, ref: (v) => -v },
  { name: 'exp', fn: exp, ref: Math.exp },
  { name: 'log', fn: log, ref: Math.log, domain: { min: 0.1 } },
  { name: 'log1p', fn: log1p, ref: Math.log1p, domain: { min: -0.9 } },
  { name: 'expm1', fn: expm1, ref: Math.expm1 },
  { name: 'sqrt', fn: sqrt, ref: Math.sqrt, domain: { min: 0.1 } },
  { name: 'rsqrt', fn: rsqrt, ref: (v) => 1 / Math.sqrt(v), domain: { min: 0.1 } },
  { name: 'square', fn: square, ref: (v) => v * v },
  { name: 'reciprocal', fn: reciprocal, ref: (v) => 1 / v, domain: { avoid: [0], margin: 0.2 } },
  { name: 'abs', fn: abs, ref: Math.abs, domain: { avoid: [0] } },
  { name: 'sign', fn: sign, ref: Math.sign, domain: { avoid: [0] } },
  { name: 'sin', fn: sin, ref: Math.sin },
  { name: 'cos', fn: cos, ref: Math.cos },
  { name: 'tanh', fn: tanh, ref: Math.tanh },
  { name: 'sigmoid', fn: sigmoid, ref: (v) => 1 / (1 + Math.exp(-v)) },
  { name: 'relu', fn: relu, ref: (v) => Math.max(v, 0), domain: { avoid: [0] } },
  { name: 'leakyRelu (default slope 0.01)', fn: (x) => leakyRelu(x), ref: (v) => (v > 0 ? v : 0.01 * v), domain: { avoid: [0] } },
  { name: 'leakyRelu (slope 0.2)', fn: (x) => x.leakyRelu(0.2), ref: (v) => (v > 0 ? v : 0.2 * v), domain: { avoid: [0] } },
  { name: 'erf', fn: erf, ref: erfSeries },
  { name: 'gelu (erf)', fn: (x) => gelu(x), ref: (v) => 0.5 * v * (1 + erfSeries(v / Math.SQRT2)) },
  {
    name: 'gelu (tanh)',
    fn: (x) => gelu(x, { approximate: 'tanh' }),
    ref: (v) => 0.5 * v * (1 + Math.tanh(SQRT_2_OVER_PI * (v + 0.044715 * v ** 3))),
  },
  { name: 'softplus (β 1, threshold 20)', fn: (x) => softplus(x), ref: softplusRef(1, 20) },
  // Linear where βx > threshold, i.e. x > 0.5: the seam is a kink, kept away from.
  { name: 'softplus (β 2, threshold 1)', fn: (x) => x.softplus({ beta: 2, threshold: 1 }), ref: softplusRef(2, 1), domain: { avoid: [0.5], margin: 0.05 } },
  { name: 'softplus (β 0.5)', fn: (x) => softplus(x, { beta: 0.5 }), ref: softplusRef(0.5, 20) },
  { name: 'clamp(−1, 1.5)', fn: (x) => clamp(x, -1, 1.5), ref: (v) => Math.min(Math.max(v, -1), 1.5), domain: { avoid: [-1, 1.5] } },
  { name: 'clamp(min 0.5)', fn: (x) => x.clamp(0.5), ref: (v) => Math.max(v, 0.5), domain: { avoid: [0.5] } },
  { name: 'clamp(max −0.25)', fn: (x) => x.clamp(null, -0.25), ref: (v) => Math.min(v, -0.25), domain: { avoid: [-0.25] } },
  { name: 'pow(x, 2)', fn: (x) => x.pow(2), ref: (v) => v ** 2 },
  { name: 'pow(x, 3)', fn: (x) => x.pow(3), ref: (v) => v ** 3 },
  { name: 'pow(x, 0)', fn: (x) => x.pow(0), ref: () => 1 },
  { name: 'pow(x, −1)', fn: (x) => x.pow(-1), ref: (v) => 1 / v, domain: { avoid: [0], margin: 0.3 } },
  { name: 'pow(x, 0.5)', fn: (x) => x.pow(0.5), ref: Math.sqrt, domain: { min: 0.2 } },
  { name: 'pow(x, −2.5)', fn: (x) => x.pow(-2.5), ref: (v) => v ** -2.5, domain: { min: 0.3 } },
];

for (const c of cases) {
  describe(c.name, () => {
    const inputs = (shape: typeof small, dtype: 'float64' | 'float32' = 'float64') =>
      tensors({ ...c.domain, shape, dtype, layout: 'any' });

    it('computes the same values as a scalar formula (float64 and float32)', () => {
      fc.assert(
        fc.property(inputs(small), (x) => expectValues(c.fn(x), x.shape, values(x).map(c.ref), 1e-12, 1e-12)),
        RUNS,
      );
      fc.assert(
        fc.property(inputs(small, 'float32'), (x) => {
          const y = c.fn(x);
          if (y.dtype !== 'float32') throw new Error(`${c.name} turned float32 into ${y.dtype}`);
          expectValues(y, x.shape, values(x).map(c.ref), 1e-6, 1e-6);
        }),
        RUNS,
      );
    });

    it('passes gradcheck', () => {
      checkGradcheck({ input: inputs(small), f: c.fn, ...RUNS });
    });

    it('passes gradgradcheck', () => {
      checkGradgradcheck({ input: inputs(tiny), f: c.fn, ...RUNS2 });
    });
  });
}
