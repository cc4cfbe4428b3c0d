/**
 * Tensor hooks (registerHook) and retainGrad: what gradient a hook sees, replacing the gradient,
 * removing hooks, and the per-step gradients of an unrolled scalar RNN.
 */
import { describe, expect, it } from 'vitest';
import { AutogradError, tensor, type Tensor } from '../../src/index.js';
import { expectClose, f64 } from './support.js';

describe('registerHook', () => {
  it('a hook on a leaf sees the gradient that is about to be accumulated', () => {
    // y = Σ 3x → dy/dx = [3, 3]
    const x = f64([1, 2], true);
    const seen: unknown[] = [];
    x.registerHook((g) => {
      seen.push(g.toArray());
    });
    x.mul(3).sum().backward();
    expect(seen).toEqual([[3, 3]]);
    expectClose(x.grad!, [3, 3]);
  });

  it('a hook on a non-leaf sees dy/dh', () => {
    // h = x², y = Σ 5h: dy/dh = 5, dy/dx = 5·2x
    const x = f64([1, -2], true);
    const h = x.mul(x);
    const seen: unknown[] = [];
    h.registerHook((g) => {
      seen.push(g.toArray());
    });
    h.mul(5).sum().backward();
    expect(seen).toEqual([[5, 5]]);
    expectClose(x.grad!, [10, -20]);
  });

  it('a hook that returns a tensor replaces the gradient downstream', () => {
    // h = x², y = Σ h; the hook doubles dy/dh = 1 → 2, so x.grad = 2·2x
    const x = f64([1, 3], true);
    const h = x.mul(x);
    h.registerHook((g) => g.mul(2));
    h.sum().backward();
    expectClose(x.grad!, [4, 12]);
  });

  it('a replacing hook on a leaf changes what is accumulated', () => {
    const x = f64([1, 3], true);
    x.registerHook((g) => g.add(100));
    x.mul(2).sum().backward(); // 2 + 100
    expectClose(x.grad!, [102, 102]);
  });

  it('several hooks run in registration order, each seeing the previous one’s replacement', () => {
    const x = f64(1, true);
    const h = x.mul(1);
    const seen: number[] = [];
    h.registerHook((g) => {
      seen.push(g.item());
      return g.mul(3);
    });
    h.registerHook((g) => {
      seen.push(g.item());
      return g.add(1);
    });
    h.mul(2).backward(); // dy/dh = 2 → 6 → 7, dy/dx = 7
    expect(seen).toEqual([2, 6]);
    expectClose(x.grad!, 7);
  });

  it('remove() unregisters the hook', () => {
    const x = f64([1, 2], true);
    let calls = 0;
    const handle = x.registerHook((g) => {
      calls++;
      return g.mul(10);
    });
    x.sum().backward();
    expect(calls).toBe(1);
    expectClose(x.grad!, [10, 10]);
    handle.remove();
    handle.remove(); // removing twice is harmless
    x.grad = null;
    x.sum().backward();
    expect(calls).toBe(1);
    expectClose(x.grad!, [1, 1]);
  });

  it('a hook that changes the shape is rejected', () => {
    const x = f64([1, 2], true);
    const h = x.mul(2);
    h.registerHook(() => f64([1, 2, 3]));
    expect(() => h.sum().backward()).toThrow(/registerHook.*\[3\].*\[2\]/);
  });

  it('a tensor that does not require grad cannot take a hook', () => {
    expect(() => f64([1]).registerHook(() => undefined)).toThrow(AutogradError);
  });

  it('hooks see dy/dh_t at every step of an unrolled tanh RNN', () => {
    // h_t = tanh(w·h_{t−1} + u_t), h_0 = 0, y = h_T.
    // dy/dh_T = 1 and dy/dh_{t−1} = dy/dh_t · w·(1 − h_t²), so dy/dh_t = Π_{k=t+1..T} w(1 − h_k²).
    const W = 0.8;
    const us = [0.5, -1, 0.25, 2, -0.3];
    const hs = [0];
    for (const u of us) hs.push(Math.tanh(W * hs[hs.length - 1]! + u));
    const T = us.length;
    const expected = new Array<number>(T + 1);
    expected[T] = 1;
    for (let t = T; t >= 1; t--) expected[t - 1] = expected[t]! * W * (1 - hs[t]! ** 2);

    const w = f64(W, true);
    const seen = new Map<number, number>();
    let h: Tensor = f64(0);
    for (let t = 1; t <= T; t++) {
      h = w.mul(h).add(f64(us[t - 1]!)).tanh();
      const step = t;
      h.registerHook((g) => {
        seen.set(step, g.item());
      });
    }
    h.backward();
    for (let t = 1; t <= T; t++) expectClose(seen.get(t)!, expected[t]!);
    // dy/dw = Σ_t dy/dh_t · (1 − h_t²) · h_{t−1}
    let dw = 0;
    for (let t = 1; t <= T; t++) dw += expected[t]! * (1 - hs[t]! ** 2) * hs[t - 1]!;
    expectClose(w.grad!, dw);
  });
});

describe('retainGrad', () => {
  it('keeps the gradients of intermediates of the scalar linear RNN (values by hand)', () => {
    // q = w·u1, r = u2 + q, s = w·r, t = s + u3, y = w·t  (w = 0.5, u = 1.5, −2, 3)
    // dy/dt = w, dy/ds = w, dy/dr = w², dy/dq = w², dy/dw = 3w²u1 + 2w·u2 + u3
    const W = 0.5;
    const [U1, U2, U3] = [1.5, -2, 3];
    const w = f64(W, true);
    const q = w.mul(f64(U1)).retainGrad();
    const r = f64(U2).add(q).retainGrad();
    const s = w.mul(r).retainGrad();
    const t = s.add(f64(U3)).retainGrad();
    const y = w.mul(t).retainGrad();
    y.backward();
    expectClose(y.grad!, 1);
    expectClose(t.grad!, W);
    expectClose(s.grad!, W);
    expectClose(r.grad!, W * W);
    expectClose(q.grad!, W * W);
    expectClose(w.grad!, 3 * W * W * U1 + 2 * W * U2 + U3);
    expect(q.retainsGrad).toBe(true);
  });

  it('a retained gradient accumulates over passes, like a leaf’s', () => {
    // h = 2x, y = h²: dy/dh = 2h = 4x = 12 at x = 3
    const x = f64(3, true);
    const h = x.mul(2).retainGrad();
    const y = h.mul(h);
    y.backward(undefined, { retainGraph: true });
    expectClose(h.grad!, 12);
    y.backward();
    expectClose(h.grad!, 24);
  });

  it('retainGrad sees the gradient after the tensor’s hooks', () => {
    const x = f64(1, true);
    const h = x.mul(1).retainGrad();
    h.registerHook((g) => g.mul(5));
    h.mul(2).backward();
    expectClose(h.grad!, 10);
    expectClose(x.grad!, 10);
  });

  it('on a leaf it is a no-op and on a tensor without grad it throws', () => {
    const x = f64(1, true);
    expect(x.retainGrad()).toBe(x);
    expect(() => f64(1).retainGrad()).toThrow(AutogradError);
    expect(tensor(1).retainsGrad).toBe(false);
  });
});
