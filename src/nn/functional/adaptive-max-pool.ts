/**
 * Adaptive max pooling (PyTorch's F.adaptive_max_pool1d/2d): output (i, j) is the max over rows
 * ⌊i·H/oH⌋ … ⌈(i+1)·H/oH⌉ − 1 and the matching columns. The windows differ in size, so the
 * fixed-geometry arg-max kernel does not apply: the arg-max is found by a loop here (an index, not
 * differentiable), and the values are a gather from the flattened planes, whose VJP scatters the
 * gradient back to the arg-max, as maxPool2d does.
 * @module
 */
import { fmtShape } from '../../errors.js';
import { checkNumel } from '../../checks/limits.js';
import { gather } from '../../ops/indexing.js';
import { checkOptions } from '../../checks/options.js';
import { contiguous } from '../../ops/views.js';
import { empty } from '../../ops/util.js';
import type { Tensor } from '../../tensor/tensor.js';
import { valuesIndices, type ValuesIndicesTuple as ValuesIndices } from '../../ops/named-tuple.js';
import { adaptiveSizes } from './adaptive-size.js';
import { asImage, fromImage, maxPoolInput, spatialSize } from './window.js';

/** Options of {@link adaptiveMaxPool1d} and {@link adaptiveMaxPool2d}. */
export interface AdaptiveMaxPoolOptions {
  /** Also return the arg-max positions, as flat indices into each input plane (default false). */
  returnIndices?: boolean;
}

/** PyTorch's adaptive window [start, end) of output `o` along a dim of `inSize`. */
function windowOf(o: number, inSize: number, outSize: number): [number, number] {
  return [Math.floor((o * inSize) / outSize), Math.ceil(((o + 1) * inSize) / outSize)];
}

/** int32 [N, C, oH, oW]: for each window of x [N, C, H, W], the flat index of its first max (a NaN wins, the last one). */
function adaptiveArgmax(x: Tensor, oh: number, ow: number): Tensor {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const data = contiguous(x).toTypedArray();
  const out = empty([n, c, oh, ow], 'int32');
  const idx = out.storage as Int32Array;
  let k = 0;
  for (let p = 0; p < n * c; p++) {
    const base = p * h * w;
    for (let i = 0; i < oh; i++) {
      const [h0, h1] = windowOf(i, h, oh);
      for (let j = 0; j < ow; j++) {
        const [w0, w1] = windowOf(j, w, ow);
        let best = h0 * w + w0;
        let max = -Infinity;
        for (let y = h0; y < h1; y++) {
          for (let z = w0; z < w1; z++) {
            const v = Number(data[base + y * w + z]);
            if (v > max || Number.isNaN(v)) {
              max = v;
              best = y * w + z;
            }
          }
        }
        idx[k++] = best;
      }
    }
  }
  return out;
}

function adaptiveMaxPoolNd(op: string, spatial: 1 | 2, input: Tensor, outputSize: number | readonly (number | null)[], options: AdaptiveMaxPoolOptions): Tensor | ValuesIndices {
  const { probe } = maxPoolInput(op, 'input', input);
  const image = asImage(op, input, spatial);
  const sizes = adaptiveSizes(op, outputSize, spatialSize(input, spatial));
  const [oh, ow] = spatial === 1 ? [1, sizes[0]!] : [sizes[0]!, sizes[1]!];
  const [n, c, h, w] = image.x.shape as [number, number, number, number];
  checkNumel(op, n * c * oh * ow, `the output (outputSize ${fmtShape(sizes)} for input ${fmtShape(input.shape)})`);
  const indices = adaptiveArgmax(asImage(op, probe, spatial).x, oh, ow);
  const values = gather(image.x.reshape([n, c, h * w]), 2, indices.reshape([n, c, oh * ow])).reshape([n, c, oh, ow]);
  const out = fromImage(values, image, spatial);
  return options.returnIndices ? valuesIndices(out, fromImage(indices, image, spatial)) : out; // a (values, indices) tuple, as PyTorch's
}

/**
 * 1-D adaptive max pooling of [N, C, L] or [C, L] to `outputSize` positions; with
 * `returnIndices` also the arg-max positions (indices into L). The indices are not differentiable.
 * Float, int32 and bool inputs (adaptiveMaxPool2d too); the result has the input's dtype.
 *
 * ```ts
 * import { tensor } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.adaptiveMaxPool1d(tensor([[1, 5, 2, 4, 3]]), 2).toArray(); // [[5, 4]]: windows [0, 3) and [2, 5)
 * ```
 */
export function adaptiveMaxPool1d(input: Tensor, outputSize: number | readonly [number | null], options: AdaptiveMaxPoolOptions & { returnIndices: true }): ValuesIndices;
export function adaptiveMaxPool1d(input: Tensor, outputSize: number | readonly [number | null], options?: AdaptiveMaxPoolOptions & { returnIndices?: false }): Tensor;
export function adaptiveMaxPool1d(input: Tensor, outputSize: number | readonly [number | null], options?: AdaptiveMaxPoolOptions): Tensor | ValuesIndices;
export function adaptiveMaxPool1d(input: Tensor, outputSize: number | readonly [number | null], options: AdaptiveMaxPoolOptions = {}): Tensor | ValuesIndices {
  checkOptions('adaptiveMaxPool1d', options, { returnIndices: 'bool' });
  return adaptiveMaxPoolNd('adaptiveMaxPool1d', 1, input, outputSize, options);
}

/**
 * 2-D adaptive max pooling of [N, C, H, W] or [C, H, W] to `outputSize` (a number for both
 * dims, or one per dim, null keeping the input's); with `returnIndices` also the arg-max
 * positions as flat indices iy·W + ix into each input plane.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { functional as F } from 'chainrule/nn';
 * F.adaptiveMaxPool2d(randn([1, 3, 7, 9]), [2, null]).shape; // [1, 3, 2, 9]
 * ```
 */
export function adaptiveMaxPool2d(input: Tensor, outputSize: number | readonly (number | null)[], options: AdaptiveMaxPoolOptions & { returnIndices: true }): ValuesIndices;
export function adaptiveMaxPool2d(input: Tensor, outputSize: number | readonly (number | null)[], options?: AdaptiveMaxPoolOptions & { returnIndices?: false }): Tensor;
export function adaptiveMaxPool2d(input: Tensor, outputSize: number | readonly (number | null)[], options?: AdaptiveMaxPoolOptions): Tensor | ValuesIndices;
export function adaptiveMaxPool2d(input: Tensor, outputSize: number | readonly (number | null)[], options: AdaptiveMaxPoolOptions = {}): Tensor | ValuesIndices {
  checkOptions('adaptiveMaxPool2d', options, { returnIndices: 'bool' });
  return adaptiveMaxPoolNd('adaptiveMaxPool2d', 2, input, outputSize, options);
}
