/**
 * Elementwise kernels of the reference backend: plain loops over strided views.
 * @module
 */
import type { FloatArray, TypedArray } from '../../dtype.js';
import type { BinaryOp, CompareOp, FloatView, UnaryOp, View } from '../backend.js';
import { MATH_BINARY, MATH_UNARY, roundDecimalsFloat32 } from './elementwise-math.js';
import { erf, sigmoid } from './special.js';
import { elementOffsets, forEachRow, isContiguousView, numelOf, offsetsOrNull } from './strided.js';

type Scalar1 = (x: number, a: number, b: number) => number;
type Scalar2 = (x: number, y: number) => number;

/** The scalar function behind each unary op. */
export const UNARY_FUNCTIONS: Readonly<Record<UnaryOp, Scalar1>> = {
  neg: (x) => -x,
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x), // keeps ±0 and NaN
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  sigmoid,
  relu: (x) => (x > 0 ? x : x !== x ? x : 0),
  erf,
  log1p: Math.log1p,
  expm1: Math.expm1,
  reciprocal: (x) => 1 / x,
  leakyRelu: (x, slope) => (x > 0 ? x : x * slope),
  leakyReluSlope: (x, slope) => (x > 0 ? 1 : slope),
  powScalar: (x, p) => Math.pow(x, p),
  clamp: (x, lo, hi) => (x !== x ? x : Math.min(Math.max(x, lo), hi)),
  clampMask: (x, lo, hi) => (x >= lo && x <= hi ? 1 : 0),
  softplus: (x, beta, threshold) => (beta * x > threshold ? x : Math.log1p(Math.exp(beta * x)) / beta),
  ...MATH_UNARY, // issue 10 (G1)
};

/** The scalar function behind each binary op. */
export const BINARY_FUNCTIONS: Readonly<Record<BinaryOp, Scalar2>> = {
  add: (x, y) => x + y,
  sub: (x, y) => x - y,
  mul: (x, y) => x * y,
  div: (x, y) => x / y,
  pow: Math.pow,
  maximum: (x, y) => (x !== x || y !== y ? NaN : Math.max(x, y)),
  minimum: (x, y) => (x !== x || y !== y ? NaN : Math.min(x, y)),
  // (1 − y)(1 + y) rather than 1 − y²: no cancellation near |y| = 1
  tanhBackward: (g, y) => g * ((1 - y) * (1 + y)),
  sigmoidBackward: (g, y) => g * (y * (1 - y)),
  reluBackward: (g, y) => (y <= 0 ? 0 : g),
  ...MATH_BINARY, // issue 10 (G1)
};

const f32 = Math.fround;

/**
 * Ops of several arithmetic steps, rounded to float32 after each step when the result is float32,
 * as float32 arithmetic does (the wasm kernels, PyTorch's float32 kernels): so every backend
 * gives the same bits. The one-step ops round once either way.
 */
const FLOAT32_STEPS: Readonly<Partial<Record<BinaryOp, Scalar2>>> = {
  tanhBackward: (g, y) => f32(g * f32(f32(1 - y) * f32(1 + y))),
  sigmoidBackward: (g, y) => f32(g * f32(y * f32(1 - y))),
};

/** The scalar function of `op` for results stored in `out`. */
function binaryFunction(op: BinaryOp, out: TypedArray): Scalar2 {
  return (out instanceof Float32Array ? FLOAT32_STEPS[op] : undefined) ?? BINARY_FUNCTIONS[op];
}

const COMPARE_FUNCTIONS: Readonly<Record<CompareOp, (x: number, y: number) => boolean>> = {
  eq: (x, y) => x === y,
  ne: (x, y) => x !== y,
  lt: (x, y) => x < y,
  le: (x, y) => x <= y,
  gt: (x, y) => x > y,
  ge: (x, y) => x >= y,
};

/** Unary ops whose float32 results need float32 steps (see FLOAT32_STEPS). */
const FLOAT32_UNARY_STEPS: Readonly<Partial<Record<UnaryOp, Scalar1>>> = {
  round: (x, decimals) => roundDecimalsFloat32(x, decimals),
};

export function unary(op: UnaryOp, x: FloatView, out: FloatArray, a: number, b: number): void {
  const f = (out instanceof Float32Array ? FLOAT32_UNARY_STEPS[op] : undefined) ?? UNARY_FUNCTIONS[op];
  const n = numelOf(x);
  const src = x.storage;
  const offs = offsetsOrNull(x);
  if (offs === null) {
    const base = x.offset;
    for (let i = 0; i < n; i++) out[i] = f(src[base + i]!, a, b);
  } else {
    for (let i = 0; i < n; i++) out[i] = f(src[offs[i]!]!, a, b);
  }
}

/** True when every element of the view is the same storage cell (a broadcast scalar). */
function isBroadcastScalar(view: View): boolean {
  return view.strides.every((s, d) => s === 0 || view.shape[d] === 1);
}

export function binary(op: BinaryOp, a: View, b: View, out: TypedArray): void {
  const n = numelOf(a);
  const as = a.storage;
  const bs = b.storage;
  // tensor ∘ scalar, the pattern of `x.mul(2)` and of optimizer updates: no offset tables
  if (isBroadcastScalar(b) && isContiguousView(a)) {
    const y = bs[b.offset]!;
    const ao = a.offset;
    if (op === 'mul') for (let i = 0; i < n; i++) out[i] = as[ao + i]! * y;
    else if (op === 'add') for (let i = 0; i < n; i++) out[i] = as[ao + i]! + y;
    else {
      const f = binaryFunction(op, out);
      for (let i = 0; i < n; i++) out[i] = f(as[ao + i]!, y);
    }
    return;
  }
  const aOffs = offsetsOrNull(a);
  const bOffs = offsetsOrNull(b);
  if (aOffs === null && bOffs === null) {
    const ao = a.offset;
    const bo = b.offset;
    // The four arithmetic ops get their own loops: they dominate training and tiny graphs.
    switch (op) {
      case 'add':
        for (let i = 0; i < n; i++) out[i] = as[ao + i]! + bs[bo + i]!;
        return;
      case 'sub':
        for (let i = 0; i < n; i++) out[i] = as[ao + i]! - bs[bo + i]!;
        return;
      case 'mul':
        for (let i = 0; i < n; i++) out[i] = as[ao + i]! * bs[bo + i]!;
        return;
      case 'div':
        for (let i = 0; i < n; i++) out[i] = as[ao + i]! / bs[bo + i]!;
        return;
    }
  }
  const f = binaryFunction(op, out);
  for (let i = 0; i < n; i++) {
    const x = as[aOffs === null ? a.offset + i : aOffs[i]!]!;
    const y = bs[bOffs === null ? b.offset + i : bOffs[i]!]!;
    out[i] = f(x, y);
  }
}

export function scaledAdd(y: View, alpha: number, x: View, out: TypedArray): void {
  const n = numelOf(y);
  const yOffs = offsetsOrNull(y);
  const xOffs = offsetsOrNull(x);
  const ys = y.storage;
  const xs = x.storage;
  // float32: alpha and the product rounded to float32 first, as mul then add would
  const a = out instanceof Float32Array ? f32(alpha) : alpha;
  const round = out instanceof Float32Array ? f32 : (v: number): number => v;
  for (let i = 0; i < n; i++) {
    const yi = ys[yOffs === null ? y.offset + i : yOffs[i]!]!;
    const xi = xs[xOffs === null ? x.offset + i : xOffs[i]!]!;
    out[i] = yi + round(a * xi);
  }
}

export function compare(op: CompareOp, a: View, b: View, out: Uint8Array): void {
  const f = COMPARE_FUNCTIONS[op];
  const n = numelOf(a);
  const aOffs = offsetsOrNull(a);
  const bOffs = offsetsOrNull(b);
  for (let i = 0; i < n; i++) {
    const x = a.storage[aOffs === null ? a.offset + i : aOffs[i]!]!;
    const y = b.storage[bOffs === null ? b.offset + i : bOffs[i]!]!;
    out[i] = f(x, y) ? 1 : 0;
  }
}

export function where(cond: View, a: View, b: View, out: TypedArray): void {
  const n = numelOf(cond);
  const cOffs = offsetsOrNull(cond);
  const aOffs = offsetsOrNull(a);
  const bOffs = offsetsOrNull(b);
  for (let i = 0; i < n; i++) {
    const c = cond.storage[cOffs === null ? cond.offset + i : cOffs[i]!]!;
    out[i] = c
      ? a.storage[aOffs === null ? a.offset + i : aOffs[i]!]!
      : b.storage[bOffs === null ? b.offset + i : bOffs[i]!]!;
  }
}

export function copy(src: View, dst: View): void {
  const n = numelOf(src);
  const s = src.storage;
  const d = dst.storage;
  const srcContiguous = isContiguousView(src);
  const dstContiguous = isContiguousView(dst);
  if (srcContiguous && dstContiguous) {
    // TypedArray set converts each element as an assignment would (int32 → float32 included)
    d.set(s.subarray(src.offset, src.offset + n) as never, dst.offset);
    return;
  }
  // one side contiguous (contiguous(), cat, a permute's copy): walk the other row by row
  if (srcContiguous) {
    forEachRow(dst, (start, length, step, first) => {
      for (let j = 0; j < length; j++) d[start + j * step] = s[src.offset + first + j]!;
    });
    return;
  }
  if (dstContiguous) {
    forEachRow(src, (start, length, step, first) => {
      for (let j = 0; j < length; j++) d[dst.offset + first + j] = s[start + j * step]!;
    });
    return;
  }
  const sOffs = elementOffsets(src);
  const dOffs = elementOffsets(dst);
  for (let i = 0; i < n; i++) d[dOffs[i]!] = s[sOffs[i]!]!;
}
