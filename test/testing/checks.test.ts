import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defineFunction, type Tensor } from '../../src/index.js';
import { ValueError } from '../../src/errors.js';
import {
  PropertyCheckError,
  checkGradcheck,
  checkGradgradcheck,
  checkGradient,
  shapes,
  tensors,
} from '../../src/testing/index.js';

/** Runs `fn`, expecting a PropertyCheckError; returns it. */
function failure(fn: () => void): PropertyCheckError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PropertyCheckError);
    return e as PropertyCheckError;
  }
  throw new Error('expected the check to fail, but it passed');
}

/** The logical values of a counterexample tensor, read independently of toArray. */
function flatValues(t: Tensor): number[] {
  const out: number[] = [];
  const walk = (d: number, at: number): void => {
    if (d === t.ndim) {
      out.push(t.storage[at]!);
      return;
    }
    for (let i = 0; i < t.shape[d]!; i++) walk(d + 1, at + i * t.strides[d]!);
  };
  walk(0, t.offset);
  return out;
}

const small = shapes({ maxRank: 3, maxSide: 3 });

describe('checkGradient', () => {
  it('passes the README example (d Σtanh² = 2·tanh·(1 − tanh²))', () => {
    checkGradient({
      f: (x) => x.tanh().square().sum(),
      derivative: (x) => x.tanh().mul(2).mul(x.tanh().square().neg().add(1)),
      input: tensors({ dtype: 'float64', min: -3, max: 3 }),
    });
  });

  it('fails on the wrong claim d/dx sin = −cos, reporting the counterexample and both gradients', () => {
    const error = failure(() =>
      checkGradient({
        f: (x) => x.sin().sum(),
        derivative: (x) => x.cos().neg(),
        input: tensors({ shape: small, layout: 'any' }),
        numRuns: 20,
        seed: 7,
      }),
    );
    const [x] = error.counterexample as [Tensor];
    const values = flatValues(x);
    // The claim is wrong wherever cos x ≠ 0, so fast-check shrinks to a single element, 0 by preference.
    expect(values.length).toBe(1);
    const v = values[0]!;
    const autograd = Math.cos(v); // the true derivative, by hand
    const claimed = -Math.cos(v);
    expect(error.message).toContain('checkGradient: the hand-derived gradient disagrees with autograd');
    expect(error.message).toContain('counterexample:');
    expect(error.message).toContain(`argument 0: ${x.ndim === 0 ? `tensor(${v}` : 'tensor(['}`);
    expect(error.message).toMatch(/autograd: +tensor/);
    expect(error.message).toMatch(/hand-derived: tensor/);
    expect(error.message).toContain(`worst element: argument 0 at [${x.shape.map(() => 0).join(',')}]: autograd ${autograd}, hand-derived ${claimed}`);
    expect(error.message).toContain(`replay with { seed: ${error.seed}, path: `);
  });

  it('replays a failure from its seed and path', () => {
    const options = {
      f: (x: Tensor) => x.exp().sum(),
      derivative: (x: Tensor) => x.exp().mul(x.gt(1).to('float64').add(1)), // wrong for x > 1
      input: tensors({ shape: [3], min: -2, max: 2 }),
      numRuns: 50,
    };
    const first = failure(() => checkGradient({ ...options, seed: 3 }));
    const again = failure(() => checkGradient({ ...options, seed: first.seed, path: first.path! }));
    expect(flatValues(again.counterexample[0] as Tensor)).toEqual(flatValues(first.counterexample[0] as Tensor));
    // The shrunk counterexample sits where the claim is wrong: some element above 1.
    expect(flatValues(first.counterexample[0] as Tensor).some((v) => v > 1)).toBe(true);
  });

  it('checks several arguments, passing non-tensors through (d/dx Σx^k = k·x^(k−1))', () => {
    checkGradient({
      inputs: [tensors({ shape: small, min: 0.5, max: 2 }), fc.integer({ min: 1, max: 4 })],
      f: (x, k) => x.pow(k).sum(),
      derivative: (x, k) => x.pow(k - 1).mul(k),
      numRuns: 30,
    });
    // d/dx Σ(x·y) = y and d/dy = x, on an arbitrary of argument pairs of one shape.
    checkGradient({
      inputs: small.chain((s) => fc.tuple(tensors({ shape: s, layout: 'any' }), tensors({ shape: s }))),
      f: (x, y) => x.mul(y).sum(),
      derivative: (x, y) => [y, x],
      numRuns: 30,
    });
  });

  it('differentiates only the `wrt` arguments', () => {
    checkGradient({
      inputs: [tensors({ shape: [2] }), tensors({ shape: [2] })],
      wrt: [1],
      f: (x, y) => x.mul(y).sum(),
      derivative: (x) => x, // d/dy Σ(x·y) = x
      numRuns: 10,
    });
  });

  it('reports a derivative of the wrong shape, a non-scalar f and NaN gradients as failures', () => {
    const wrongShape = failure(() =>
      checkGradient({ f: (x) => x.sum(), derivative: (x) => x.sum(), input: tensors({ shape: [2, 3] }), numRuns: 5 }),
    );
    expect(wrongShape.message).toContain('derivative returned shape [] for argument 0, whose shape is [2,3]');
    const notScalar = failure(() =>
      checkGradient({ f: (x) => x.mul(2), derivative: (x) => x, input: tensors({ shape: [2] }), numRuns: 5 }),
    );
    expect(notScalar.message).toContain('f must return a one-element float tensor');
    const nan = failure(() =>
      checkGradient({ f: (x) => x.sum(), derivative: (x) => x.mul(NaN), input: tensors({ shape: [1] }), numRuns: 5 }),
    );
    expect(nan.message).toContain('hand-derived NaN');
  });

  it('rejects bad options before running', () => {
    const f = (x: Tensor): Tensor => x.sum();
    expect(() => checkGradient({ f, derivative: (x: Tensor) => x, input: tensors(), inputs: [tensors()] } as never)).toThrow(ValueError);
    expect(() => checkGradient({ f, derivative: (x) => x, input: tensors(), numRuns: 0 })).toThrow(/numRuns must be a positive integer/);
    expect(() => checkGradient({ f, derivative: (x) => x, input: tensors(), atol: -1 })).toThrow(/atol must be a number ≥ 0/);
    expect(() => checkGradient({ f, derivative: (x) => x, input: [1, 2] as never })).toThrow(/`input` must be a fast-check arbitrary/);
  });
});

// A sine whose hand-written backward is wrong (−cos), and one whose backward is right but
// detached, so its second derivative is 0 instead of −sin.
const wrongSin = defineFunction({
  name: 'WrongSin',
  forward: (ctx, x) => {
    ctx.saveForBackward(x);
    return x.sin();
  },
  backward: (ctx, g) => [g.mul(ctx.saved[0]!.cos().neg())],
});
const flatSin = defineFunction({
  name: 'FlatSin',
  forward: (ctx, x) => {
    ctx.saveForBackward(x);
    return x.sin();
  },
  backward: (ctx, g) => [g.mul(ctx.saved[0]!.cos().detach())],
});

describe('checkGradcheck and checkGradgradcheck', () => {
  it('pass on a correct op, with non-tensor arguments passed through', () => {
    const withDim = shapes({ minRank: 1, maxRank: 3, maxSide: 3 }).chain((s) =>
      fc.tuple(tensors({ shape: s, layout: 'any' }), fc.integer({ min: -s.length, max: s.length - 1 })),
    );
    checkGradcheck({ inputs: withDim, f: (x, dim) => x.softmax(dim), numRuns: 10 });
    checkGradgradcheck({ input: tensors({ shape: shapes({ maxRank: 2, maxSide: 3 }) }), f: (x) => x.sin(), numRuns: 5 });
  });

  it('fail on a wrong VJP, naming the Jacobian entry', () => {
    const error = failure(() => checkGradcheck({ input: tensors({ shape: small }), f: (x) => wrongSin.apply(x), numRuns: 10 }));
    const [x] = error.counterexample as [Tensor];
    const v = flatValues(x)[0]!;
    expect(error.message).toContain('checkGradcheck: gradcheck failed: autograd disagrees with finite differences');
    // gradcheck's message: analytic −cos v against numeric ≈ cos v.
    expect(error.message).toContain(`analytic ${-Math.cos(v)}, numeric`);
    expect(error.message).toContain('argument 0: tensor(');
  });

  it('checkGradgradcheck fails where only the second derivative is wrong', () => {
    const input = tensors({ shape: [2], min: 0.5, max: 1.5 }); // sin″ = −sin ≠ 0 there
    checkGradcheck({ input, f: (x) => flatSin.apply(x), numRuns: 5 });
    const error = failure(() => checkGradgradcheck({ input, f: (x) => flatSin.apply(x), numRuns: 5 }));
    expect(error.message).toContain('checkGradgradcheck: gradgradcheck failed');
  });

  it('rejects float32 arguments with gradcheck’s own message', () => {
    const error = failure(() => checkGradcheck({ input: tensors({ shape: [2], dtype: 'float32' }), f: (x) => x.exp(), numRuns: 3 }));
    expect(error.message).toContain('finite differences need float64 inputs');
  });
});
