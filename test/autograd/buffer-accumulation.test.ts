/**
 * The engine sums a node's incoming gradients into a buffer it owns, in place after the first
 * sum (matmul and slice add into it themselves). A VJP may hand that buffer on unchanged (add's VJP returns g twice), so a buffer stops
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

  it('a tensor sliced at every step: later slices add their gradient into its part of the buffer', () => {
    const x = tensor([[1, 2], [3, 4], [5, 6], [7, 8]], { requiresGrad: true });
    const p = x.mul(2); // [4, 2], cut into its four rows as a recurrent layer cuts its input projection
    const rows = [3, 2, 1, 0].map((t) => p.select(0, t)); // used last to first, as a backward pass meets them
    const loss = rows.map((r, k) => r.mul(k + 1)).reduce((a, b) => a.add(b)).sum();
    const { calls } = traceKernels(() => loss.backward());
    // row t gets weight k + 1 with t = 3 − k, so d loss/dx[t] = 2·(4 − t) in both columns
    expect(Array.from(x.grad!.toTypedArray())).toEqual([8, 8, 6, 6, 4, 4, 2, 2]);
    // the first two slices' gradients are summed by one add of the full shape (the engine's buffer);
    // the other two are added into their rows only ([1, 2]: the slice before select drops its dim)
    const adds = calls.filter((c) => c.kernel === 'binary' && c.op === 'add');
    expect(adds.filter((c) => c.shape.join(',') === '4,2').length).toBe(1);
    expect(adds.filter((c) => c.shape.join(',') === '1,2').length).toBe(2);
  });

  it('slices that are not one contiguous run of the buffer (or have a step) still get their gradients', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { requiresGrad: true });
    const p = x.mul(1);
    // columns (strided in the buffer), then every other column, each weighted differently
    const parts = [p.select(1, 0).mul(1), p.select(1, 1).mul(2), p.select(1, 2).mul(3), p.slice(1, 0, 3, 2).mul(10)];
    parts.map((t) => t.sum()).reduce((a, b) => a.add(b)).backward();
    // column 0: 1 + 10, column 1: 2, column 2: 3 + 10
    expect(Array.from(x.grad!.toTypedArray())).toEqual([11, 2, 13, 11, 2, 13]);
    const y = tensor([1, 2, 3, 4, 5, 6], { requiresGrad: true });
    const q = y.mul(1);
    [q.slice(0, 0, 6, 2), q.slice(0, 1, 6, 2), q.slice(0, 0, 6, 3)].map((t, k) => t.sum().mul(k + 1)).reduce((a, b) => a.add(b)).backward();
    // even indices 1, odd 2, indices 0 and 3 also 3
    expect(Array.from(y.grad!.toTypedArray())).toEqual([4, 2, 1, 5, 1, 2]);
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
