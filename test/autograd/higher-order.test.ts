/**
 * Higher-order derivatives through createGraph: each VJP is written with tensor ops, so running
 * backward with createGraph records it and it can be differentiated again. Closed forms by hand.
 */
import { describe, expect, it } from 'vitest';
import { gradients, type Tensor } from '../../src/index.js';
import { expectClose, f64 } from './support.js';

/** d/dx of Σ f(x) twice: returns [f'(x), f''(x)] elementwise. */
function firstAndSecond(f: (x: Tensor) => Tensor, x: Tensor): [Tensor, Tensor] {
  const [g1] = gradients(f(x).sum(), x, { createGraph: true });
  const [g2] = gradients(g1!.sum(), x);
  return [g1!, g2!];
}

describe('derivatives of derivatives', () => {
  it('x³: first 3x², second 6x, third 6', () => {
    const xs = [-1, 0.5, 2];
    const x = f64(xs, true);
    const [g1] = gradients(x.pow(3).sum(), x, { createGraph: true });
    expectClose(g1!, xs.map((v) => 3 * v * v));
    expect(g1!.requiresGrad).toBe(true);
    const [g2] = gradients(g1!.sum(), x, { createGraph: true });
    expectClose(g2!, xs.map((v) => 6 * v));
    const [g3] = gradients(g2!.sum(), x);
    expectClose(g3!, [6, 6, 6]);
    expect(g3!.requiresGrad).toBe(false);
  });

  it('x·x·x (three uses of x) gives the same derivatives as pow', () => {
    const xs = [-1, 0.5, 2];
    const [, g2] = firstAndSecond((x) => x.mul(x).mul(x), f64(xs, true));
    expectClose(g2, xs.map((v) => 6 * v));
  });

  it('backward({ createGraph }) leaves a differentiable x.grad', () => {
    // y = Σ x³, x.grad = 3x², d/dx Σ x.grad = 6x
    const x = f64([1, -2], true);
    x.pow(3).sum().backward(undefined, { createGraph: true });
    expect(x.grad!.requiresGrad).toBe(true);
    const [h] = gradients(x.grad!.sum(), x);
    expectClose(h!, [6, -12]);
  });

  it('mixed partials of f = x·y²: f_x = y², f_y = 2xy, f_xy = f_yx = 2y, f_yy = 2x, f_xx = 0', () => {
    const X = 1.5;
    const Y = -0.5;
    const x = f64(X, true);
    const y = f64(Y, true);
    const f = x.mul(y.mul(y));
    const [fx, fy] = gradients(f, [x, y], { createGraph: true });
    expectClose(fx!, Y * Y);
    expectClose(fy!, 2 * X * Y);
    const [fxx, fxy] = gradients(fx!, [x, y], { retainGraph: true, allowUnused: true });
    expect(fxx).toBeNull(); // f_x = y² does not depend on x at all
    expectClose(fxy!, 2 * Y);
    const [fyx, fyy] = gradients(fy!, [x, y]);
    expectClose(fyx!, 2 * Y);
    expectClose(fyy!, 2 * X);
  });

  const xs = [-1.3, 0.2, 0.9];
  const cases: [string, (x: Tensor) => Tensor, (v: number) => number, (v: number) => number][] = [
    // tanh' = 1 − t², tanh'' = −2t(1 − t²)
    ['tanh', (x) => x.tanh(), (v) => 1 - Math.tanh(v) ** 2, (v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2)],
    // σ' = σ(1 − σ), σ'' = σ(1 − σ)(1 − 2σ)
    ['sigmoid', (x) => x.sigmoid(), (v) => sig(v) * (1 - sig(v)), (v) => sig(v) * (1 - sig(v)) * (1 - 2 * sig(v))],
    // exp' = exp'' = eˣ
    ['exp', (x) => x.exp(), Math.exp, Math.exp],
    // log(x + 2): 1/(x + 2), −1/(x + 2)²
    ['log', (x) => x.add(2).log(), (v) => 1 / (v + 2), (v) => -1 / (v + 2) ** 2],
    // sin: cos, −sin
    ['sin', (x) => x.sin(), Math.cos, (v) => -Math.sin(v)],
    // 1/x: −1/x², 2/x³
    ['reciprocal', (x) => x.reciprocal(), (v) => -1 / v ** 2, (v) => 2 / v ** 3],
    // √(x + 2): ½(x+2)^(−½), −¼(x+2)^(−3/2)
    ['sqrt', (x) => x.add(2).sqrt(), (v) => 0.5 / Math.sqrt(v + 2), (v) => -0.25 * (v + 2) ** -1.5],
  ];
  for (const [name, f, d1, d2] of cases) {
    it(`grad of grad through ${name}`, () => {
      const [g1, g2] = firstAndSecond(f, f64(xs, true));
      expectClose(g1, xs.map(d1), 1e-12, 1e-12);
      expectClose(g2, xs.map(d2), 1e-12, 1e-12);
    });
  }

  it('grad of grad through matmul and sum: f(x) = Σ (A x)², ∇f = 2AᵀAx, ∇²f = 2AᵀA', () => {
    // A = [[1, 2, 0], [0, −1, 3]]: AᵀA = [[1, 2, 0], [2, 5, −3], [0, −3, 9]]
    const A = f64([[1, 2, 0], [0, -1, 3]]);
    const X = [1, -1, 2];
    const x = f64(X, true);
    const [g] = gradients(A.matmul(x).pow(2).sum(), x, { createGraph: true });
    // Ax = [−1, 7], 2Aᵀ(Ax) = 2·[−1, −2 − 7, 21] = [−2, −18, 42]
    expectClose(g!, [-2, -18, 42]);
    const rows = [0, 1, 2].map((i) => gradients(g!.narrow(0, i, 1).sum(), x, { retainGraph: true })[0]!.toArray());
    expectClose(f64(rows as number[][]), [[2, 4, 0], [4, 10, -6], [0, -6, 18]]);
  });

  it('grad of grad through sum: f = (Σx)², ∂f/∂x_i = 2Σx, ∂²f/∂x_i∂x_j = 2', () => {
    const x = f64([1, 2, -0.5], true);
    const s = x.sum();
    const [g] = gradients(s.mul(s), x, { createGraph: true });
    expectClose(g!, [5, 5, 5]);
    // d/dx_j of g_0 = 2 for every j
    const [row] = gradients(g!.narrow(0, 0, 1).sum(), x);
    expectClose(row!, [2, 2, 2]);
  });

  it('grad of grad w.r.t. a matrix: f(W) = Σ (W v)³', () => {
    // f = Σ_i (w_i·v)³ with rows w_i; ∂f/∂W_ij = 3 (w_i·v)² v_j;
    // s = Σ_ij ∂f/∂W_ij = 3 (w_i·v)² Σv per row; ∂s/∂W_ij = 6 (w_i·v) (Σv) v_j
    const W = [[1, 0.5], [-1, 2]];
    const V = [2, -1];
    const w = f64(W, true);
    const v = f64(V);
    const [g] = gradients(w.matmul(v).pow(3).sum(), w, { createGraph: true });
    const [h] = gradients(g!.sum(), w);
    const dots = W.map((row) => row[0]! * V[0]! + row[1]! * V[1]!); // [1.5, −4]
    const sumV = V[0]! + V[1]!;
    expectClose(g!, W.map((_, i) => V.map((vj) => 3 * dots[i]! ** 2 * vj)));
    expectClose(h!, W.map((_, i) => V.map((vj) => 6 * dots[i]! * sumV * vj)));
  });
});

function sig(v: number): number {
  return 1 / (1 + Math.exp(-v));
}
