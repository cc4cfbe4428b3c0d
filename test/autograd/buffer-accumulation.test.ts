/**
 * The engine sums a node's incoming gradients into a buffer it owns, in place after the first
 * sum. A VJP may hand that buffer on unchanged (add's VJP returns g twice), so a buffer stops
 * being owned once handed on: later sums into it must not change the other receivers' gradient.
 * Expected values are derived by hand.
 */
import { describe, expect, it } from 'vitest';
import { tensor, traceKernels } from '../../src/index.js';

describe('gradient buffers summed in place', () => {
  it('a summed buffer handed to two inputs is not changed by later sums (either order)', () => {
    for (const extrasFirst of [true, false]) {
      const x = tensor([1, 2], { requiresGrad: true });
      const y = tensor([3, 4], { requiresGrad: true });
      const p = x.mul(3);
      const q = y.mul(5);
      const s = p.add(q); // its gradient is a sum of two contributions, then handed to p and q as one tensor
      const sTerms = s.mul(2).add(s.mul(4));
      const extras = p.mul(7).add(q.mul(11)); // p and q get one more contribution each
      // the order of the terms decides whether those reach p and q before or after s's
      (extrasFirst ? extras.add(sTerms) : sTerms.add(extras)).sum().backward();
      // dL/ds = 2 + 4 = 6, so dL/dp = 6 + 7 and dL/dq = 6 + 11
      expect(Array.from(x.grad!.toTypedArray())).toEqual([3 * 13, 3 * 13]);
      expect(Array.from(y.grad!.toTypedArray())).toEqual([5 * 17, 5 * 17]);
    }
  });

  it('a tensor used five times gets the sum of its five contributions', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const h = x.mul(2);
    const terms = [h.mul(1), h.mul(2), h.mul(3), h.mul(4), h.mul(5)];
    const loss = terms.reduce((a, b) => a.add(b)).sum();
    loss.backward();
    // d loss/dh = 1 + 2 + 3 + 4 + 5 = 15, d/dx = 30
    expect(Array.from(x.grad!.toTypedArray())).toEqual([30, 30, 30]);
  });

  it('a matrix used at every step: later steps add their gradient into its buffer inside matmul', () => {
    const w = tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true });
    const wT = w.t(); // [2, 3], one node shared by all steps, as the RNN/LSTM layers do
    const xs = [[[1, 0]], [[0, 1]], [[1, 1]], [[2, -1]], [[0, 3]]].map((r) => tensor(r));
    const loss = xs.map((x) => x.matmul(wT)).reduce((a, b) => a.add(b)).sum();
    const { calls } = traceKernels(() => loss.backward());
    // d loss/d wT[i, j] = Σ_t x_t[i] = (1 + 0 + 1 + 2 + 0, 0 + 1 + 1 − 1 + 3) = (4, 4) for every j,
    // so every row of d loss/dW is [4, 4]
    expect(Array.from(w.grad!.toTypedArray())).toEqual([4, 4, 4, 4, 4, 4]);
    // the first two contributions are summed by one add (which makes the engine's buffer); the
    // other three are added into it by the matmuls themselves
    expect(calls.filter((c) => c.kernel === 'binary' && c.op === 'add' && c.shape.join(',') === '2,3').length).toBe(1);
    expect(calls.filter((c) => c.kernel === 'matmul').length).toBe(5);
  });

  it('under createGraph every sum stays differentiable', () => {
    const x = tensor([0.5, -1], { requiresGrad: true });
    const h = x.mul(x); // h = x², used three times
    const loss = h.mul(1).add(h.mul(2)).add(h.mul(3)).sum(); // 6·x²
    loss.backward(undefined, { createGraph: true });
    const g = x.grad!; // 12x
    expect(Array.from(g.toTypedArray())).toEqual([6, -12]);
    x.grad = null;
    g.sum().backward(); // d(Σ 12x)/dx = 12
    expect(Array.from(x.grad!.toTypedArray())).toEqual([12, 12]);
  });
});
