/**
 * RReLU (F.rrelu, nn.RReLU), the randomized leaky ReLU, against its definition (PyTorch's
 * rrelu_with_noise): in evaluation, leakyRelu with the slope (lower + upper)/2 and its gradient (1
 * above zero, the slope at or below); in training, x above zero and a·x at or below it, a drawn per
 * element from [lower, upper), with gradient a there (PyTorch's: x = 0 takes a slope too). Values
 * by hand; float64 gradcheck and gradgradcheck over random shapes and layouts, the generator seeded
 * afresh for each evaluation so that every evaluation draws the same slopes; the module's
 * training switch, repr and inplace; errors.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AutogradError, DTypeError, Generator, ValueError, tensor, type Tensor } from '../../src/index.js';
import { RReLU, functional as F } from '../../src/nn/index.js';
import { checkGradcheck, checkGradgradcheck, tensors } from '../../src/testing/index.js';
import { RUNS, RUNS2, small, tiny } from '../ops/support.js';

const f64 = (values: number[]) => tensor(values, { dtype: 'float64', requiresGrad: true });

/** y and dy/dx (the gradient of Σ y) of `f` at x. */
function valueAndSlope(x: Tensor, f: (x: Tensor) => Tensor): [number[], number[]] {
  const y = f(x);
  y.sum().backward();
  return [y.toArray() as number[], x.grad!.toArray() as number[]];
}

describe('F.rrelu in evaluation (the default, as PyTorch’s functional)', () => {
  it('is leakyRelu with the slope (lower + upper)/2, and that slope is the gradient at and below 0', () => {
    // defaults 1/8 and 1/3: the slope is 11/48
    const [y, dy] = valueAndSlope(f64([-2, 0, 3]), (x) => F.rrelu(x));
    expect(y[0]).toBeCloseTo(-2 * (11 / 48), 15);
    expect(Object.is(y[1], 0)).toBe(true);
    expect(y[2]).toBe(3);
    expect(dy).toEqual([11 / 48, 11 / 48, 1]);
    const [y2] = valueAndSlope(f64([-1, 4]), (x) => F.rrelu(x, { lower: 0.1, upper: 0.3 }));
    expect(y2[0]).toBeCloseTo(-0.2, 15);
    expect(y2[1]).toBe(4);
  });
});

describe('F.rrelu in training', () => {
  const options = (seed: number) => ({ lower: 0.1, upper: 0.4, training: true, generator: new Generator(seed) });

  it('keeps x above 0 (gradient 1) and multiplies x at or below 0 by a slope from [lower, upper) that is its gradient', () => {
    const xs = [-3, -1, -0.5, 0, 0.25, 2, -7, 5];
    const [y, dy] = valueAndSlope(f64(xs), (x) => F.rrelu(x, options(5)));
    const slopes = new Set<number>();
    xs.forEach((v, i) => {
      if (v > 0) {
        expect(y[i]).toBe(v);
        expect(dy[i]).toBe(1);
        return;
      }
      expect(dy[i]).toBeGreaterThanOrEqual(0.1);
      expect(dy[i]).toBeLessThan(0.4);
      expect(y[i]).toBe(v * dy[i]!); // the slope that scaled x is the gradient
      slopes.add(dy[i]!);
    });
    expect(slopes.size).toBe(5); // a slope per element, not one for all
  });

  it('draws the same slopes from the same seed and others from another seed', () => {
    const x = tensor([-1, -2, -3, -4], { dtype: 'float64' });
    expect(F.rrelu(x, options(9)).toArray()).toEqual(F.rrelu(x, options(9)).toArray());
    expect(F.rrelu(x, options(9)).toArray()).not.toEqual(F.rrelu(x, options(10)).toArray());
  });

  it('with lower = upper draws that one slope, as in evaluation', () => {
    const x = tensor([-2, 1, -0.5], { dtype: 'float64' });
    expect(F.rrelu(x, { lower: 0.2, upper: 0.2, training: true }).toArray()).toEqual([-0.4, 1, -0.1]);
  });

  it('passes gradcheck and gradgradcheck (float64, random shapes and layouts, x kept off 0)', () => {
    const f = (x: Tensor) => F.rrelu(x, options(3));
    checkGradcheck({ inputs: small.chain((s) => fc.tuple(tensors({ shape: s, dtype: 'float64', layout: 'any', avoid: [0] }))), f, ...RUNS });
    checkGradgradcheck({ inputs: tiny.chain((s) => fc.tuple(tensors({ shape: s, dtype: 'float64', layout: 'any', avoid: [0] }))), f, ...RUNS2 });
  });

  it('keeps float32 and the shape, size 0 and size 1 included', () => {
    fc.assert(
      fc.property(small.chain((s) => tensors({ shape: s, dtype: 'float32', layout: 'any' })), (x) => {
        const y = F.rrelu(x, options(1));
        expect(y.dtype).toBe('float32');
        expect(y.shape).toEqual(x.shape);
      }),
      RUNS,
    );
  });
});

describe('nn.RReLU', () => {
  it('draws slopes in training mode and uses (lower + upper)/2 in evaluation mode', () => {
    const layer = new RReLU(0.1, 0.3);
    const x = tensor([-1, 2, -4], { dtype: 'float64' });
    expect(layer.eval().forward(x).toArray()).toEqual([-0.2, 2, -0.8]);
    const trained = layer.train().forward(x).toArray() as number[];
    expect(trained[1]).toBe(2);
    for (const [i, v] of [[0, -1], [2, -4]] as const) {
      expect(trained[i]! / v).toBeGreaterThanOrEqual(0.1);
      expect(trained[i]! / v).toBeLessThan(0.3);
    }
  });

  it('defaults to 1/8 and 1/3, printed as PyTorch prints them', () => {
    expect(new RReLU().extraRepr()).toBe('lower=0.125, upper=0.3333333333333333');
    expect(new RReLU(0.1, 0.3, true).extraRepr()).toBe('lower=0.1, upper=0.3, inplace=true');
  });

  it('inplace writes into the input and returns it; a leaf that requires grad is refused', () => {
    const x = tensor([-1, 2], { dtype: 'float64' });
    const layer = new RReLU(0.5, 0.5, true);
    expect(layer.forward(x)).toBe(x);
    expect(x.toArray()).toEqual([-0.5, 2]);
    expect(() => layer.forward(f64([-1, 2]))).toThrow(AutogradError);
  });
});

describe('errors name the op and the values', () => {
  it('lower above upper, bounds that are not finite numbers, integer input, unknown options', () => {
    const x = tensor([-1, 1]);
    expect(() => F.rrelu(x, { lower: 0.5, upper: 0.1 })).toThrow(ValueError);
    expect(() => F.rrelu(x, { lower: 0.5, upper: 0.1 })).toThrow('rrelu: lower must be less than or equal to upper, got lower=0.5, upper=0.1');
    expect(() => new RReLU(0.5, 0.1)).toThrow('RReLU: lower must be less than or equal to upper');
    expect(() => F.rrelu(x, { lower: Number.NaN })).toThrow('rrelu: lower must be a finite number');
    expect(() => new RReLU(0.1, Infinity)).toThrow('RReLU: upper must be a finite number');
    expect(() => F.rrelu(tensor([1, 2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => F.rrelu(x, { slope: 1 } as never)).toThrow(/rrelu/);
  });
});
