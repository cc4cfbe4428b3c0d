// im2col and col2im (f32), the same loops as ../../ref/conv.ts: for each (image, channel, kernel
// tap) the window columns whose tap lands inside the image form one range [lo, hi), so the inner
// loop has no bounds checks; with unit steps it is an f32x4 copy (im2col) or add (col2im). Rows
// too short for that to pay (small planes) go through a padded copy of the plane instead, when the
// caller gives room for one (shared/padded-plane.ts). Geometry arrives as 12 i32 at `geom`
// (shared/window.ts).

import { addRow, copyRow, fill, g } from './shared/window';
import { col2imThroughPlane, im2colThroughPlane } from './shared/padded-plane';

/** First window position o in [0, count) whose tap o·stride + shift is ≥ 0. */
@inline function rangeLo(count: i32, stride: i32, shift: i32): i32 {
  return min(count, shift >= 0 ? 0 : (stride - 1 - shift) / stride);
}

/** One past the last window position whose tap o·stride + shift is < size (at least lo). */
@inline function rangeHi(count: i32, stride: i32, shift: i32, size: i32, lo: i32): i32 {
  const last = size - 1 - shift; // floor(last / stride) + 1 positions when last ≥ 0, else none
  return last < 0 ? lo : max(lo, min(count, last / stride + 1));
}

/**
 * out[n, (c·kH + ki)·kW + kj, oy·outW + ox] = x[n, c, iy, ix] (or `padValue` outside the image).
 * `x` points at element [0, 0, 0, 0] with element strides xN, xC, xH, xW (any sign); row r of
 * image n starts at element n·outN + r·outR of out and its outH·outW columns are contiguous
 * (outN = rows·L, outR = L for [N, rows, L]; outN = L, outR = N·L for [rows, N, L]). With a
 * `plane` (not 0: room for one padded plane, (H + 2·padH)·(W + 2·padW) floats), each image plane
 * is first copied there inside its padding, and every window row is then one copy from it with no
 * bounds to test: what small planes need, whose rows are too short for the ranges' loops to pay.
 */
export function im2col(
  x: usize, batch: i32, channels: i32, xN: i32, xC: i32, xH: i32, xW: i32, geom: usize, padValue: f32, out: usize, outN: i32, outR: i32, plane: usize,
): void {
  if (plane != 0) {
    im2colThroughPlane(x, batch, channels, xN, xC, xH, xW, geom, padValue, out, outN, outR, plane);
    return;
  }
  const h = g(geom, 0), w = g(geom, 1), kh = g(geom, 2), kw = g(geom, 3);
  const sh = g(geom, 4), sw = g(geom, 5), ph = g(geom, 6), pw = g(geom, 7);
  const dh = g(geom, 8), dw = g(geom, 9), oh = g(geom, 10), ow = g(geom, 11);
  const step = <isize>sw * xW; // storage step from one window column to the next
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const plane = x + <usize>((<isize>n * xN + <isize>c * xC) * 4);
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          let o = out + <usize>((<isize>n * outN + <isize>((c * kh + ki) * kw + kj) * outR) * 4); // the row, in order
          const shift = kj * dw - pw; // window column ox reads image column ox·sw + shift
          const lo = rangeLo(ow, sw, shift);
          const hi = rangeHi(ow, sw, shift, w, lo);
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) {
              fill(o, ow, padValue);
              o += <usize>(ow * 4);
              continue;
            }
            const row = plane + <usize>((<isize>iy * xH + <isize>shift * xW) * 4);
            fill(o, lo, padValue);
            copyRow(o + <usize>(lo * 4), row + <usize>(<isize>lo * step * 4), hi - lo, <i32>step);
            fill(o + <usize>(hi * 4), ow - hi, padValue);
            o += <usize>(ow * 4);
          }
        }
      }
    }
  }
}

/**
 * out[n, c, iy, ix] += cols[n, (c·kH + ki)·kW + kj, oy·outW + ox] for every tap inside the image,
 * in ref's order (so float32 sums round identically). `cols` points at element [0, 0, 0] with
 * element strides cN, cR, cL; out is contiguous [N, C, H, W] and zero on entry. With a `plane`
 * (not 0: room for one padded plane, as im2col's), each image plane is summed there, padding
 * included, with no bounds to test, and its inside copied out: each element gets the same adds in
 * the same order, from the same zero.
 */
export function col2im(cols: usize, batch: i32, channels: i32, cN: i32, cR: i32, cL: i32, geom: usize, out: usize, plane: usize): void {
  if (plane != 0) {
    col2imThroughPlane(cols, batch, channels, cN, cR, cL, geom, out, plane);
    return;
  }
  const h = g(geom, 0), w = g(geom, 1), kh = g(geom, 2), kw = g(geom, 3);
  const sh = g(geom, 4), sw = g(geom, 5), ph = g(geom, 6), pw = g(geom, 7);
  const dh = g(geom, 8), dw = g(geom, 9), oh = g(geom, 10), ow = g(geom, 11);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const plane = out + <usize>((n * channels + c) * h * w * 4);
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          const src = cols + <usize>((<isize>n * cN + <isize>((c * kh + ki) * kw + kj) * cR) * 4);
          const shift = kj * dw - pw; // window column ox adds into image column ox·sw + shift
          const lo = rangeLo(ow, sw, shift);
          const hi = rangeHi(ow, sw, shift, w, lo);
          for (let oy = 0; oy < oh; oy++) {
            const iy = oy * sh - ph + ki * dh;
            if (iy < 0 || iy >= h) continue;
            const row = plane + <usize>((iy * w + shift) * 4); // image column 0 sits at row − shift
            const from = src + <usize>(<isize>oy * ow * cL * 4);
            addRow(row + <usize>(lo * sw * 4), from + <usize>(<isize>lo * cL * 4), hi - lo, sw, cL);
          }
        }
      }
    }
  }
}

/**
 * Four floats `step` bytes apart, as one vector: one load for adjacent floats (stride-1 windows),
 * two loads and a shuffle for every other float (stride 2, the usual pooling; the second load
 * starts at float 3, so nothing past the fourth float is read), else lane by lane.
 */
@inline function load4(p: usize, step: usize): v128 {
  if (step == 4) return v128.load(p);
  if (step == 8) return v128.shuffle<f32>(v128.load(p), v128.load(p + 12), 0, 2, 5, 7);
  let v = f32x4.splat(load<f32>(p));
  v = f32x4.replace_lane(v, 1, load<f32>(p + step));
  v = f32x4.replace_lane(v, 2, load<f32>(p + 2 * step));
  return f32x4.replace_lane(v, 3, load<f32>(p + 3 * step));
}

/**
 * Max pooling's arg-max: out[n, c, oy, ox] = iy·W + ix of the largest in-image value of window
 * (oy, ox), scanning the window row-major and taking a value when v > max or v is NaN (PyTorch's
 * rule, as ../../ref/pool.ts); also that value at `values` unless it is 0. `x` as for im2col; out
 * and values are contiguous. Windows inside the image run four at a time, one f32x4 lane per
 * window (each lane scans its window in the same order, so the result is the scalar one); a row's
 * last group of four overlaps the one before rather than leaving windows to the scalar loop
 * (recomputed windows give the same result). Windows reaching into the padding run one at a time.
 * Rows with fewer than four inside windows (small planes, such as 4×4 pooled by 2) go to
 * maxPoolAcrossChannels instead.
 */
export function maxPoolIndices(x: usize, batch: i32, channels: i32, xN: i32, xC: i32, xH: i32, xW: i32, geom: usize, out: usize, values: usize): void {
  const h = g(geom, 0), w = g(geom, 1), kh = g(geom, 2), kw = g(geom, 3);
  const sh = g(geom, 4), sw = g(geom, 5), ph = g(geom, 6), pw = g(geom, 7);
  const dh = g(geom, 8), dw = g(geom, 9), oh = g(geom, 10), ow = g(geom, 11);
  // window columns ox in [lo, hi) have every tap inside the image: ox·sw − pw ≥ 0 and ox·sw − pw + (kw − 1)·dw < w
  const lo = rangeLo(ow, sw, -pw);
  const hi = rangeHi(ow, sw, (kw - 1) * dw - pw, w, lo);
  if (hi - lo < 4) {
    maxPoolAcrossChannels(x, batch, channels, xN, xC, xH, xW, geom, lo, hi, out, values);
    return;
  }
  const step = <usize>(<isize>sw * xW * 4); // bytes from one window to the next along a row
  const lanes = i32x4(0, sw, 2 * sw, 3 * sw); // their plane-index offsets
  let row = 0; // index of the output row [n, c, oy] being written
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const plane = x + <usize>((<isize>n * xN + <isize>c * xC) * 4);
      for (let oy = 0; oy < oh; oy++) {
        const o = out + <usize>(row * ow * 4);
        const vo = values == 0 ? 0 : values + <usize>(row * ow * 4);
        row++;
        const y0 = oy * sh - ph;
        const groups = y0 >= 0 && y0 + (kh - 1) * dh < h && hi - lo >= 4; // rows inside, ≥ 4 inside windows
        let ox = 0;
        while (ox < ow) {
          if (groups && ox >= lo && ox < hi) {
            const s = min(ox, hi - 4); // windows s … s+3, all inside
            fourWindowsArgmax(plane, step, lanes, xH, xW, w, kh, kw, y0, s * sw - pw, dh, dw, o + <usize>(s * 4), vo == 0 ? 0 : vo + <usize>(s * 4), 4);
            ox = s + 4;
            continue;
          }
          windowArgmax(plane, xH, xW, h, w, kh, kw, y0, ox * sw - pw, dh, dw, o + <usize>(ox * 4), vo == 0 ? 0 : vo + <usize>(ox * 4));
          ox++;
        }
      }
    }
  }
}

/**
 * maxPoolIndices for rows of fewer than four inside windows (columns [lo, hi)): four channels at
 * a time, one per lane, at the same window. Their planes are xC apart, so each tap is four loads,
 * and the results go to four planes of `out` (and `values`). Windows reaching into the padding,
 * and the last channels when fewer than four remain, run one at a time. Each lane scans its window
 * in windowArgmax's order with its rule, so the results are the same. (4×4 planes pooled by 2, one
 * thread: 36 ns a window one at a time, 3.9 ns on 8×8 planes' row groups; bench/results/
 * 2026-12-06-maxpool-small-planes.txt.)
 */
function maxPoolAcrossChannels(x: usize, batch: i32, channels: i32, xN: i32, xC: i32, xH: i32, xW: i32, geom: usize, lo: i32, hi: i32, out: usize, values: usize): void {
  const h = g(geom, 0), w = g(geom, 1), kh = g(geom, 2), kw = g(geom, 3);
  const sh = g(geom, 4), sw = g(geom, 5), ph = g(geom, 6), pw = g(geom, 7);
  const dh = g(geom, 8), dw = g(geom, 9), oh = g(geom, 10), ow = g(geom, 11);
  const windows = oh * ow; // per plane of out
  const laneStep = <usize>(<isize>xC * 4); // bytes from one lane's plane to the next
  const outStep = <usize>(windows * 4);
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c += 4) {
      const lanes = min(4, channels - c);
      const plane = x + <usize>((<isize>n * xN + <isize>c * xC) * 4);
      const first = <usize>((n * channels + c) * windows * 4); // byte offset of plane c of image n in out
      for (let oy = 0; oy < oh; oy++) {
        const y0 = oy * sh - ph;
        const rowInside = y0 >= 0 && y0 + (kh - 1) * dh < h;
        for (let ox = 0; ox < ow; ox++) {
          const x0 = ox * sw - pw;
          const at = first + <usize>((oy * ow + ox) * 4);
          if (lanes == 4 && rowInside && ox >= lo && ox < hi) {
            fourWindowsArgmax(plane, laneStep, i32x4.splat(0), xH, xW, w, kh, kw, y0, x0, dh, dw, out + at, values == 0 ? 0 : values + at, outStep);
            continue;
          }
          for (let j = 0; j < lanes; j++) {
            const to = at + <usize>j * outStep;
            windowArgmax(plane + <usize>j * laneStep, xH, xW, h, w, kh, kw, y0, x0, dh, dw, out + to, values == 0 ? 0 : values + to);
          }
        }
      }
    }
  }
}

/**
 * The arg-maxes of four windows inside the image, one per f32x4 lane: lane j's window has its
 * first tap at (y0, x0) of the plane at `plane + j·laneStep` bytes, and its indices are the taps'
 * iy·w + ix plus `laneIndex[j]`. Each lane scans its window row-major and takes a value when
 * v > max or v is NaN (windowArgmax's rule). The arg-maxes go to `to + j·resultStep` bytes (and
 * the maxima to `valueTo + j·resultStep` unless valueTo is 0): one vector store when resultStep
 * is 4.
 */
@inline function fourWindowsArgmax(
  plane: usize, laneStep: usize, laneIndex: v128, xH: i32, xW: i32, w: i32, kh: i32, kw: i32, y0: i32, x0: i32, dh: i32, dw: i32,
  to: usize, valueTo: usize, resultStep: usize,
): void {
  let best = load4(plane + <usize>((<isize>y0 * xH + <isize>x0 * xW) * 4), laneStep);
  let at = i32x4.add(i32x4.splat(y0 * w + x0), laneIndex);
  for (let ki = 0; ki < kh; ki++) {
    const iy = y0 + ki * dh;
    for (let kj = 0; kj < kw; kj++) {
      const ix = x0 + kj * dw;
      const v = load4(plane + <usize>((<isize>iy * xH + <isize>ix * xW) * 4), laneStep);
      const take = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
      best = v128.bitselect(v, best, take);
      at = v128.bitselect(i32x4.add(i32x4.splat(iy * w + ix), laneIndex), at, take);
    }
  }
  storeLanes(to, resultStep, at);
  if (valueTo != 0) storeLanes(valueTo, resultStep, best);
}

/** The four 32-bit lanes of `v` at `to + j·step` bytes: one vector store when they are adjacent. */
@inline function storeLanes(to: usize, step: usize, v: v128): void {
  if (step == 4) {
    v128.store(to, v);
    return;
  }
  store<i32>(to, i32x4.extract_lane(v, 0));
  store<i32>(to + step, i32x4.extract_lane(v, 1));
  store<i32>(to + 2 * step, i32x4.extract_lane(v, 2));
  store<i32>(to + 3 * step, i32x4.extract_lane(v, 3));
}

/** The arg-max of one window, which may reach into the padding (only in-image taps compete), at `to`; its value at `valueTo` unless 0. */
function windowArgmax(plane: usize, xH: i32, xW: i32, h: i32, w: i32, kh: i32, kw: i32, y0: i32, x0: i32, dh: i32, dw: i32, to: usize, valueTo: usize): void {
  let best = -Infinity as f32;
  let at = -1;
  for (let ki = 0; ki < kh; ki++) {
    const iy = y0 + ki * dh;
    if (iy < 0 || iy >= h) continue;
    for (let kj = 0; kj < kw; kj++) {
      const ix = x0 + kj * dw;
      if (ix < 0 || ix >= w) continue;
      const v = load<f32>(plane + <usize>((<isize>iy * xH + <isize>ix * xW) * 4));
      if (at < 0 || v > best || v != v) {
        best = v;
        at = iy * w + ix;
      }
    }
  }
  store<i32>(to, at);
  if (valueTo != 0) store<f32>(valueTo, best);
}

/**
 * c[b, r, j] += bias[b·biasB + r·biasR] for a contiguous c [batch, m, n] (a convolution's bias on
 * its product, still in the arena): one f32 add per element, the rounding of binary add.
 */
export function addRowBias(c: usize, batch: i32, m: i32, n: i32, bias: usize, biasB: i32, biasR: i32): void {
  for (let b = 0; b < batch; b++) {
    for (let r = 0; r < m; r++) {
      const value = load<f32>(bias + <usize>((<isize>b * biasB + <isize>r * biasR) * 4));
      const v = f32x4.splat(value);
      const row = c + <usize>((<isize>(b * m + r) * n) * 4);
      let j = 0;
      for (; j + 4 <= n; j += 4) v128.store(row + <usize>(j * 4), f32x4.add(v128.load(row + <usize>(j * 4)), v));
      for (; j < n; j++) store<f32>(row + <usize>(j * 4), load<f32>(row + <usize>(j * 4)) + value);
    }
  }
}
