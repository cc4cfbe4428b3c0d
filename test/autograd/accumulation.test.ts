/**
 * How backward() accumulates into `.grad`: repeated passes, zeroing, fan-out, diamonds, explicit
 * seed gradients, the `inputs` option, and leaves that do not require grad.
 * Every expected value is derived by hand in the comment next to it.
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '../../src/index.js';
import { expectClose, f64 } from './support.js';

describe('accumulation into .grad', () => {
  it('a second backward with retainGraph adds the same gradient again', () => {
    // y = Σ x², dy/dx = 2x = [2, 4, -6]; two passes → 4x
    const x = f64([1, 2, -3], true);
    const y = x.mul(x).sum();
    y.backward(undefined, { retainGraph: true });
    expectClose(x.grad!, [2, 4, -6]);
    y.backward();
    expectClose(x.grad!, [4, 8, -12]);
  });

  it('accumulates across separate graphs built from the same leaf', () => {
    // y1 = Σ 3x → 3; y2 = Σ x³ → 3x² = [3, 12]; total [6, 15]
    const x = f64([1, 2], true);
    x.mul(3).sum().backward();
    x.pow(3).sum().backward();
    expectClose(x.grad!, [6, 15]);
  });

  it('x.grad = null starts the accumulation afresh', () => {
    const x = f64([1, 2], true);
    x.mul(x).sum().backward();
    x.grad = null;
    x.mul(5).sum().backward(); // d(5x) = 5
    expectClose(x.grad!, [5, 5]);
  });

  it('x.grad.zero_() zeroes in place and the next backward accumulates into the same tensor', () => {
    const x = f64([1, 2], true);
    x.mul(x).sum().backward();
    const g = x.grad!;
    g.zero_();
    expectClose(x.grad!, [0, 0]);
    x.mul(5).sum().backward();
    expect(x.grad).toBe(g);
    expectClose(g, [5, 5]);
  });

  it('the first accumulated gradient is a private copy: the seed gradient is never written to', () => {
    // y = x (a copy), seed v: x.grad = v; a second pass adds v again, and v itself stays as it was
    const x = f64([1, 2], true);
    const y = x.clone();
    const v = f64([10, 20]);
    y.backward(v, { retainGraph: true });
    y.backward(v);
    expectClose(x.grad!, [20, 40]);
    expectClose(v, [10, 20]);
  });

  it('under createGraph too, the seed gradient is copied, not stored (later passes would write into it)', () => {
    const x = f64([1, 2], true);
    const v = f64([10, 20]);
    x.clone().backward(v, { createGraph: true });
    x.mul(f64([1, 1])).sum().backward(); // + [1, 1]
    expectClose(x.grad!, [11, 21]);
    expectClose(v, [10, 20]);
  });

  it('a gradient first stored under createGraph (sum’s expanded ones) accumulates elementwise later', () => {
    // d Σ x = [1, 1] (an expanded view inside sum's VJP); then d Σ x⊙[2, 3] = [2, 3] → [3, 4]
    const x = f64([1, 2], true);
    x.sum().backward(undefined, { createGraph: true });
    x.mul(f64([2, 3])).sum().backward();
    expectClose(x.grad!, [3, 4]);
  });

  it('fan-out: a tensor used several times receives the sum of its gradients', () => {
    // a = eˣ, y = a² + a: dy/da = 2a + 1, dy/dx = (2a + 1)·a = 2e²ˣ + eˣ
    const xs = [0.3, -1.2];
    const x = f64(xs, true);
    const a = x.exp();
    a.mul(a).add(a).sum().backward();
    expectClose(x.grad!, xs.map((v) => 2 * Math.exp(2 * v) + Math.exp(v)));
  });

  it('diamond: two branches from one node meet again', () => {
    // a = 2x; y = sin(a)·cos(a) = ½ sin(2a) = ½ sin(4x) → dy/dx = 2 cos(4x)
    const xs = [0.1, 0.7, -2];
    const x = f64(xs, true);
    const a = x.mul(2);
    a.sin().mul(a.cos()).sum().backward();
    expectClose(x.grad!, xs.map((v) => 2 * Math.cos(4 * v)));
  });

  it('the same leaf in many places, including both operands of one op', () => {
    // y = x·x·x + (x + x) + x·x → 3x² + 2 + 2x
    const xs = [-1.5, 0.5, 2];
    const x = f64(xs, true);
    x.mul(x).mul(x).add(x.add(x)).add(x.mul(x)).sum().backward();
    expectClose(x.grad!, xs.map((v) => 3 * v * v + 2 + 2 * v));
  });

  it('non-scalar backward uses the explicit gradient as the seed (a vector-Jacobian product)', () => {
    // y = x², seed v: x.grad = v ⊙ 2x
    const x = f64([[1, 2], [3, 4]], true);
    x.mul(x).backward(f64([[1, 10], [100, 1000]]));
    expectClose(x.grad!, [[2, 40], [600, 8000]]);
  });

  it('backward(g, { inputs }) accumulates only into the listed leaves', () => {
    // y = a·b + c: dy/da = b = 3, dy/db = a = 2, dy/dc = 1; only a is listed
    const a = f64(2, true);
    const b = f64(3, true);
    const c = f64(4, true);
    const y = a.mul(b).add(c);
    y.backward(undefined, { inputs: [a] });
    expectClose(a.grad!, 3);
    expect(b.grad).toBeNull();
    expect(c.grad).toBeNull();
  });

  it('backward with inputs listing several leaves, one of them unused by the output', () => {
    // y = a·b: dy/db = a = 2; u is not in the graph and keeps null
    const a = f64(2, true);
    const b = f64(3, true);
    const u = f64(7, true);
    a.mul(b).backward(undefined, { inputs: [b, u] });
    expectClose(b.grad!, 2);
    expect(a.grad).toBeNull();
    expect(u.grad).toBeNull();
  });

  it('leaves that do not require grad keep grad null', () => {
    // y = Σ w·x with x constant: dy/dw = x, x gets nothing
    const w = f64([1, 2], true);
    const x = f64([5, 6]);
    w.mul(x).sum().backward();
    expectClose(w.grad!, [5, 6]);
    expect(x.grad).toBeNull();
    expect(x.requiresGrad).toBe(false);
  });

  it('non-leaf tensors do not keep a gradient unless retainGrad() was called', () => {
    const x = f64(2, true);
    const h = x.mul(3);
    h.mul(h).backward(); // d(9x²) = 18x = 36
    expect(h.grad).toBeNull();
    expectClose(x.grad!, 36);
  });

  it('float32 leaves accumulate in float32', () => {
    // y = Σ x·x with x = [0.5, 1.5]: 2x = [1, 3], exactly representable
    const x = tensor([0.5, 1.5], { requiresGrad: true });
    x.mul(x).sum().backward();
    expect(x.grad!.dtype).toBe('float32');
    expect(x.grad!.toArray()).toEqual([1, 3]);
  });
});
