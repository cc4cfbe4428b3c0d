// Index kernels along one axis, for f32 data and i32 indices: argmax/argmin, gather and
// scatter-add. Every tensor is seen as [outer, along, inner] with one stride (in elements, any
// sign) per part; outputs of argReduce and gatherAlong are contiguous. Indices were checked by the
// op, so they are trusted here, as in the reference kernels.

const ARGMAX: i32 = 0;
const ARGMIN: i32 = 1;

/** Byte address of element (o, k, i) of an operand with strides (so, sk, si). */
@inline function at(p: usize, o: i32, so: i32, k: i32, sk: i32, i: i32, si: i32): usize {
  return p + <usize>((<isize>o * so + <isize>k * sk + <isize>i * si) * 4);
}

/**
 * out[o, i] = index of the first max (min) of x[o, ·, i] along the `size` axis; a NaN counts as
 * the max (and the min) and the first NaN wins, as in the reference kernel. Lanes run along i
 * when that axis is unit-stride, else one line at a time.
 */
export function argReduce(op: i32, x: usize, outer: i32, xO: i32, size: i32, xS: i32, inner: i32, xI: i32, out: usize): void {
  const isMax = op == ARGMAX;
  for (let o = 0; o < outer; o++) {
    const dst = out + <usize>(o * inner * 4);
    let i = 0;
    if (xI == 1) {
      for (; i + 4 <= inner; i += 4) {
        let best = v128.load(at(x, o, xO, 0, xS, i, 1));
        let idx = i32x4.splat(0);
        for (let k = 1; k < size; k++) {
          const v = v128.load(at(x, o, xO, k, xS, i, 1));
          const better = isMax ? f32x4.gt(v, best) : f32x4.lt(v, best);
          // take v when better or NaN, unless a NaN already holds the lane
          const take = v128.andnot(v128.or(better, f32x4.ne(v, v)), f32x4.ne(best, best));
          best = v128.bitselect(v, best, take);
          idx = v128.bitselect(i32x4.splat(k), idx, take);
        }
        v128.store(dst + <usize>(i * 4), idx);
      }
    }
    for (; i < inner; i++) {
      let best = load<f32>(at(x, o, xO, 0, xS, i, xI));
      let idx = 0;
      for (let k = 1; k < size && best == best; k++) {
        const v = load<f32>(at(x, o, xO, k, xS, i, xI));
        if ((isMax ? v > best : v < best) || v != v) {
          best = v;
          idx = k;
        }
      }
      store<i32>(dst + <usize>(i * 4), idx);
    }
  }
}

/**
 * out[o, k, i] = x[o, index[o, k, i], i] (out contiguous [outer, along, inner]). A gather: wasm
 * has no vector gather, so this is a scalar loop.
 */
// prettier-ignore
export function gatherAlong(x: usize, xO: i32, xD: i32, xI: i32, index: usize, iO: i32, iK: i32, iI: i32,
  out: usize, outer: i32, along: i32, inner: i32): void {
  let dst = out;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < along; k++) {
      for (let i = 0; i < inner; i++) {
        const j = load<i32>(at(index, o, iO, k, iK, i, iI));
        store<f32>(dst, load<f32>(at(x, o, xO, j, xD, i, xI)));
        dst += 4;
      }
    }
  }
}

/**
 * dst[o, index[o, k, i], i] += src[o, k, i], visiting (o, k, i) in row-major order: the reference
 * kernel's order, so repeated targets sum (and round) identically. With inner = 1 (scattering
 * along the last dim: max pooling's gradient into each plane) the k loop steps pointers directly.
 */
// prettier-ignore
export function scatterAddAlong(dst: usize, dO: i32, dD: i32, dI: i32, index: usize, iO: i32, iK: i32, iI: i32,
  src: usize, sO: i32, sK: i32, sI: i32, outer: i32, along: i32, inner: i32): void {
  if (inner == 1) {
    const iStep = <isize>iK * 4, sStep = <isize>sK * 4;
    for (let o = 0; o < outer; o++) {
      const d = at(dst, o, dO, 0, dD, 0, dI);
      let ip = at(index, o, iO, 0, iK, 0, iI);
      let sp = at(src, o, sO, 0, sK, 0, sI);
      for (let k = 0; k < along; k++) {
        const to = d + <usize>(<isize>load<i32>(ip) * dD * 4);
        store<f32>(to, load<f32>(to) + load<f32>(sp));
        ip += <usize>iStep;
        sp += <usize>sStep;
      }
    }
    return;
  }
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < along; k++) {
      for (let i = 0; i < inner; i++) {
        const j = load<i32>(at(index, o, iO, k, iK, i, iI));
        const d = at(dst, o, dO, j, dD, i, dI);
        store<f32>(d, load<f32>(d) + load<f32>(at(src, o, sO, k, sK, i, sI)));
      }
    }
  }
}
