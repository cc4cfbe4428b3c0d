/**
 * The convolution primitive (src/ops/convolution.ts) against float64 finite differences over
 * random geometries: batch 0–3 (0 = an empty batch), 1–2 groups of 1–2 input and 1–3 output
 * channels, odd and size-1 images, kernels 1–3, stride, padding, dilation, and non-contiguous
 * (transposed) input and weight views. Also what its node saves: the input and the weight, as
 * PyTorch's ConvolutionBackward does, never the im2col columns.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Generator, gradcheck, gradgradcheck, graphMemory, randn, type Tensor } from '../../../src/index.js';
import * as F from '../../../src/nn/functional/index.js';

const geometry = fc.record({
  n: fc.integer({ min: 0, max: 3 }),
  groups: fc.integer({ min: 1, max: 2 }),
  inPerGroup: fc.integer({ min: 1, max: 2 }),
  outPerGroup: fc.integer({ min: 1, max: 3 }),
  h: fc.integer({ min: 1, max: 5 }),
  w: fc.integer({ min: 1, max: 5 }),
  kh: fc.integer({ min: 1, max: 3 }),
  kw: fc.integer({ min: 1, max: 3 }),
  stride: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
  padding: fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 1 })),
  dilation: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.integer({ min: 1, max: 2 })),
  transposedInput: fc.boolean(),
  transposedWeight: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1e6 }),
});
type Geometry = typeof geometry extends fc.Arbitrary<infer T> ? T : never;

/** The dilated kernel fits the padded image. */
const fits = (g: Geometry): boolean =>
  g.dilation[0] * (g.kh - 1) + 1 <= g.h + 2 * g.padding[0] && g.dilation[1] * (g.kw - 1) + 1 <= g.w + 2 * g.padding[1];

/** A float64 leaf of `shape`, as a transposed (non-contiguous) view of its last two dims when asked. */
function leaf(shape: number[], transposed: boolean, gen: Generator): Tensor {
  if (!transposed) return randn(shape, { dtype: 'float64', generator: gen }).requiresGrad_(true);
  const swapped = [...shape.slice(0, -2), shape[shape.length - 1]!, shape[shape.length - 2]!];
  return randn(swapped, { dtype: 'float64', generator: gen }).requiresGrad_(true).transpose(-1, -2);
}

function operands(g: Geometry): { x: Tensor; w: Tensor; conv: (x: Tensor, w: Tensor) => Tensor } {
  const gen = new Generator(g.seed);
  const x = leaf([g.n, g.groups * g.inPerGroup, g.h, g.w], g.transposedInput, gen);
  const w = leaf([g.groups * g.outPerGroup, g.inPerGroup, g.kh, g.kw], g.transposedWeight, gen);
  const conv = (a: Tensor, b: Tensor) => F.conv2d(a, b, null, { stride: g.stride, padding: g.padding, dilation: g.dilation, groups: g.groups });
  return { x, w, conv };
}

describe('convolution (primitive)', () => {
  it('gradcheck over random geometries, empty batches and transposed views', () => {
    fc.assert(
      fc.property(geometry.filter(fits), (g) => {
        const { x, w, conv } = operands(g);
        expect(gradcheck(conv, [x, w]).ok).toBe(true);
      }),
      { numRuns: 40, seed: 11 },
    );
  });

  it('gradgradcheck through tanh over random geometries', () => {
    fc.assert(
      fc.property(geometry.filter((g) => fits(g) && g.n <= 1 && g.h * g.w <= 12), (g) => {
        const { x, w, conv } = operands(g);
        expect(gradgradcheck((a: Tensor, b: Tensor) => conv(a, b).tanh(), [x, w], { seed: g.seed }).ok).toBe(true);
      }),
      { numRuns: 8, seed: 12 },
    );
  });

  it('gradcheck where each image has ≥ 1024 output positions (the per-image products)', () => {
    // [1, 2, 32, 32] * [3, 2, 2, 2], padding 1 → 33×33 = 1089 positions; groups 1 and 2
    for (const groups of [1, 2]) {
      const gen = new Generator(40 + groups);
      const x = randn([1, 2, 32, 32], { dtype: 'float64', generator: gen }).requiresGrad_(true);
      const w = randn([2 * groups, 2 / groups, 2, 2], { dtype: 'float64', generator: gen }).requiresGrad_(true);
      const r = randn([1, 2 * groups, 33, 33], { dtype: 'float64', generator: gen });
      const f = (a: Tensor, b: Tensor) => F.conv2d(a, b, null, { padding: 1, groups }).mul(r).sum();
      expect(gradcheck(f, [x, w]).ok).toBe(true);
    }
  });

  it('with a bias (added in the product\'s kernel call): gradcheck and gradgradcheck over random geometries', () => {
    fc.assert(
      fc.property(geometry.filter((g) => fits(g) && g.h * g.w <= 12), (g) => {
        const { x, w, conv } = operands(g);
        const b = randn([g.groups * g.outPerGroup], { dtype: 'float64', generator: new Generator(g.seed + 1) }).requiresGrad_(true);
        const withBias = (a: Tensor, c: Tensor, d: Tensor) => F.conv2d(a, c, d, { stride: g.stride, padding: g.padding, dilation: g.dilation, groups: g.groups });
        expect(gradcheck(withBias, [x, w, b]).ok).toBe(true);
        if (g.n <= 1) expect(gradgradcheck((a: Tensor, c: Tensor, d: Tensor) => withBias(a, c, d).tanh(), [x, w, b], { seed: g.seed }).ok).toBe(true);
        // the bias enters every output element once: the sum's gradient is N·outH·outW for each entry
        const leafB = b.detach().requiresGrad_(true);
        withBias(x.detach(), w.detach(), leafB).sum().backward();
        const out = conv(x, w);
        expect(leafB.grad!.toArray()).toEqual(new Array(b.shape[0]).fill(out.shape[0]! * out.shape[2]! * out.shape[3]!));
      }),
      { numRuns: 25, seed: 13 },
    );
  });

  it('a float32 bias gives the bits of the convolution plus the bias added after it', () => {
    for (const [shape, padding] of [[[2, 3, 9, 9], 1], [[2, 3, 4, 4], 0]] as const) {
      const gen = new Generator(7);
      const x = randn([...shape], { generator: gen });
      const w = randn([4, 3, 3, 3], { generator: gen });
      const b = randn([4], { generator: gen });
      const fused = F.conv2d(x, w, b, { padding }).toArray();
      expect(fused).toEqual(F.conv2d(x, w, null, { padding }).add(b.reshape([4, 1, 1])).toArray());
    }
  });

  it('saves the input and the weight (PyTorch), not the columns', () => {
    // conv2d [2, 3, 8, 8] * [4, 3, 3, 3], padding 1, float32: input 2·3·8·8·4 = 1536 bytes,
    // weight 4·3·3·3·4 = 432 bytes; the columns would be 2·27·64·4 = 13,824 bytes.
    const x = randn([2, 3, 8, 8], { requiresGrad: true });
    const w = randn([4, 3, 3, 3], { requiresGrad: true });
    const m = graphMemory(F.conv2d(x, w, null, { padding: 1 }));
    expect(Object.fromEntries(m.byOp)).toEqual({ ConvolutionBackward: 1536 + 432 });
    // the input is saved as the tensor itself (no copy), even when it needs no gradient
    const image = randn([2, 3, 8, 8]);
    expect(graphMemory(F.conv2d(image, w, null, { padding: 1 })).bytes).toBe(1536 + 432);
  });
});
