// Elementwise f32 unary ops over [rows, cols] with unit column stride; the output is contiguous.
import { logF64x2 } from './shared/math';
import { expF32x4, sigmoidF32x4, tanhF32x4 } from './shared/math32';

const NEG: i32 = 0;
const ABS: i32 = 1;
const SQRT: i32 = 2;
const RELU: i32 = 3;
const RECIPROCAL: i32 = 5;
const EXP: i32 = 6;
const LOG: i32 = 7;
const TANH: i32 = 8;
const SIGMOID: i32 = 9;
const LEAKY_RELU: i32 = 10;
const LEAKY_RELU_SLOPE: i32 = 11;
const CLAMP: i32 = 12;

/** log on f64x2 lanes: promote four floats, evaluate two at a time, demote once. */
@inline function logViaF64(x: v128): v128 {
  const lo = logF64x2(f64x2.promote_low_f32x4(x));
  const hi = logF64x2(f64x2.promote_low_f32x4(v128.shuffle<f32>(x, x, 2, 3, 2, 3)));
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}

@inline function vop(op: i32, x: v128, a: f32, b: f32): v128 {
  const zero = f32x4.splat(0);
  switch (op) {
    case NEG: return f32x4.neg(x);
    case ABS: return f32x4.abs(x);
    case SQRT: return f32x4.sqrt(x);
    case RELU: // x > 0 ? x : 0, NaN stays NaN
      return v128.bitselect(x, zero, v128.or(f32x4.gt(x, zero), f32x4.ne(x, x)));
    case RECIPROCAL: return f32x4.div(f32x4.splat(1), x);
    case LEAKY_RELU: return v128.bitselect(x, f32x4.mul(x, f32x4.splat(a)), f32x4.gt(x, zero));
    case LEAKY_RELU_SLOPE: return v128.bitselect(f32x4.splat(1), f32x4.splat(a), f32x4.gt(x, zero));
    case EXP: return expF32x4(x);
    case LOG: return logViaF64(x);
    case TANH: return tanhF32x4(x);
    case SIGMOID: return sigmoidF32x4(x);
    default: // CLAMP; NaN stays NaN (wasm min/max propagate it)
      return f32x4.min(f32x4.max(x, f32x4.splat(a)), f32x4.splat(b));
  }
}

@inline function rows(op: i32, x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void {
  for (let r = 0; r < nRows; r++) {
    const src = x + <usize>(<isize>r * xRow * 4);
    const dst = out + <usize>(r * cols * 4);
    let i = 0;
    // four vectors a step: the heavy ops are bound by their dependency chains, and independent
    // chains in one iteration keep more of the core busy (against one a step: tanh ~1.25× faster
    // with two, sigmoid another 1.15× with four)
    for (; i + 16 <= cols; i += 16) {
      const at = <usize>(i * 4);
      const v0 = vop(op, v128.load(src + at), a, b);
      const v1 = vop(op, v128.load(src + at, 16), a, b);
      const v2 = vop(op, v128.load(src + at, 32), a, b);
      const v3 = vop(op, v128.load(src + at, 48), a, b);
      v128.store(dst + at, v0);
      v128.store(dst + at, v1, 16);
      v128.store(dst + at, v2, 32);
      v128.store(dst + at, v3, 48);
    }
    for (; i + 4 <= cols; i += 4) v128.store(dst + <usize>(i * 4), vop(op, v128.load(src + <usize>(i * 4)), a, b));
    const left = cols - i;
    if (left > 0) {
      // tail of 1–3 values: run the same vector code on a zero-padded vector, so tails round like the body
      const at = src + <usize>(i * 4);
      let v = f32x4.replace_lane(f32x4.splat(0), 0, load<f32>(at));
      if (left > 1) v = f32x4.replace_lane(v, 1, load<f32>(at, 4));
      if (left > 2) v = f32x4.replace_lane(v, 2, load<f32>(at, 8));
      v = vop(op, v, a, b);
      const to = dst + <usize>(i * 4);
      store<f32>(to, f32x4.extract_lane(v, 0));
      if (left > 1) store<f32>(to, f32x4.extract_lane(v, 1), 4);
      if (left > 2) store<f32>(to, f32x4.extract_lane(v, 2), 8);
    }
  }
}

// One function per op, each with its own copy of the loop and `op` a constant in it. With all
// twelve copies inlined into `unary`, binaryen folded them back into one loop that switched on
// the op for every vector (a jump table per vector, constants spilled; tanh ~15 % slower).
function negRows(x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void { rows(NEG, x, xRow, out, nRows, cols, a, b); }
function absRows(x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void { rows(ABS, x, xRow, out, nRows, cols, a, b); }
function sqrtRows(x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void { rows(SQRT, x, xRow, out, nRows, cols, a, b); }
function reluRows(x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void { rows(RELU, x, xRow, out, nRows, cols, a, b); }
function reciprocalRows(x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void { rows(RECIPROCAL, x, xRow, out, nRows, cols, a, b); }
function expRows(x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void { rows(EXP, x, xRow, out, nRows, cols, a, b); }
function logRows(x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void { rows(LOG, x, xRow, out, nRows, cols, a, b); }
function tanhRows(x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void { rows(TANH, x, xRow, out, nRows, cols, a, b); }
function sigmoidRows(x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void { rows(SIGMOID, x, xRow, out, nRows, cols, a, b); }
function leakyReluRows(x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void { rows(LEAKY_RELU, x, xRow, out, nRows, cols, a, b); }
function leakyReluSlopeRows(x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void { rows(LEAKY_RELU_SLOPE, x, xRow, out, nRows, cols, a, b); }
function clampRows(x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void { rows(CLAMP, x, xRow, out, nRows, cols, a, b); }

/** out[r, c] = op(x[r·xRow + c]; a, b). */
export function unary(op: i32, x: usize, xRow: i32, out: usize, nRows: i32, cols: i32, a: f32, b: f32): void {
  switch (op) {
    case NEG: negRows(x, xRow, out, nRows, cols, a, b); break;
    case ABS: absRows(x, xRow, out, nRows, cols, a, b); break;
    case SQRT: sqrtRows(x, xRow, out, nRows, cols, a, b); break;
    case RELU: reluRows(x, xRow, out, nRows, cols, a, b); break;
    case RECIPROCAL: reciprocalRows(x, xRow, out, nRows, cols, a, b); break;
    case EXP: expRows(x, xRow, out, nRows, cols, a, b); break;
    case LOG: logRows(x, xRow, out, nRows, cols, a, b); break;
    case TANH: tanhRows(x, xRow, out, nRows, cols, a, b); break;
    case SIGMOID: sigmoidRows(x, xRow, out, nRows, cols, a, b); break;
    case LEAKY_RELU: leakyReluRows(x, xRow, out, nRows, cols, a, b); break;
    case LEAKY_RELU_SLOPE: leakyReluSlopeRows(x, xRow, out, nRows, cols, a, b); break;
    default: clampRows(x, xRow, out, nRows, cols, a, b); break;
  }
}
