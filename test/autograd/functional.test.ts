/**
 * The functional API: grad, valueAndGrad (argnums), vjp, jvp, hessian and nested grad(grad(f)),
 * checked against closed forms derived by hand.
 */
import { describe, expect, it } from 'vitest';
import { AutogradError, grad, gradients, hessian, jvp, tensor, valueAndGrad, vjp, type Tensor } from '../../src/index.js';
import { expectClose, f64 } from './support.js';

describe('grad and valueAndGrad', () => {
  it('grad(f)(x) = ∇f without touching x', () => {
    // f = Σ x³ → 3x²
    const x = f64([1, -2, 0.5]);
    const g = grad((t) => t.pow(3).sum())(x) as Tensor;
    expectClose(g, [3, 12, 0.75]);
    expect(x.requiresGrad).toBe(false);
    expect(x.grad).toBeNull();
    expect(g.requiresGrad).toBe(false);
  });

  it('valueAndGrad returns f(x) and the gradient w.r.t. argnums (a number → one tensor)', () => {
    // f(x, y) = Σ x·y + Σ y: ∂f/∂y = x + 1
    const f = (x: Tensor, y: Tensor): Tensor => x.mul(y).sum().add(y.sum());
    const x = f64([1, 2]);
    const y = f64([3, 4]);
    const [value, gy] = valueAndGrad(f, { argnums: 1 })(x, y);
    expectClose(value, 1 * 3 + 2 * 4 + 3 + 4);
    expectClose(gy as Tensor, [2, 3]);
  });

  it('argnums as an array returns an array of gradients, in the listed order', () => {
    const f = (x: Tensor, y: Tensor): Tensor => x.mul(y).sum().add(y.sum());
    const [, grads] = valueAndGrad(f, { argnums: [1, 0] })(f64([1, 2]), f64([3, 4]));
    const [gy, gx] = grads as Tensor[];
    expectClose(gy!, [2, 3]); // x + 1
    expectClose(gx!, [3, 4]); // y
  });

  it('an argument the function does not use gets a zero gradient', () => {
    const [gx, gz] = grad((x: Tensor, _z: Tensor) => x.sum(), { argnums: [0, 1] })(f64([1]), f64([5, 6])) as Tensor[];
    expectClose(gx!, [1]);
    expectClose(gz!, [0, 0]);
  });

  it('rejects argnums out of range and non-scalar outputs', () => {
    expect(() => grad((x) => x.sum(), { argnums: 2 })(f64([1]))).toThrow(AutogradError);
    expect(() => grad((x) => x.sum(), { argnums: 2 })(f64([1]))).toThrow(/argnums 2 is out of range for 1 arguments/);
    expect(() => grad((x) => x.mul(2))(f64([1, 2]))).toThrow(/one-element tensor, got shape \[2\]/);
  });

  it('nested grad(grad(f)): d²/dx² x⁴ = 12x²', () => {
    const f = (x: Tensor): Tensor => x.pow(4);
    const d2 = grad(grad(f) as (x: Tensor) => Tensor)(f64(1.5)) as Tensor;
    expectClose(d2, 12 * 1.5 ** 2);
  });

  it('three levels: d³/dx³ sin = −cos', () => {
    const d1 = grad((x) => x.sin()) as (x: Tensor) => Tensor;
    const d2 = grad(d1) as (x: Tensor) => Tensor;
    const d3 = grad(d2) as (x: Tensor) => Tensor;
    expectClose(d3(f64(0.7)), -Math.cos(0.7));
  });

  it('grad of a function that itself uses valueAndGrad w.r.t. another argument', () => {
    // inner: ∂/∂y (x·y²) = 2xy; outer: ∂/∂x (2xy) = 2y
    const inner = (x: Tensor, y: Tensor): Tensor => (grad((a: Tensor, b: Tensor) => a.mul(b).mul(b), { argnums: 1 })(x, y) as Tensor);
    const outer = grad(inner, { argnums: 0 })(f64(3), f64(-2)) as Tensor;
    expectClose(outer, -4);
  });
});

describe('vjp', () => {
  it('f(x) = A x: the pullback is v ↦ Aᵀ v, and can be called repeatedly', () => {
    const A = f64([[1, 2, 3], [4, 5, 6]]);
    const [y, pullback] = vjp((x) => A.matmul(x), f64([1, 0, -1]));
    expectClose(y, [-2, -2]);
    expectClose(pullback(f64([1, 0]))[0]!, [1, 2, 3]);
    expectClose(pullback(f64([1, -1]))[0]!, [-3, -3, -3]);
  });

  it('two primals: f(x, y) = x ⊙ y pulls v back to (v ⊙ y, v ⊙ x)', () => {
    const [, pullback] = vjp((x, y) => x.mul(y), f64([1, 2]), f64([3, 4]));
    const [gx, gy] = pullback(f64([10, 100]));
    expectClose(gx!, [30, 400]);
    expectClose(gy!, [10, 200]);
  });
});

describe('jvp', () => {
  it('f(x) = A x: J u = A u, and the value is f(x)', () => {
    const A = f64([[1, 2, 3], [4, 5, 6]]);
    const [y, ju] = jvp((x) => A.matmul(x), [f64([1, 0, -1])], [f64([0, 1, 2])]);
    expectClose(y, [-2, -2]);
    expectClose(ju, [8, 17]);
  });

  it('elementwise sin: J u = cos(x) ⊙ u', () => {
    const xs = [0.1, -0.4, 2];
    const us = [1, 2, -3];
    const [, ju] = jvp((x) => x.sin(), [f64(xs)], [f64(us)]);
    expectClose(ju, xs.map((v, i) => Math.cos(v) * us[i]!));
  });

  it('two primals: d(x ⊙ y)[u, w] = u ⊙ y + x ⊙ w', () => {
    const [, ju] = jvp((x, y) => x.mul(y), [f64([1, 2]), f64([3, 4])], [f64([1, 0]), f64([0, 1])]);
    expectClose(ju, [3, 2]);
  });

  it('rejects a tangent of the wrong shape', () => {
    expect(() => jvp((x) => x.sin(), [f64([1, 2])], [f64([1])])).toThrow(/tangent 0 has shape \[1\] but primal 0 has \[2\]/);
  });
});

describe('hessian', () => {
  it('of ½ xᵀ A x is (A + Aᵀ)/2 for a non-symmetric A', () => {
    const a = [[2, 1, 0], [3, -1, 4], [0, 5, 1]];
    const A = f64(a);
    const H = hessian((x) => x.matmul(A.matmul(x)).mul(0.5))(f64([0.3, -1, 2]));
    expect(H.shape).toEqual([3, 3]);
    expectClose(H, a.map((row, i) => row.map((v, j) => (v + a[j]![i]!) / 2)));
  });

  it('of Σ x_i³ is diag(6x)', () => {
    const xs = [1, -2, 0.5];
    const H = hessian((x) => x.pow(3).sum())(f64(xs));
    expectClose(H, xs.map((v, i) => xs.map((_, j) => (i === j ? 6 * v : 0))));
  });

  it('of logsumexp is diag(p) − p pᵀ with p = softmax(x)', () => {
    const xs = [0.5, -1, 2, 0];
    const e = xs.map(Math.exp);
    const z = e.reduce((s, v) => s + v, 0);
    const p = e.map((v) => v / z);
    const H = hessian((x) => x.logsumexp(0))(f64(xs));
    expectClose(H, p.map((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj)), 1e-14, 1e-12);
  });

  it('of a function of a matrix has shape [...x.shape, ...x.shape]', () => {
    // f = Σ c_ij x_ij²: ∂²f/∂x_ij∂x_kl = 2c_ij when (i,j) = (k,l), else 0
    const c = [[1, 2], [3, 4]];
    const H = hessian((x) => x.mul(x).mul(f64(c)).sum())(f64([[1, 1], [1, 1]]));
    expect(H.shape).toEqual([2, 2, 2, 2]);
    const expected = c.map((row, i) => row.map((cij, j) => c.map((r, k) => r.map((_, l) => (i === k && j === l ? 2 * cij : 0)))));
    expectClose(H, expected);
  });

  it('of a linear function is zero', () => {
    const H = hessian((x) => x.mul(3).sum())(f64([1, 2]));
    expectClose(H, [[0, 0], [0, 0]]);
  });

  it('works in float32 with float32 results', () => {
    const H = hessian((x) => x.pow(3).sum())(tensor([1, 2]));
    expect(H.dtype).toBe('float32');
    expectClose(H, [[6, 0], [0, 12]]);
  });
});

describe('gradients (torch.autograd.grad)', () => {
  it('takes gradOutputs as one tensor for one output, as torch.autograd.grad takes grad_outputs', () => {
    // y = x², so the vector-Jacobian product with v is 2x·v
    const x = f64([1, -2, 3]).requiresGrad_(true);
    const v = f64([1, 0.5, -1]);
    const [one] = gradients(x.pow(2), x, { gradOutputs: v });
    const [listed] = gradients(x.pow(2), x, { gradOutputs: [v] });
    expectClose(one!, [2, -2, -6]);
    expectClose(listed!, [2, -2, -6]);
  });

  it('rejects gradOutputs that is neither a tensor nor an array, naming the option', () => {
    const x = f64([1, 2]).requiresGrad_(true);
    expect(() => gradients(x.pow(2), x, { gradOutputs: 3 as never })).toThrow(AutogradError);
    expect(() => gradients(x.pow(2), x, { gradOutputs: 3 as never })).toThrow(/gradients: gradOutputs must be a tensor or an array of tensors \(or nulls\), got/);
  });
});
