/**
 * Scalar functions of issue 10's math kernels (rounding, trigonometric, hyperbolic, exponential,
 * bitwise), merged into the ref backend's unary and binary tables (elementwise.ts).
 * @module
 */
import type { MathBinaryOp, MathUnaryOp } from '../backend.js';

/** Round half to even (C's nearbyint, PyTorch's round), keeping the sign of zero. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  const r = d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
  return r === 0 && (x < 0 || Object.is(x, -0)) ? -0 : r;
}

/** round(x, decimals) as PyTorch computes it: scale by 10^d, round half to even, scale back. */
function roundDecimals(x: number, decimals: number): number {
  if (decimals === 0) return roundHalfEven(x);
  if (decimals > 0) {
    const p = 10 ** decimals;
    return roundHalfEven(x * p) / p;
  }
  const p = 10 ** -decimals;
  return roundHalfEven(x / p) * p;
}

/**
 * round(x, decimals) for float32 results, as PyTorch's float kernel: 10^|d| as a float, and the
 * scaled value rounded to float32 before it is rounded to an integer (2.675f · 100 is 267.5 in
 * float32, so 2.68; computed in float64 it would be 267.4999952 and give 2.67).
 */
export function roundDecimalsFloat32(x: number, decimals: number): number {
  if (decimals === 0) return roundHalfEven(x);
  const p = Math.fround(10 ** Math.abs(decimals));
  return decimals > 0 ? roundHalfEven(Math.fround(x * p)) / p : roundHalfEven(Math.fround(x / p)) * p;
}

/** The floored quotient ⌊a/b⌋ as PyTorch's div_floor computes it (from fmod, so that a = q·b + r exactly). */
function divFloor(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return (a / b < 0 ? -0 : 0);
  const floored = Math.floor(div);
  return div - floored > 0.5 ? floored + 1 : floored;
}

/** a − ⌊a/b⌋·b with the divisor's sign (Python's %, PyTorch's remainder). */
function remainder(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** log(eᵃ + eᵇ) without overflow; equal infinities give that infinity. */
function logaddexp(a: number, b: number): number {
  if (a === b && !Number.isFinite(a)) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

export const MATH_UNARY: Readonly<Record<MathUnaryOp, (x: number, a: number) => number>> = {
  floor: Math.floor,
  ceil: Math.ceil,
  round: (x, decimals) => roundDecimals(x, decimals),
  trunc: Math.trunc,
  frac: (x) => x - Math.trunc(x),
  tan: Math.tan,
  asin: Math.asin,
  acos: Math.acos,
  atan: Math.atan,
  sinh: Math.sinh,
  cosh: Math.cosh,
  asinh: Math.asinh,
  acosh: Math.acosh,
  atanh: Math.atanh,
  exp2: (x) => 2 ** x,
  log2: Math.log2,
  log10: Math.log10,
};

export const MATH_BINARY: Readonly<Record<MathBinaryOp, (x: number, y: number) => number>> = {
  divTrunc: (a, b) => Math.trunc(a / b),
  divFloor,
  remainder,
  fmod: (a, b) => a % b,
  // a NaN b counts as positive: JavaScript does not expose a NaN's sign bit reliably
  copysign: (a, b) => (b < 0 || Object.is(b, -0) ? -Math.abs(a) : Math.abs(a)),
  atan2: Math.atan2,
  hypot: Math.hypot,
  logaddexp,
  bitAnd: (a, b) => a & b,
  bitOr: (a, b) => a | b,
  bitXor: (a, b) => a ^ b,
};

