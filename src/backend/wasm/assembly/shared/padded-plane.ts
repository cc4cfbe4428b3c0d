// im2col and col2im by way of a padded copy of each image plane (../conv.ts's im2col and col2im
// call these when given room for one plane): every window row is then one copy from, or one add
// into, the plane, with no bounds to test, which is what short rows need. The caller makes sure
// every window lies inside the padded plane.
import { addRow, copyRow, fill, g } from './window';

/** im2col by way of each plane padded at `plane` (see ../conv.ts's im2col). */
export function im2colThroughPlane(
  x: usize, batch: i32, channels: i32, xN: i32, xC: i32, xH: i32, xW: i32, geom: usize, padValue: f32, out: usize, outN: i32, outR: i32, plane: usize,
): void {
  const h = g(geom, 0), w = g(geom, 1), kh = g(geom, 2), kw = g(geom, 3);
  const sh = g(geom, 4), sw = g(geom, 5), ph = g(geom, 6), pw = g(geom, 7);
  const dh = g(geom, 8), dw = g(geom, 9), oh = g(geom, 10), ow = g(geom, 11);
  const wp = w + 2 * pw;
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      padPlane(x + <usize>((<isize>n * xN + <isize>c * xC) * 4), xH, xW, h, w, ph, pw, padValue, plane);
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          let o = out + <usize>((<isize>n * outN + <isize>((c * kh + ki) * kw + kj) * outR) * 4);
          let row = plane + <usize>((ki * dh * wp + kj * dw) * 4); // window row 0's first tap
          for (let oy = 0; oy < oh; oy++) {
            copyRow(o, row, ow, sw);
            o += <usize>(ow * 4);
            row += <usize>(sh * wp * 4);
          }
        }
      }
    }
  }
}

/** Copies the plane at `from` (element strides xH, xW; h × w) into `to`, rows of w + 2·pw floats, inside ph rows and pw columns of `value`. */
@inline function padPlane(from: usize, xH: i32, xW: i32, h: i32, w: i32, ph: i32, pw: i32, value: f32, to: usize): void {
  const wp = w + 2 * pw;
  if (h == 0) {
    fill(to, 2 * ph * wp, value);
    return;
  }
  fill(to, ph * wp + pw, value); // the rows above, and the first row's left padding
  let row = to + <usize>((ph * wp + pw) * 4);
  for (let iy = 0; iy < h; iy++) {
    const src = from + <usize>(<isize>iy * xH * 4);
    if (xW == 1) memory.copy(row, src, <usize>(w * 4));
    else for (let ix = 0; ix < w; ix++) store<f32>(row + <usize>(ix * 4), load<f32>(src + <usize>(<isize>ix * xW * 4)));
    fill(row + <usize>(w * 4), iy + 1 < h ? 2 * pw : pw + ph * wp, value); // right padding and the next row's left (or the rows below)
    row += <usize>(wp * 4);
  }
}

/** col2im by way of each plane summed at `plane` (see ../conv.ts's col2im). */
export function col2imThroughPlane(cols: usize, batch: i32, channels: i32, cN: i32, cR: i32, cL: i32, geom: usize, out: usize, plane: usize): void {
  const h = g(geom, 0), w = g(geom, 1), kh = g(geom, 2), kw = g(geom, 3);
  const sh = g(geom, 4), sw = g(geom, 5), ph = g(geom, 6), pw = g(geom, 7);
  const dh = g(geom, 8), dw = g(geom, 9), oh = g(geom, 10), ow = g(geom, 11);
  const wp = w + 2 * pw;
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      memory.fill(plane, 0, <usize>((h + 2 * ph) * wp * 4));
      for (let ki = 0; ki < kh; ki++) {
        for (let kj = 0; kj < kw; kj++) {
          let from = cols + <usize>((<isize>n * cN + <isize>((c * kh + ki) * kw + kj) * cR) * 4);
          let row = plane + <usize>((ki * dh * wp + kj * dw) * 4); // window row 0's first tap
          for (let oy = 0; oy < oh; oy++) {
            addRow(row, from, ow, sw, cL);
            from += <usize>(<isize>ow * cL * 4);
            row += <usize>(sh * wp * 4);
          }
        }
      }
      const image = out + <usize>((n * channels + c) * h * w * 4);
      for (let iy = 0; iy < h; iy++) memory.copy(image + <usize>(iy * w * 4), plane + <usize>(((iy + ph) * wp + pw) * 4), <usize>(w * 4));
    }
  }
}
