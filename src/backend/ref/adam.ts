/**
 * One Adam update in place, the reference kernel (optim/adam.ts's one-pass step): each element's
 * moments and parameter, in PyTorch's order of operations. float32 rounds after every operation
 * (Math.fround), each scalar operand first, as the chain of float32 ops does; float64 rounds
 * nowhere in between.
 * @module
 */
import type { FloatView } from '../backend.js';

export function adamStep(param: FloatView, grad: FloatView, expAvg: FloatView, expAvgSq: FloatView, scalars: readonly number[]): void {
  const [beta1, beta2, c2, eps, stepSize] = scalars as [number, number, number, number, number];
  const [p, g, m, v] = [param.storage, grad.storage, expAvg.storage, expAvgSq.storage];
  const [po, go, mo, vo] = [param.offset, grad.offset, expAvg.offset, expAvgSq.offset];
  const n = param.shape.reduce((a, b) => a * b, 1);
  if (p instanceof Float32Array) {
    // the scalar operands as the float32 ops see them
    const r = Math.fround;
    const b1 = r(beta1), a1 = r(1 - beta1), b2 = r(beta2), a2 = r(1 - beta2);
    const c = r(c2), e = r(eps), step = r(-stepSize);
    for (let i = 0; i < n; i++) {
      const gi = g[go + i]!;
      const mi = r(r(m[mo + i]! * b1) + r(a1 * gi)); // expAvg.mul_(β1).add_(g, 1 − β1)
      const vi = r(r(v[vo + i]! * b2) + r(a2 * r(gi * gi))); // expAvgSq.mul_(β2).add_(g·g, 1 − β2)
      const denom = r(r(r(Math.sqrt(vi)) / c) + e); // √v / √(1 − β2^t) + ε
      m[mo + i] = mi;
      v[vo + i] = vi;
      p[po + i] = r(p[po + i]! + r(step * r(mi / denom))); // param.add_(m / denom, −stepSize)
    }
    return;
  }
  // float64: the same steps, no rounding between them
  for (let i = 0; i < n; i++) {
    const gi = g[go + i]!;
    const mi = m[mo + i]! * beta1 + (1 - beta1) * gi;
    const vi = v[vo + i]! * beta2 + (1 - beta2) * (gi * gi);
    m[mo + i] = mi;
    v[vo + i] = vi;
    p[po + i] = p[po + i]! + -stepSize * (mi / (Math.sqrt(vi) / c2 + eps));
  }
}
