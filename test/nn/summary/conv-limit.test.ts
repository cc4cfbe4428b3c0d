/**
 * conv2d's size check bounds what it allocates: the im2col columns [N, Cin·∏kernel, L] and the
 * output [N, Cout, L]. It used to bound N·max(Cin, Cout)·∏kernel·L, which refused ResNet-18's stem
 * at batch 8 (64·49·112²·8 = 314,703,872 > MAX_ELEMENTS), though its columns are 3·49·112²·8 =
 * 14,751,744 elements and its output 64·112²·8 = 6,422,528.
 */
import { describe, expect, it } from 'vitest';
import { MAX_ELEMENTS, randn } from '../../../src/index.js';
import { Conv2d, summary } from '../../../src/nn/index.js';
import * as F from '../../../src/nn/functional/index.js';

describe('conv2d size check', () => {
  it("accepts ResNet-18's stem at batch 8 (summary's shape pass)", () => {
    expect(64 * 49 * 112 * 112 * 8).toBeGreaterThan(MAX_ELEMENTS);
    const stem = new Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false });
    const report = summary(stem, [8, 3, 224, 224]);
    expect(report.rows[0]!.outputShapes).toEqual([[8, 64, 112, 112]]);
  });

  it('still refuses columns beyond MAX_ELEMENTS, naming them', () => {
    // Columns: 64 channels · 3·3 · 1000·1000 positions = 576,000,000 elements (the input is a broadcast view).
    const input = randn([1, 1, 1000, 1000]).expand([1, 64, 1000, 1000]);
    expect(() => F.conv2d(input, randn([1, 64, 3, 3]), null, { padding: 1 })).toThrow(
      /conv2d.*unfolded input.*MAX_ELEMENTS/,
    );
  });
});
