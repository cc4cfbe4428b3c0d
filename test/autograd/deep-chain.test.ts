/**
 * Deep graphs: a 100,000-node chain must go forward and backward without recursion (no stack
 * overflow), give the hand-derived gradient, and finish in a few seconds; printing it too.
 */
import { describe, expect, it } from 'vitest';
import { printGraph, toDot, type Tensor } from '../../src/index.js';
import { expectClose, f64 } from './support.js';

const N = 100_000;

describe('a 100,000-node chain', () => {
  it('y = x·c^N by repeated mul: dy/dx = c^N, no stack overflow, a few seconds at most', () => {
    // Each step multiplies by c, so y = x·c^N and dy/dx = c^N (rounding: N·ε ≈ 1e-11 relative).
    const c = 1.000001;
    const x = f64(0.5, true);
    const start = performance.now();
    let h: Tensor = x;
    for (let i = 0; i < N; i++) h = h.mul(c);
    h.backward();
    const seconds = (performance.now() - start) / 1000;
    expectClose(h, 0.5 * c ** N, 0, 1e-9);
    expectClose(x.grad!, c ** N, 0, 1e-9);
    expect(seconds).toBeLessThan(10);
  });

  it('an unrolled chain that reuses one weight at every step: y = h_N with h_t = h_{t−1} + w, dy/dw = N', () => {
    const w = f64(0.25, true);
    let h: Tensor = f64(0);
    for (let i = 0; i < N; i++) h = h.add(w);
    h.backward();
    expectClose(h, 0.25 * N);
    expectClose(w.grad!, N);
  });

  it('printGraph and toDot walk the chain without recursion', () => {
    const x = f64(1, true);
    x.name = 'x';
    let h: Tensor = x;
    for (let i = 0; i < N; i++) h = h.add(1);
    const text = printGraph(h);
    const lines = text.split('\n');
    // header + N AddBackward nodes + the leaf's AccumulateGrad
    expect(lines.length).toBe(N + 2);
    expect(lines[1]).toContain('AddBackward');
    expect(lines[lines.length - 1]).toContain('AccumulateGrad → x [] float64');
    // indentation is capped, so the text grows linearly with depth
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(300);
    const dot = toDot(h);
    expect(dot.split('\n').filter((l) => l.includes('AddBackward')).length).toBe(N);
  });
});
