/**
 * Arbitraries of a new user's mistakes: any JavaScript value a public function might be handed
 * (tensors of every dtype and layout, numbers of every kind, strings, null, options objects with
 * real, misspelled and snake_case keys), kept small so no call can run long.
 */
import * as fc from 'fast-check';
import { Tensor, tensor } from '../../src/index.js';

const DTYPES = ['float32', 'float64', 'int32', 'bool'] as const;

/** A small tensor: rank 0–3, sides 0–3, any dtype, sometimes a transposed (non-contiguous) view. */
export const anyTensor: fc.Arbitrary<Tensor> = fc
  .record({
    shape: fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
    dtype: fc.constantFrom(...DTYPES),
    transposed: fc.boolean(),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .map(({ shape, dtype, transposed, seed }) => {
    const n = shape.reduce((a, b) => a * b, 1);
    const values = Array.from({ length: n }, (_, i) => (dtype === 'bool' ? (seed + i) % 2 : ((seed * 7 + i * 13) % 11) - 5));
    let t = tensor(values, { dtype }).reshape(shape);
    if (transposed && t.ndim >= 2) t = t.transpose(0, 1);
    return t;
  });

/** Numbers of every kind: small ints, negatives, fractions, NaN, ±Infinity, -0, huge. */
export const anyNumber = fc.constantFrom(-2, -1, 0, 1, 2, 3, 0.5, 1.5, -0, Number.NaN, Infinity, -Infinity, 1e12, 2 ** 31);

const KEYS = [
  'dtype', 'requiresGrad', 'reduction', 'keepdim', 'correction', 'stride', 'padding', 'ceilMode', 'weight', 'ignoreIndex',
  'labelSmoothing', 'bias', 'eps', 'approximate', 'paddingMode', 'generator', 'numLayers', 'batchFirst', 'alpha', 'dim',
  'num_layers', 'batch_first', 'padding_mode', 'requires_grad', 'strides', 'foo',
];

const scalarValue = fc.oneof(
  anyNumber,
  fc.constantFrom('a', '', 'false', 'mean', 'sum', 'none', 'reflect', 'zeros', 'float64', 'int32', 'tanh', 'same'),
  fc.constantFrom(null, undefined, true, false),
);

/** An options object: real, misspelled and snake_case keys with values of any kind. */
export const anyOptions = fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(scalarValue, anyTensor), { maxKeys: 3, noNullPrototype: true });

/** Any argument: a tensor (most often), a number, a string, null/undefined/boolean, a size list, options, a tensor list. */
export const anyArg: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: anyTensor },
  { weight: 4, arbitrary: anyNumber },
  { weight: 2, arbitrary: scalarValue },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(-1, 0, 1, 2, 3, 1.5, Number.NaN), { maxLength: 4 }) },
  // a size list with a huge entry (a pad, kernel or shape of 10¹²: bounded before anything is built?)
  { weight: 1, arbitrary: fc.array(fc.constantFrom(0, 1, 2, 1e12, 2 ** 31), { minLength: 1, maxLength: 4 }) },
  { weight: 2, arbitrary: anyOptions },
  { weight: 1, arbitrary: fc.array(anyTensor, { maxLength: 3 }) },
);

/**
 * Tags an error thrown inside a generated callback: it is the user's own error, which chainrule
 * rightly lets through (grad(f), checkpoint(f), apply(fn), LambdaLR's lambda …).
 */
export const FROM_CALLBACK = Symbol('fromCallback');
function userFn<A extends unknown[]>(name: string, body: (...a: A) => unknown): (...a: A) => unknown {
  const f = (...a: A): unknown => {
    try {
      return body(...a);
    } catch (e) {
      if (e !== null && typeof e === 'object') (e as Record<symbol, unknown>)[FROM_CALLBACK] = true;
      throw e;
    }
  };
  Object.defineProperty(f, 'name', { value: name });
  return f;
}

/** Callbacks a user might pass: tensor functions (which may throw on junk: tagged), constants, no-ops. */
export const anyCallback = fc.constantFrom(
  userFn('sumOfSquares', (...xs: unknown[]) => (xs[0] as Tensor).mul(xs[0] as Tensor).sum()),
  userFn('identity', (x: unknown) => x),
  userFn('double', (x: unknown) => (x as Tensor).mul(2)),
  userFn('three', () => 3),
  userFn('half', () => 0.5),
  userFn('nothing', () => undefined),
);

/** Values that break naive formatting or type tests: null-prototype objects, symbols, BigInt, typed arrays, cycles. */
export const oddValue = fc.constantFrom<unknown>(
  Object.create(null),
  Symbol('s'),
  10n,
  new Uint8Array([1, 2, 3]),
  new Float64Array([0.5, -1]),
  new Map([['a', 1]]),
  (() => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    return o;
  })(),
  new Date(0),
);

/** anyArg plus callbacks and odd values (the fuzz of the whole surface). */
export const anyArgOrFn: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 12, arbitrary: anyArg },
  { weight: 1, arbitrary: anyCallback },
  { weight: 1, arbitrary: oddValue },
);
