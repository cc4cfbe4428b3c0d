/**
 * Helpers for wasm-vs-ref parity tests: fast-check arbitraries for strided float32 views
 * (transposed, stepped, flipped, broadcast, offset, empty and size-1 dims) and ulp distances.
 */
import fc from 'fast-check';
import type { View } from '../../../src/backend/backend.js';
import { createWasmBackend } from '../../../src/backend/wasm/backend.js';
import { kernels, useBackend } from '../../../src/backend/registry.js';
import { traceKernels } from '../../../src/backend/select.js';

/** A private wasm backend for tests (same module, its own arena bookkeeping). */
export const wasm = createWasmBackend();

/** Runs `fn` with the wasm test backend installed and returns which backend ran each kernel call. */
export function ranOn(fn: () => void): string[] {
  const prev = kernels();
  useBackend(wasm);
  try {
    return traceKernels(fn).calls.map((c) => c.backend);
  } finally {
    useBackend(prev);
  }
}

/** How a logical shape is laid out in storage. */
export interface Layout {
  readonly perm: number[]; // storage order of the dims (a permutation → transposes)
  readonly steps: number[]; // 1 or 2 (every other element)
  readonly flips: boolean[]; // negative strides
  readonly broadcast: boolean[]; // stride 0
  readonly lead: number; // unused elements before the view
}

/** Dim sizes biased to the cases SIMD code gets wrong: 0, 1, odd, just past a multiple of 4. */
export const dimSize = (max = 9): fc.Arbitrary<number> =>
  fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 1) }, { weight: 6, arbitrary: fc.integer({ min: 1, max }) });

export const shapeArb = (maxRank = 4, max = 9): fc.Arbitrary<number[]> => fc.array(dimSize(max), { minLength: 0, maxLength: maxRank });

export function layoutArb(rank: number, allowBroadcast = true): fc.Arbitrary<Layout> {
  const flags = (p: number): fc.Arbitrary<boolean[]> => fc.array(fc.integer({ min: 0, max: 99 }).map((x) => x < p), { minLength: rank, maxLength: rank });
  const plain = fc.constant<Layout>({ perm: [...Array(rank).keys()], steps: Array(rank).fill(1), flips: Array(rank).fill(false), broadcast: Array(rank).fill(false), lead: 0 });
  const strided = fc.record({
    perm: fc.shuffledSubarray([...Array(rank).keys()], { minLength: rank, maxLength: rank }),
    steps: fc.array(fc.constantFrom(1, 1, 2), { minLength: rank, maxLength: rank }),
    flips: flags(15),
    broadcast: allowBroadcast ? flags(20) : fc.constant(Array(rank).fill(false)),
    lead: fc.integer({ min: 0, max: 5 }),
  });
  return fc.oneof(plain, strided);
}

/** Values: mostly moderate floats, with zeros, signed zeros, and (if asked) NaN and ±Inf. */
export function valueArb(specials: boolean, magnitude = 10): fc.Arbitrary<number> {
  const normal = fc.float({ min: Math.fround(-magnitude), max: Math.fround(magnitude), noNaN: true });
  const extra = specials ? fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e-40, -3e38) : fc.constantFrom(0, -0, 1, -1);
  return fc.oneof({ weight: 9, arbitrary: normal }, { weight: 1, arbitrary: extra });
}

/** Builds a float32 view of `shape` laid out as `layout`, filled from `values` (cycled). */
export function makeView(shape: readonly number[], layout: Layout, values: readonly number[]): View {
  const rank = shape.length;
  // storage sizes per storage dim (in perm order)
  const stored = layout.perm.map((d) => (layout.broadcast[d] ? 1 : Math.max(shape[d]!, 1) * layout.steps[d]!));
  const storageStrides = new Array<number>(rank);
  let s = 1;
  for (let p = rank - 1; p >= 0; p--) {
    storageStrides[p] = s;
    s *= stored[p]!;
  }
  const total = layout.lead + s;
  const storage = new Float32Array(total);
  for (let i = 0; i < total; i++) storage[i] = values.length ? values[i % values.length]! : 1;
  const strides = new Array<number>(rank);
  let offset = layout.lead;
  layout.perm.forEach((d, p) => {
    if (layout.broadcast[d]) {
      strides[d] = 0;
      return;
    }
    const st = storageStrides[p]! * layout.steps[d]!;
    if (layout.flips[d] && shape[d]! > 0) {
      strides[d] = -st;
      offset += (shape[d]! - 1) * st;
    } else {
      strides[d] = st;
    }
  });
  return { storage, offset, shape: [...shape], strides };
}

/** A random float32 view: shape, layout and values. */
export function viewArb(opts: { specials?: boolean; maxRank?: number; max?: number; broadcast?: boolean; shape?: number[] } = {}): fc.Arbitrary<View> {
  const shape = opts.shape ? fc.constant(opts.shape) : shapeArb(opts.maxRank ?? 4, opts.max ?? 9);
  return shape.chain((sh) =>
    fc
      .tuple(layoutArb(sh.length, opts.broadcast ?? true), fc.array(valueArb(opts.specials ?? false), { minLength: 1, maxLength: 64 }))
      .map(([layout, values]) => makeView(sh, layout, values)),
  );
}

/** Same view with other storage values (for a second operand of the same shape). */
export const numelOf = (shape: readonly number[]): number => shape.reduce((p, s) => p * s, 1);

const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
/** Position of a float32 on the ordered integer line (so ulp distance is a difference). */
function ordinal(x: number): number {
  f32[0] = x;
  const bits = i32[0]!;
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

/** Distance in float32 ulps; 0 when both NaN, Infinity when only one is NaN. */
export function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === b) return 0;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Infinity;
  return Math.abs(ordinal(a) - ordinal(b));
}

/** Index of the first element where `same` fails, or -1. */
export function firstMismatch(a: ArrayLike<number>, b: ArrayLike<number>, same: (x: number, y: number) => boolean): number {
  if (a.length !== b.length) return 0;
  for (let i = 0; i < a.length; i++) if (!same(a[i]!, b[i]!)) return i;
  return -1;
}

/** Bitwise-identical float results (NaN matches NaN, +0 does not match −0). */
export const identical = (x: number, y: number): boolean => Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y));
