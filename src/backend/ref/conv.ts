/**
 * im2col and col2im of the reference backend: plain loops over the windows described by a
 * {@link WindowGeometry}. col2im visits exactly the positions im2col reads, so the two are adjoint.
 * For each kernel column the window columns whose tap lands inside the image form one range, so
 * the innermost loop runs without bounds checks.
 * @module
 */
import { allocate, dtypeOfArray, type FloatArray } from '../../dtype.js';
import type { ColumnsLayout, FloatView, WindowGeometry } from '../backend.js';
import { copy } from './elementwise.js';
import { matmul } from './matmul.js';

/** The window positions o in [0, count) whose tap o·stride + shift lies inside [0, size): [lo, hi). */
function insideRange(count: number, stride: number, shift: number, size: number): [number, number] {
  const lo = Math.min(count, shift >= 0 ? 0 : Math.ceil(-shift / stride));
  const hi = Math.min(count, Math.floor((size - 1 - shift) / stride) + 1);
  return [lo, Math.max(lo, hi)];
}

export function im2col(x: FloatView, geometry: WindowGeometry, padValue: number, out: FloatArray, byRows = false): void {
  const { inputSize: [h, w], kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], outputSize: [oh, ow] } = geometry;
  const [batch, channels] = x.shape as [number, number];
  const [xN, xC, xH, xW] = x.strides as [number, number, number, number];
  const X = x.storage;
  const step = sw * xW; // storage step from one window column to the next
  const columns = oh * ow;
  const rows = channels * kh * kw;
  // where row r of image n starts: [N, rows, L] row-major, or [rows, N, L] by rows
  const [outN, outR] = byRows ? [columns, batch * columns] : [rows * columns, columns];
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const plane = x.offset + n * xN + c * xC;
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          let o = n * outN + ((c * kh + ki) * kw + kj) * outR; // the row is written in order
          const shift = kj * dw - pw; // window column ox reads image column ox·sw + shift
          const [lo, hi] = insideRange(ow, sw, shift, w);
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) {
              out.fill(padValue, o, o + ow);
              o += ow;
              continue;
            }
            const row = plane + iy * xH + shift * xW;
            out.fill(padValue, o, o + lo);
            for (let ox = lo; ox < hi; ox++) out[o + ox] = X[row + ox * step]!;
            out.fill(padValue, o + hi, o + ow);
            o += ow;
          }
        }
      }
    }
  }
}

export function col2im(cols: FloatView, geometry: WindowGeometry, out: FloatArray): void {
  const { inputSize: [h, w], kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], outputSize: [oh, ow] } = geometry;
  const batch = cols.shape[0]!;
  const channels = cols.shape[1]! / (kh * kw);
  const [cN, cR, cL] = cols.strides as [number, number, number];
  const C = cols.storage;
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const plane = (n * channels + c) * h * w;
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          const src = cols.offset + n * cN + ((c * kh + ki) * kw + kj) * cR;
          const shift = kj * dw - pw; // window column ox adds into image column ox·sw + shift
          const [lo, hi] = insideRange(ow, sw, shift, w);
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) continue;
            const row = plane + iy * w + shift;
            const srcRow = src + oy * ow * cL;
            for (let ox = lo; ox < hi; ox++) out[row + ox * sw] += C[srcRow + ox * cL]!;
          }
        }
      }
    }
  }
}

/**
 * out = a·(the view `cols` of im2col(x)'s columns, zero padding) (+ bias per row): im2col, then
 * matmul, then the bias. `a` [B, M, N, L] (a weight gradient's G in place) is copied to the
 * matrix [B, M, N·L] first.
 */
export function im2colMatmul(x: FloatView, geometry: WindowGeometry, byRows: boolean, a: FloatView, cols: ColumnsLayout, out: FloatArray, bias?: FloatView): void {
  const { kernelSize: [kh, kw], outputSize: [oh, ow] } = geometry;
  const storage = allocate(dtypeOfArray(x.storage), x.shape[0]! * x.shape[1]! * kh * kw * oh * ow) as FloatArray;
  im2col(x, geometry, 0, storage, byRows);
  matmul(a.shape.length === 4 ? imageRowsAsMatrix(a) : a, { ...cols, storage }, out, false);
  if (bias === undefined) return;
  const [batch, m] = a.shape as [number, number];
  const n = cols.shape[2]!;
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < m; r++) {
      const value = bias.storage[bias.offset + b * bias.strides[0]! + r * bias.strides[1]!]!;
      const row = (b * m + r) * n;
      for (let j = row; j < row + n; j++) out[j] = out[j]! + value; // rounded once on the store, as binary add
    }
  }
}

/** a [B, M, N, L] as a contiguous matrix [B, M, N·L] (a copy). */
function imageRowsAsMatrix(a: FloatView): FloatView {
  const [batch, m, n, l] = a.shape as [number, number, number, number];
  const storage = allocate(dtypeOfArray(a.storage), batch * m * n * l) as FloatArray;
  copy(a, { storage, offset: 0, shape: a.shape, strides: [m * n * l, n * l, l, 1] });
  return { storage, offset: 0, shape: [batch, m, n * l], strides: [m * n * l, n * l, 1] };
}

/**
 * col2im of the product a·b (contiguous [N, C·kH·kW, L], or by rows [1, C·kH·kW, N·L] read as
 * those columns) into zeroed `out`: matmul, then col2im. `b` [1, K, N, L] (by rows) is copied to
 * the matrix [1, K, N·L] first.
 */
export function matmulCol2im(a: FloatView, b: FloatView, geometry: WindowGeometry, out: FloatArray, byRows = false): void {
  const [batch, m] = a.shape as [number, number];
  const matrix = b.shape.length === 4 ? imageRowsAsMatrix(b) : b;
  const n = matrix.shape[2]!;
  const product = allocate(dtypeOfArray(out), batch * m * n) as FloatArray;
  matmul(a, matrix, product, false);
  const positions = geometry.outputSize[0] * geometry.outputSize[1];
  const images = byRows ? n / positions : batch;
  col2im({ storage: product, offset: 0, shape: [images, m, positions], strides: byRows ? [positions, n, 1] : [m * n, n, 1] }, geometry, out);
}
