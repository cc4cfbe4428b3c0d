/**
 * Function transforms in the style of torch.func: `grad(f)`, `valueAndGrad(f)`, `vjp`, `jvp` and
 * `hessian`, built on the tape. Because every VJP is written with Tensor ops, nesting them (the
 * gradient of a gradient) just records the inner backward pass.
 * @module
 */
import { asOp, checkFunction, checkIntOrList, checkOptions, checkTensor, describe, type OptionSchema } from '../checks/index.js';
import { isFloating } from '../dtype.js';
import { AutogradError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { zeros, zerosLike } from '../tensor/creation.js';
import { stack } from '../ops/join.js';
import { reshape } from '../ops/views.js';
import { gradients } from './engine.js';
import { enableGrad } from './grad-mode.js';

/** A function of tensors returning a tensor. */
export type TensorFunction = (...inputs: Tensor[]) => Tensor;

/** Options of {@link grad} and {@link valueAndGrad}. */
export interface GradOptions {
  /** Which arguments to differentiate with respect to (default 0). An array returns an array of gradients. */
  argnums?: number | readonly number[];
}

/**
 * Prepares inputs for differentiation: a tensor that already requires grad is used as is (so
 * an outer transform can differentiate through this one); others get a fresh leaf. `nested` is
 * true when any argument, differentiated here or not, requires grad: then the inner backward is
 * recorded so that the result stays differentiable w.r.t. it.
 */
function asPrimals(op: string, inputs: readonly Tensor[], argnums: readonly number[]): { primals: Tensor[]; nested: boolean } {
  let nested = false;
  inputs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new AutogradError(op, `argument ${i} must be a Tensor, got ${describe(t)}`);
    if (argnums.includes(i) && !isFloating(t.dtype)) throw new AutogradError(op, `argument ${i} is ${t.dtype}; only float32/float64 tensors can be differentiated`);
  });
  const primals = inputs.map((t, i) => {
    if (t.requiresGrad) nested = true;
    if (!argnums.includes(i) || t.requiresGrad) return t;
    return t.detach().requiresGrad_(true);
  });
  return { primals, nested };
}

const GRAD_OPTIONS: OptionSchema = { argnums: (op, arg, v) => checkIntOrList(op, arg, v) };

function checkScalarOutput(op: string, y: unknown): Tensor {
  if (!(y instanceof Tensor)) throw new AutogradError(op, `the function must return a Tensor, got ${describe(y)}`);
  if (y.numel() !== 1) throw new AutogradError(op, `the function must return a one-element tensor, got shape ${fmtShape(y.shape)}`);
  return y;
}

function argnumList(op: string, argnums: number | readonly number[] | undefined, count: number): number[] {
  const list = argnums === undefined ? [0] : typeof argnums === 'number' ? [argnums] : [...argnums];
  for (const a of list) {
    if (typeof a !== 'number' || !Number.isInteger(a) || a < 0 || a >= count) throw new AutogradError(op, `argnums ${a} is out of range for ${count} arguments`);
  }
  return list;
}

/**
 * `valueAndGrad(f)(...inputs)` returns `[f(inputs), ∂f/∂inputs[argnums]]`; f must return one
 * element. Gradients of inputs f does not use are zeros.
 */
export function valueAndGrad(f: TensorFunction, options: GradOptions = {}): (...inputs: Tensor[]) => [Tensor, Tensor | Tensor[]] {
  return valueAndGradAs('valueAndGrad', f, options);
}

function valueAndGradAs(op: string, f: TensorFunction, options: GradOptions): (...inputs: Tensor[]) => [Tensor, Tensor | Tensor[]] {
  checkFunction(op, 'f', f);
  checkOptions(op, options, GRAD_OPTIONS);
  return (...inputs: Tensor[]) => {
    const argnums = argnumList(op, options.argnums, inputs.length);
    const { primals, nested } = asPrimals(op, inputs, argnums);
    const y = checkScalarOutput(op, enableGrad(() => f(...primals)));
    const targets = argnums.map((i) => primals[i]!);
    const grads = y.requiresGrad
      ? gradients(y, targets, { createGraph: nested, allowUnused: true })
      : targets.map(() => null);
    const filled = grads.map((g, k) => g ?? zerosLike(targets[k]!));
    const value = nested ? y : y.detach();
    return [value, typeof options.argnums === 'object' ? filled : filled[0]!];
  };
}

/** `grad(f)(...inputs)`: the gradient of a one-element function w.r.t. argument 0 (or `argnums`). */
export function grad(f: TensorFunction, options: GradOptions = {}): (...inputs: Tensor[]) => Tensor | Tensor[] {
  const vg = valueAndGradAs('grad', f, options);
  return (...inputs: Tensor[]) => vg(...inputs)[1];
}

/**
 * Evaluates f at `primals` and returns `[output, vjpFn]`; `vjpFn(v)` gives vᵀ·∂f/∂primals, one
 * tensor per primal.
 */
export function vjp(f: TensorFunction, ...primals: Tensor[]): [Tensor, (v: Tensor) => Tensor[]] {
  checkFunction('vjp', 'f', f);
  const argnums = primals.map((_, i) => i);
  const { primals: xs, nested } = asPrimals('vjp', primals, argnums);
  const y = enableGrad(() => f(...xs));
  if (!(y instanceof Tensor)) throw new AutogradError('vjp', 'the function must return a Tensor');
  const pullback = (v: Tensor): Tensor[] => {
    checkTensor('vjp', 'v', v);
    if (!y.requiresGrad) return xs.map((x) => zerosLike(x));
    const grads = asOp('vjp', () => gradients(y, xs, { gradOutputs: [v], retainGraph: true, createGraph: nested, allowUnused: true }));
    return grads.map((g, i) => g ?? zerosLike(xs[i]!));
  };
  return [nested ? y : y.detach(), pullback];
}

/**
 * Forward-mode product: returns `[f(primals), ∂f/∂primals · tangents]`. Computed as the VJP of
 * the VJP (the VJP is linear in its cotangent, so differentiating it w.r.t. the cotangent gives J·u).
 */
export function jvp(f: TensorFunction, primals: readonly Tensor[], tangents: readonly Tensor[]): [Tensor, Tensor] {
  checkFunction('jvp', 'f', f);
  if (!Array.isArray(primals)) throw new AutogradError('jvp', `primals must be an array of tensors, got ${describe(primals)}`);
  if (!Array.isArray(tangents)) throw new AutogradError('jvp', `tangents must be an array of tensors, got ${describe(tangents)}`);
  asPrimals('jvp', primals, primals.map((_, i) => i));
  tangents.forEach((u, i) => checkTensor('jvp', `tangents[${i}]`, u));
  if (primals.length !== tangents.length) {
    throw new AutogradError('jvp', `got ${tangents.length} tangents for ${primals.length} primals`);
  }
  tangents.forEach((u, i) => {
    if (u.shape.join(',') !== primals[i]!.shape.join(',')) {
      throw new AutogradError('jvp', `tangent ${i} has shape ${fmtShape(u.shape)} but primal ${i} has ${fmtShape(primals[i]!.shape)}`);
    }
  });
  const xs = primals.map((x) => (x.requiresGrad ? x : x.detach().requiresGrad_(true)));
  return enableGrad(() => {
    const y = f(...xs);
    if (!(y instanceof Tensor)) throw new AutogradError('jvp', `the function must return a Tensor, got ${describe(y)}`);
    if (!y.requiresGrad) return [y.detach(), zerosLike(y)];
    const v = zerosLike(y).requiresGrad_(true);
    const vjps = gradients(y, xs, { gradOutputs: [v], createGraph: true, allowUnused: true });
    let inner: Tensor | null = null;
    vjps.forEach((g, i) => {
      if (g === null || !g.requiresGrad) return;
      const term = g.mul(tangents[i]!).sum();
      inner = inner === null ? term : inner.add(term);
    });
    if (inner === null) return [y.detach(), zerosLike(y)];
    const [ju] = gradients(inner, [v], { allowUnused: true });
    return [y.detach(), ju ?? zerosLike(y)];
  });
}

/**
 * `hessian(f)(x)`: the matrix of second derivatives of a one-element function of one tensor,
 * shaped [...x.shape, ...x.shape]. One backward pass per element of x.
 */
export function hessian(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  checkFunction('hessian', 'f', f);
  return (x: Tensor) => {
    asPrimals('hessian', [x], [0]);
    const primal = x.detach().requiresGrad_(true);
    return enableGrad(() => {
      const y = checkScalarOutput('hessian', f(primal));
      if (!y.requiresGrad || x.numel() === 0) return zeros([...x.shape, ...x.shape], { dtype: x.dtype });
      const [g] = gradients(y, [primal], { createGraph: true, allowUnused: true });
      const n = x.numel();
      const flat = g ? reshape(g, [n]) : null;
      const rows: Tensor[] = [];
      for (let i = 0; i < n; i++) {
        const gi = flat?.narrow(0, i, 1);
        const row = gi && gi.requiresGrad ? gradients(gi.sum(), [primal], { retainGraph: true, allowUnused: true })[0] : null;
        rows.push(row ? reshape(row, [n]) : zerosLike(primal).reshape([n]));
      }
      return reshape(stack(rows), [...x.shape, ...x.shape]);
    });
  };
}
