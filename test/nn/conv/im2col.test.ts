/**
 * The im2col/col2im primitives: they are adjoint (⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩) for any
 * geometry, they read strided inputs like contiguous ones, and padding positions hold the pad
 * value. Also float32 against float64.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator, randn, tensor } from '../../../src/index.js';
import type { WindowGeometry } from '../../../src/backend/backend.js';
import * as F from '../../../src/nn/functional/index.js';
import { col2im, im2col } from '../../../src/ops/unfold.js';

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

const geometryArb = fc
  .record({
    n: fc.integer({ min: 1, max: 2 }),
    c: fc.integer({ min: 1, max: 3 }),
    h: fc.integer({ min: 1, max: 6 }),
    w: fc.integer({ min: 1, max: 6 }),
    kh: fc.integer({ min: 1, max: 3 }),
    kw: fc.integer({ min: 1, max: 3 }),
    sh: fc.integer({ min: 1, max: 3 }),
    sw: fc.integer({ min: 1, max: 3 }),
    ph: fc.integer({ min: 0, max: 2 }),
    pw: fc.integer({ min: 0, max: 2 }),
    dh: fc.integer({ min: 1, max: 2 }),
    dw: fc.integer({ min: 1, max: 2 }),
    // extra windows past the end, as ceil mode and asymmetric 'same' padding produce
    extraH: fc.integer({ min: 0, max: 1 }),
    extraW: fc.integer({ min: 0, max: 1 }),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .map((g) => {
    const out = (size: number, k: number, s: number, p: number, d: number, extra: number): number => Math.max(1, Math.floor((size + 2 * p - d * (k - 1) - 1) / s) + 1 + extra);
    const geometry: WindowGeometry = {
      inputSize: [g.h, g.w],
      kernelSize: [g.kh, g.kw],
      stride: [g.sh, g.sw],
      padding: [g.ph, g.pw],
      dilation: [g.dh, g.dw],
      outputSize: [out(g.h, g.kh, g.sh, g.ph, g.dh, g.extraH), out(g.w, g.kw, g.sw, g.pw, g.dw, g.extraW)],
    };
    return { ...g, geometry };
  });

describe('im2col and col2im', () => {
  it('are adjoint for any geometry: ⟨im2col(x), c⟩ = ⟨x, col2im(c)⟩', () => {
    fc.assert(
      fc.property(geometryArb, ({ n, c, h, w, geometry, seed }) => {
        const gen = new Generator(seed);
        const x = randn([n, c, h, w], { dtype: 'float64', generator: gen });
        const cols = im2col(x, geometry);
        const probe = randn(cols.shape, { dtype: 'float64', generator: gen });
        const lhs = dot(cols.toTypedArray(), probe.toTypedArray());
        const rhs = dot(x.toTypedArray(), col2im(probe, geometry).toTypedArray());
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-10 * (1 + Math.abs(lhs)));
      }),
      { numRuns: 60, seed: 42 },
    );
  });

  it('read non-contiguous inputs like their contiguous copies', () => {
    const gen = new Generator(1);
    const geometry: WindowGeometry = { inputSize: [4, 5], kernelSize: [2, 3], stride: [1, 2], padding: [1, 1], dilation: [1, 1], outputSize: [5, 3] };
    const base = randn([5, 2, 4, 3], { dtype: 'float64', generator: gen }); // permuted → [3, 2, 4, 5]
    const x = base.permute(3, 1, 2, 0);
    expect(x.isContiguous()).toBe(false);
    expect(Array.from(im2col(x, geometry).toTypedArray())).toEqual(Array.from(im2col(x.contiguous(), geometry).toTypedArray()));
    const cols = randn([3, 12, 2, 15], { dtype: 'float64', generator: gen }).select(2, 1); // [3, 12, 15], strided
    expect(Array.from(col2im(cols, geometry).toTypedArray())).toEqual(Array.from(col2im(cols.contiguous(), geometry).toTypedArray()));
  });

  it('lay the same columns out by rows on request ([rows, N, L] in memory, strides [L, N·L, 1])', () => {
    // two 2×2 images 1…4 and 5…8, a 1×2 kernel: 2 rows (kj = 0, 1) of L = 2 windows (rows 0 and 1)
    const geometry: WindowGeometry = { inputSize: [2, 2], kernelSize: [1, 2], stride: [1, 1], padding: [0, 0], dilation: [1, 1], outputSize: [2, 1] };
    const x = tensor([[[[1, 2], [3, 4]]], [[[5, 6], [7, 8]]]]);
    const perImage = im2col(x, geometry);
    const byRows = im2col(x, geometry, 0, true);
    expect(perImage.shape).toEqual([2, 2, 2]);
    expect(Array.from(perImage.storage)).toEqual([1, 3, 2, 4, 5, 7, 6, 8]);
    expect(byRows.shape).toEqual([2, 2, 2]);
    expect(byRows.strides).toEqual([2, 4, 1]);
    expect(Array.from(byRows.storage)).toEqual([1, 3, 5, 7, 2, 4, 6, 8]);
    expect(byRows.toArray()).toEqual([[[1, 3], [2, 4]], [[5, 7], [6, 8]]]);
  });

  it('fill padding positions with the pad value', () => {
    // a 2×2 image, kernel 2, padding 1 → 3×3 windows of 4 entries = 36 entries; each pixel lies in
    // 4 windows, so 16 entries are pixels and 20 are padding
    const geometry: WindowGeometry = { inputSize: [2, 2], kernelSize: [2, 2], stride: [1, 1], padding: [1, 1], dilation: [1, 1], outputSize: [3, 3] };
    const values = Array.from(im2col(tensor([[[[1, 2], [3, 4]]]]), geometry, -Infinity).toTypedArray());
    expect(values.filter((v) => v === -Infinity).length).toBe(20);
    expect(values.filter((v) => v !== -Infinity).sort()).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4]);
  });

  it('give float32 results close to float64 ones', () => {
    const gen = new Generator(2);
    const x = randn([2, 3, 7, 6], { dtype: 'float64', generator: gen });
    const w = randn([4, 3, 3, 2], { dtype: 'float64', generator: gen });
    const y64 = F.conv2d(x, w, null, { stride: 2, padding: 1 });
    const y32 = F.conv2d(x.float(), w.float(), null, { stride: 2, padding: 1 });
    expect(y32.dtype).toBe('float32');
    const a = y64.toTypedArray();
    const b = y32.toTypedArray();
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-5 * (1 + Math.abs(a[i]!)));
    expect(F.maxPool2d(x.float(), 2).dtype).toBe('float32');
    expect(F.avgPool2d(x.float(), 2).dtype).toBe('float32');
    expect(F.adaptiveAvgPool2d(x.float(), 2).dtype).toBe('float32');
  });
});
