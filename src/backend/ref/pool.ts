/**
 * Max pooling's arg-max, the reference kernel: for each window of each [H, W] plane, the flat
 * index iy·W + ix of its largest in-image value (padding never wins), which is what PyTorch's
 * `return_indices` gives. The scan is row-major over the window and takes a value when
 * `v > max || v is NaN`, PyTorch's rule: the first of equal maxima wins, the last NaN wins, and a
 * window whose values are all −∞ reports its first in-image position. Optionally also writes each
 * window's max (the value at its index).
 * @module
 */
import type { FloatArray } from '../../dtype.js';
import type { FloatView, WindowGeometry } from '../backend.js';

export function maxPoolIndices(x: FloatView, geometry: WindowGeometry, out: Int32Array, values?: FloatArray): void {
  const { inputSize: [h, w], kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], outputSize: [oh, ow] } = geometry;
  const [batch, channels] = x.shape as [number, number];
  const [xN, xC, xH, xW] = x.strides as [number, number, number, number];
  const X = x.storage;
  let o = 0; // out is written in row-major order [N, C, oh, ow]
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const plane = x.offset + n * xN + c * xC;
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          let best = -Infinity;
          let at = -1;
          for (let ki = 0; ki < kh; ki++) {
            const iy = oy * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) continue;
            for (let kj = 0; kj < kw; kj++) {
              const ix = ox * sw - pw + kj * dw;
              if (ix < 0 || ix >= w) continue;
              const v = X[plane + iy * xH + ix * xW]!;
              if (at < 0 || v > best || v !== v) {
                best = v;
                at = iy * w + ix;
              }
            }
          }
          if (values !== undefined) values[o] = best; // the value at `at`
          out[o++] = at;
        }
      }
    }
  }
}
