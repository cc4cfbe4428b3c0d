/**
 * Convolution and pooling cases small enough to work out by hand; every expected value is
 * derived in the comment next to it.
 */
import { describe, expect, it } from 'vitest';
import { Generator, randn } from '../../../src/index.js';
import * as F from '../../../src/nn/functional/index.js';
import { expectClose, f64 } from './support.js';

describe('1-D convolution of [1, 4, 0, −2, 3] with the filter [2, −1, 3]', () => {
  // PyTorch's conv is a cross-correlation: y[i] = Σ_k x[i + k]·w[k].
  //   y0 = 1·2 + 4·(−1) + 0·3    = −2
  //   y1 = 4·2 + 0·(−1) + (−2)·3 =  2
  //   y2 = 0·2 + (−2)·(−1) + 3·3 = 11
  const x = (): ReturnType<typeof f64> => f64([[[1, 4, 0, -2, 3]]], true);
  const w = (): ReturnType<typeof f64> => f64([[[2, -1, 3]]], true);

  it('forward', () => {
    expectClose(F.conv1d(x(), w()), [[[-2, 2, 11]]]);
  });

  it('forward with padding 1 and with bias', () => {
    // new ends: y−1 = 0·2 + 1·(−1) + 4·3 = 11; y3 = (−2)·2 + 3·(−1) + 0·3 = −7
    expectClose(F.conv1d(x(), w(), null, { padding: 1 }), [[[11, -2, 2, 11, -7]]]);
    expectClose(F.conv1d(x(), w(), f64([10])), [[[8, 12, 21]]]);
  });

  it('stride 2 keeps y0 and y2; dilation 2 reads x0, x2, x4', () => {
    expectClose(F.conv1d(x(), w(), null, { stride: 2 }), [[[-2, 11]]]);
    // 1·2 + 0·(−1) + 3·3 = 11
    expectClose(F.conv1d(x(), w(), null, { dilation: 2 }), [[[11]]]);
  });

  it('gradients for the upstream gradient g = [1, −1, 2]', () => {
    // dx[j] = Σ_i g[i]·w[j − i]:
    //   dx0 = g0·w0 = 2;  dx1 = g0·w1 + g1·w0 = −1 − 2 = −3;  dx2 = g0·w2 + g1·w1 + g2·w0 = 3 + 1 + 4 = 8
    //   dx3 = g1·w2 + g2·w1 = −3 − 2 = −5;  dx4 = g2·w2 = 6
    // dw[k] = Σ_i g[i]·x[i + k]:
    //   dw0 = 1·1 − 4 + 2·0 = −3;  dw1 = 4 − 0 + 2·(−2) = 0;  dw2 = 0 + 2 + 2·3 = 8
    // db = Σ g = 2
    const xs = x();
    const ws = w();
    const b = f64([0.5], true);
    F.conv1d(xs, ws, b).mul(f64([[[1, -1, 2]]])).sum().backward();
    expectClose(xs.grad!, [[[2, -3, 8, -5, 6]]]);
    expectClose(ws.grad!, [[[-3, 0, 8]]]);
    expectClose(b.grad!, [2]);
  });
});

describe('1-D transposed convolution with stride 2: input [a, b, c] = [1, −2, 3], filter [x, y, z] = [2, 5, −1]', () => {
  // Each input scatters a scaled copy of the filter, shifted by 2 per step:
  //   out[2i + k] += in[i]·w[k], length (3 − 1)·2 + 3 = 7
  //   [a·x, a·y, a·z + b·x, b·y, b·z + c·x, c·y, c·z]
  //   = [2, 5, −1 − 4, −10, 2 + 6, 15, −3] = [2, 5, −5, −10, 8, 15, −3]
  const input = (): ReturnType<typeof f64> => f64([[[1, -2, 3]]], true);
  const filter = (): ReturnType<typeof f64> => f64([[[2, 5, -1]]], true);

  it('forward', () => {
    expectClose(F.convTranspose1d(input(), filter(), null, { stride: 2 }), [[[2, 5, -5, -10, 8, 15, -3]]]);
  });

  it('padding 1 crops one entry from each end; outputPadding 1 appends one (zero) entry', () => {
    expectClose(F.convTranspose1d(input(), filter(), null, { stride: 2, padding: 1 }), [[[5, -5, -10, 8, 15]]]);
    expectClose(F.convTranspose1d(input(), filter(), null, { stride: 2, outputPadding: 1 }), [[[2, 5, -5, -10, 8, 15, -3, 0]]]);
  });

  it('gradients for the upstream gradient g = [1, 0, 2, 0, −1, 1, 3]', () => {
    // d in[i] = Σ_k g[2i + k]·w[k]:
    //   da = g0·x + g1·y + g2·z = 2 + 0 − 2 = 0
    //   db = g2·x + g3·y + g4·z = 4 + 0 + 1 = 5
    //   dc = g4·x + g5·y + g6·z = −2 + 5 − 3 = 0
    // d w[k] = Σ_i g[2i + k]·in[i]:
    //   dx = g0·a + g2·b + g4·c = 1 − 4 − 3 = −6
    //   dy = g1·a + g3·b + g5·c = 0 + 0 + 3 = 3
    //   dz = g2·a + g4·b + g6·c = 2 + 2 + 9 = 13
    const a = input();
    const w = filter();
    F.convTranspose1d(a, w, null, { stride: 2 }).mul(f64([[[1, 0, 2, 0, -1, 1, 3]]])).sum().backward();
    expectClose(a.grad!, [[[0, 5, 0]]]);
    expectClose(w.grad!, [[[-6, 3, 13]]]);
  });

  it('is the adjoint of the strided conv1d: ⟨convT(u), v⟩ = ⟨u, conv(v)⟩', () => {
    const gen = new Generator(3);
    // as a convTranspose1d weight [in=3, out=2, k=4]: 3 → 2 channels; as a conv1d weight [out=3, in=2, k=4]: 2 → 3
    const w = randn([3, 2, 4], { dtype: 'float64', generator: gen });
    const u = randn([2, 3, 5], { dtype: 'float64', generator: gen });
    const up = F.convTranspose1d(u, w, null, { stride: 3, padding: 1, dilation: 2, outputPadding: 2 }); // length (5−1)·3 − 2 + 6 + 2 + 1 = 19
    expect(up.shape).toEqual([2, 2, 19]);
    const v = randn(up.shape, { dtype: 'float64', generator: gen });
    // conv1d with weight [out=3, in=2, 4] maps v [2, 2, 19] back to [2, 3, 5]
    const down = F.conv1d(v, w, null, { stride: 3, padding: 1, dilation: 2 });
    expect(down.shape).toEqual([2, 3, 5]);
    expectClose(up.mul(v).sum(), [u.mul(down).sum().item()], 1e-11);
  });
});

describe('2-D convolution by hand', () => {
  it('a 3×3 image and a 2×2 filter', () => {
    // image [[1,2,3],[4,5,6],[7,8,9]], filter [[1,0],[0,−1]] (top-left minus bottom-right):
    //   y = [[1−5, 2−6], [4−8, 5−9]] = [[−4, −4], [−4, −4]]
    const x = f64([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]], true);
    const w = f64([[[[1, 0], [0, -1]]]], true);
    const y = F.conv2d(x, w);
    expectClose(y, [[[[-4, -4], [-4, -4]]]]);
    // d/dx of Σy: each pixel gets w summed over the windows containing it:
    //   top-left corner is only w00 = 1, bottom-right only w11 = −1, the centre is in all 4 windows: 1 − 1 = 0
    //   (0,1): windows (0,0) at w01 = 0 and (0,1) at w00 = 1 → 1; (1,0) likewise 1
    //   (1,2): windows (0,1) at w11 = −1 and (1,1) at w01 = 0 → −1; (2,1) likewise −1
    // d/dw_kl = Σ of the pixels it touches: w00 → 1+2+4+5 = 12, w01 → 2+3+5+6 = 16, w10 → 4+5+7+8 = 24, w11 → 5+6+8+9 = 28
    y.sum().backward();
    expectClose(x.grad!, [[[[1, 1, 0], [1, 0, -1], [0, -1, -1]]]]);
    expectClose(w.grad!, [[[[12, 16], [24, 28]]]]);
  });

  it('groups = 2 keeps the channel halves apart', () => {
    // channel 0 = ones·1, channel 1 = ones·10 (2×2 images); 1×1 filters: group 0 uses channel 0 only
    //   with weight 3, group 1 uses channel 1 only with weight −1 → [3, 3, …] and [−10, −10, …]
    const x = f64([[[[1, 1], [1, 1]], [[10, 10], [10, 10]]]]);
    const w = f64([[[[3]]], [[[-1]]]]);
    expectClose(F.conv2d(x, w, null, { groups: 2 }), [[[[3, 3], [3, 3]], [[-10, -10], [-10, -10]]]]);
  });
});

describe('pooling by hand', () => {
  // A 4×4 image with distinct values; its 2×2 windows and their maxima:
  //   [[1, 5, 2, 0],      window (0,0): {1,5,3,4} → 5 at (0,1)   window (0,1): {2,0,8,6} → 8 at (1,2)
  //    [3, 4, 8, 6],      window (1,0): {9,2,7,1} → 9 at (2,0)   window (1,1): {3,0,5,4} → 5 at (3,2)
  //    [9, 2, 3, 0],
  //    [7, 1, 5, 4]]
  const image = [[[[1, 5, 2, 0], [3, 4, 8, 6], [9, 2, 3, 0], [7, 1, 5, 4]]]];

  it('2×2 max-pool picks the maxima and their flat indices', () => {
    const { values, indices } = F.maxPool2d(f64(image), 2, { returnIndices: true });
    expectClose(values, [[[[5, 8], [9, 5]]]]);
    // flat index = row·4 + col: (0,1) → 1, (1,2) → 6, (2,0) → 8, (3,2) → 14
    expect(indices.toArray()).toEqual([[[[1, 6], [8, 14]]]]);
  });

  it('2×2 max-pool routes the gradient to the arg-max only', () => {
    const x = f64(image, true);
    F.maxPool2d(x, 2).mul(f64([[[[10, 20], [30, 40]]]])).sum().backward();
    expectClose(x.grad!, [[[[0, 10, 0, 0], [0, 0, 20, 0], [30, 0, 0, 0], [0, 0, 40, 0]]]]);
  });

  it('ties: the gradient goes to the first maximum in the window only (as PyTorch)', () => {
    const x = f64([[[[7, 7], [7, 7]]]], true);
    F.maxPool2d(x, 2).sum().backward();
    expectClose(x.grad!, [[[[1, 0], [0, 0]]]]);
  });

  it('2×2 avg-pool gives dY/4 to each input', () => {
    // out = window means: (1+5+3+4)/4 = 3.25, (2+0+8+6)/4 = 4, (9+2+7+1)/4 = 4.75, (3+0+5+4)/4 = 3
    const x = f64(image, true);
    const y = F.avgPool2d(x, 2);
    expectClose(y, [[[[3.25, 4], [4.75, 3]]]]);
    y.mul(f64([[[[4, 8], [-4, 2]]]])).sum().backward();
    expectClose(x.grad!, [[[[1, 1, 2, 2], [1, 1, 2, 2], [-1, -1, 0.5, 0.5], [-1, -1, 0.5, 0.5]]]]);
  });

  it('avg-pool with padding: countIncludePad divides by the full window, otherwise by the real pixels', () => {
    // 1-D [2, 4, 6], kernel 2, stride 2, padding 1 → windows {pad, 2}, {4, 6}
    //   countIncludePad: [2/2, 10/2] = [1, 5];  without: [2/1, 10/2] = [2, 5]
    expectClose(F.avgPool1d(f64([[[2, 4, 6]]]), 2, { stride: 2, padding: 1 }), [[[1, 5]]]);
    expectClose(F.avgPool1d(f64([[[2, 4, 6]]]), 2, { stride: 2, padding: 1, countIncludePad: false }), [[[2, 5]]]);
  });

  it('ceilMode adds the partial last window; its divisor counts only what lies inside input + padding', () => {
    // [1, 2, 3, 4, 5], kernel 2, stride 2: floor gives 2 windows, ceil gives 3, the last one {5} alone
    //   → [1.5, 3.5, 5/1] (the window hangs past the end, so even countIncludePad divides by 1)
    expectClose(F.avgPool1d(f64([[[1, 2, 3, 4, 5]]]), 2), [[[1.5, 3.5]]]);
    expectClose(F.avgPool1d(f64([[[1, 2, 3, 4, 5]]]), 2, { ceilMode: true }), [[[1.5, 3.5, 5]]]);
    expectClose(F.maxPool1d(f64([[[1, 2, 3, 4, 5]]]), 2, { ceilMode: true }), [[[2, 4, 5]]]);
  });

  it('adaptive average pooling of length 5 to 3 uses windows [0,2), [1,4), [3,5)', () => {
    // start = ⌊i·5/3⌋ = 0, 1, 3; end = ⌈(i+1)·5/3⌉ = 2, 4, 5
    //   [1, 2, 3, 4, 5] → [(1+2)/2, (2+3+4)/3, (4+5)/2] = [1.5, 3, 4.5]
    expectClose(F.adaptiveAvgPool1d(f64([[[1, 2, 3, 4, 5]]]), 3), [[[1.5, 3, 4.5]]]);
    // 2-D: rows and columns separately; a 2×5 image whose rows are [1..5] and [11..15], pooled to (1, 3):
    //   rows average to [6, 7, 8, 9, 10], then columns as above: [6.5, 8, 9.5]
    expectClose(F.adaptiveAvgPool2d(f64([[[[1, 2, 3, 4, 5], [11, 12, 13, 14, 15]]]]), [1, 3]), [[[[6.5, 8, 9.5]]]]);
  });
});

describe('unfold and fold by hand', () => {
  it('unfold lists each 2×2 block as a column; fold sums them back (each pixel times its window count)', () => {
    // 3×3 image 1..9, blocks at (0,0), (0,1), (1,0), (1,1); rows are the block's (0,0), (0,1), (1,0), (1,1) entries
    const x = f64([[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]]);
    const cols = F.unfold(x, 2);
    expectClose(cols, [[[1, 2, 4, 5], [2, 3, 5, 6], [4, 5, 7, 8], [5, 6, 8, 9]]]);
    // corners lie in 1 block, edge centres in 2, the centre in 4
    expectClose(F.fold(cols, [3, 3], 2), [[[[1, 4, 3], [8, 20, 12], [7, 16, 9]]]]);
  });
});

describe("max pooling's arg-max follows PyTorch's scan (v > max or v is NaN)", () => {
  // One 2×2 window per case, returnIndices gives iy·2 + ix; the gradient goes to that position.
  const pool = (values: number[]) => {
    const x = f64([[[[values[0]!, values[1]!], [values[2]!, values[3]!]]]], true);
    const { values: y, indices } = F.maxPool2d(x, 2, { returnIndices: true });
    y.sum().backward();
    return { y: y.toTypedArray()[0], index: indices.toTypedArray()[0], grad: Array.from(x.grad!.toTypedArray()) };
  };

  it('ties: the first maximum in row-major order', () => {
    // [[1, 3], [3, 2]]: 3 at positions 1 and 2; the scan meets position 1 first and 3 > 3 is false
    expect(pool([1, 3, 3, 2])).toEqual({ y: 3, index: 1, grad: [0, 1, 0, 0] });
  });

  it('NaN: the last NaN (each NaN replaces the max)', () => {
    // [[NaN, 1], [NaN, 0]]: NaN at 0 and 2; the second NaN replaces the first
    const r = pool([NaN, 1, NaN, 0]);
    expect([Number.isNaN(r.y), r.index, r.grad]).toEqual([true, 2, [0, 0, 1, 0]]);
  });

  it('all −∞: the first position', () => {
    expect(pool([-Infinity, -Infinity, -Infinity, -Infinity])).toEqual({ y: -Infinity, index: 0, grad: [1, 0, 0, 0] });
  });

  it('padding never wins, even over negative values', () => {
    // 1×2 image [−5, −7], kernel 2, stride 1, padding 1: windows [pad, −5], [−5, −7], [−7, pad]
    const x = f64([[[-5, -7]]], true);
    const { values, indices } = F.maxPool1d(x, 2, { stride: 1, padding: 1, returnIndices: true });
    expect(Array.from(values.toTypedArray())).toEqual([-5, -5, -7]);
    expect(Array.from(indices.toTypedArray())).toEqual([0, 0, 1]);
  });
});
