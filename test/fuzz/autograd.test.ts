/**
 * Issue 12 item 7 for the autograd API: backward with generated gradients and options, and again
 * on a freed graph (retainGraph misuse); gradients, grad, valueAndGrad, vjp (and its pullback),
 * jvp, hessian, checkpoint, gradcheck and defineFunction with generated functions and inputs.
 * Errors thrown inside a generated callback are the user's own and pass through (arbitraries.ts).
 */
import * as fc from 'fast-check';
import { describe, it } from 'vitest';
import * as cr from '../../src/index.js';
import { anyArgOrFn, anyCallback, anyOptions, anyTensor } from './arbitraries.js';
import { type Any, type Entry, fuzz } from './harness.js';

const C = cr as Any;
const leaf = (): cr.Tensor => cr.randn([2, 3], { requiresGrad: true, dtype: 'float64' });
/** Outputs of a small graph: a scalar, a non-scalar, and one that does not require grad. */
const outputs = [(x: cr.Tensor) => x.mul(x).sum(), (x: cr.Tensor) => x.tanh(), () => cr.ones([2])];

const graphEntry = (op: string, arity: number, call: (y: cr.Tensor, x: cr.Tensor, ...a: Any[]) => unknown): Entry => ({
  op,
  arity: arity + 1,
  // the first generated argument picks the graph (a number), the rest are the call's arguments
  call: (pick: unknown, ...a: Any[]) => {
    const x = leaf();
    const y = outputs[Math.floor(Math.abs(typeof pick === 'number' ? pick : 0) % 3) || 0]!(x);
    return call(y, x, ...a);
  },
  alsoMatches: BACKWARD_NODE,
});

/**
 * Errors raised while the backward pass runs name the graph node that failed (`MulBackward: trying
 * to backward through the graph a second time…`), as PyTorch's do; errors about the call itself
 * name the public op.
 */
const BACKWARD_NODE = /^[A-Za-z0-9]+Backward$/;

const ENTRIES: Entry[] = [
  graphEntry('backward', 2, (y, _x, g, o) => y.backward(g, o)),
  // retainGraph misuse: a second backward through freed buffers must be a clear error
  graphEntry('backward', 2, (y, _x, g, o) => {
    try {
      y.backward(g, o);
    } catch {
      return;
    }
    y.backward(g, o);
  }),
  graphEntry('gradients', 2, (y, x, ins, o) => cr.gradients(y, ins ?? x, o)),
  graphEntry('gradients', 2, (y, x, _i, o) => cr.gradients([y, y], [x], o)),
  { op: 'grad', alsoMatches: BACKWARD_NODE, arity: 4, call: (f, o, ...xs) => C.grad(f, o)(...xs) },
  { op: 'valueAndGrad', alsoMatches: BACKWARD_NODE, arity: 4, call: (f, o, ...xs) => C.valueAndGrad(f, o)(...xs) },
  { op: 'vjp', alsoMatches: BACKWARD_NODE, arity: 4, call: (f, v, ...xs) => C.vjp(f, ...xs)[1](v) },
  { op: 'jvp', alsoMatches: BACKWARD_NODE, arity: 3, call: (f, p, t) => C.jvp(f, p, t) },
  { op: 'jvp', alsoMatches: BACKWARD_NODE, arity: 3, call: (f, p, t) => C.jvp(f, [p], [t]) },
  { op: 'hessian', alsoMatches: BACKWARD_NODE, arity: 2, call: (f, x) => C.hessian(f)(x) },
  { op: 'checkpoint', alsoMatches: BACKWARD_NODE, arity: 4, call: (f, ...a) => C.checkpoint(f, ...a) },
  { op: 'gradcheck', alsoMatches: BACKWARD_NODE, arity: 3, call: (f, xs, o) => C.gradcheck(f, Array.isArray(xs) ? xs : [xs], o) },
  {
    op: 'square', // a user function: errors name it
    arity: 2,
    call: (a, b) =>
      cr
        .defineFunction({
          name: 'square',
          forward: (ctx: Any, x: cr.Tensor) => (ctx.saveForBackward(x), x.mul(x)),
          backward: (ctx: Any, g: cr.Tensor) => [g.mul(ctx.saved[0]).mul(2)],
        })
        .apply(a, b),
  },
];

const anyAutogradArg = fc.oneof(
  { weight: 3, arbitrary: anyTensor.map((t) => (t.dtype === 'float64' && t.numel() > 0 ? t.requiresGrad_(true) : t)) },
  { weight: 3, arbitrary: anyArgOrFn },
  { weight: 2, arbitrary: anyCallback },
  { weight: 1, arbitrary: anyOptions },
  { weight: 1, arbitrary: fc.constantFrom({ retainGraph: true }, { createGraph: true }, { inputs: [] }, { argnums: [0, 1] }, { allowUnused: true }) },
);

const argumentsOf = (entry: Entry): fc.Arbitrary<unknown[]> =>
  fc.integer({ min: 1, max: entry.arity }).chain((n) => fc.tuple(...Array.from({ length: n }, () => anyAutogradArg)));

describe('fuzz: the autograd API', () => {
  it('backward, gradients, grad, vjp, jvp, hessian, checkpoint, gradcheck, custom functions', () => fuzz(ENTRIES, argumentsOf, 6000, 1401));
});
