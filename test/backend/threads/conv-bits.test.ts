/**
 * im2col, col2im and max pooling split across threads by image planes give the same bits as one call: random
 * geometries (stride, padding, dilation, 1×1 to 3×3 windows, one image or several, padding values
 * including −∞ and a fraction, which must reach the workers as float32, im2col's columns laid out
 * per image or by rows), the workers computing
 * every block, the arena poisoned between runs. Expected bits: the single-threaded kernel, which
 * the wasm parity suite checks against ref.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FloatView, WindowGeometry } from '../../../src/backend/backend.js';
import { setNumThreads } from '../../../src/backend/threads/settings.js';
import { wasm } from '../wasm/support.js';
import { poisonArena, poolWith, splittingAll } from './support.js';

const geometryArb = fc
  .record({
    batch: fc.integer({ min: 1, max: 4 }),
    channels: fc.integer({ min: 1, max: 5 }),
    h: fc.integer({ min: 1, max: 11 }),
    w: fc.integer({ min: 1, max: 11 }),
    k: fc.integer({ min: 1, max: 3 }),
    stride: fc.integer({ min: 1, max: 2 }),
    padding: fc.integer({ min: 0, max: 2 }),
    dilation: fc.integer({ min: 1, max: 2 }),
    padValue: fc.constantFrom(0, -Infinity, 0.375, -2.5),
    byRows: fc.boolean(),
  })
  .filter(({ h, w, k, padding, dilation }) => h + 2 * padding >= dilation * (k - 1) + 1 && w + 2 * padding >= dilation * (k - 1) + 1);

type GeometryCase = typeof geometryArb extends fc.Arbitrary<infer T> ? T : never;

function geometry(g: { h: number; w: number; k: number; stride: number; padding: number; dilation: number }): WindowGeometry {
  const out = (size: number) => Math.floor((size + 2 * g.padding - g.dilation * (g.k - 1) - 1) / g.stride) + 1;
  return { inputSize: [g.h, g.w], kernelSize: [g.k, g.k], stride: [g.stride, g.stride], padding: [g.padding, g.padding], dilation: [g.dilation, g.dilation], outputSize: [out(g.h), out(g.w)] };
}

function values(n: number, seed: number): Float32Array {
  return new Float32Array(n).map((_, i) => Math.sin(i * 0.7 + seed) * 3);
}

/** The property that `run` (one case's results as raw bits on a thread count) gives 1 thread's bits on 2 and 4. */
const sameOnThreads = <G>(run: (threads: number, g: G) => Promise<Uint32Array[]>) => async (g: G): Promise<void> => {
  const one = await run(1, g);
  expect(await run(2, g)).toEqual(one);
  expect(await run(4, g)).toEqual(one);
};

/** im2col then col2im of its columns (as raw bits), with `threads` threads. */
async function run(threads: number, batch: number, channels: number, geom: WindowGeometry, padValue: number, byRows: boolean): Promise<[Uint32Array, Uint32Array]> {
  if (threads === 1) setNumThreads(1);
  else await poolWith(threads);
  const [h, w] = geom.inputSize;
  const [kh, kw] = geom.kernelSize;
  const L = geom.outputSize[0] * geom.outputSize[1];
  const x: FloatView = { storage: values(batch * channels * h * w, 1), offset: 0, shape: [batch, channels, h, w], strides: [channels * h * w, h * w, w, 1] };
  const cols = new Float32Array(batch * channels * kh * kw * L);
  const colsView: FloatView = { storage: values(cols.length, 2), offset: 0, shape: [batch, channels * kh * kw, L], strides: [channels * kh * kw * L, L, 1] };
  const image = new Float32Array(batch * channels * h * w);
  poisonArena();
  splittingAll(() => wasm.im2col(x, geom, padValue, cols, byRows), threads > 1);
  poisonArena();
  splittingAll(() => wasm.col2im(colsView, geom, image), threads > 1);
  return [new Uint32Array(cols.buffer), new Uint32Array(image.buffer)];
}

describe('im2col and col2im with 1, 2 and 4 threads give identical bits', () => {
  test('random geometries, one image (split by channels) or several (split by images)', async () => {
    await fc.assert(
      fc.asyncProperty(geometryArb, sameOnThreads((threads, g: GeometryCase) => run(threads, g.batch, g.channels, geometry(g), g.padValue, g.byRows))),
      { numRuns: 40 },
    );
  });
});

/** The direct products (stride 1): the forward, the input gradient and the weight gradient, as raw bits with `threads` threads. */
async function runDirect(threads: number, g: { batch: number; channels: number; outs: number; h: number; w: number; k: number; padding: number; dilation: number }): Promise<Uint32Array[]> {
  if (threads === 1) setNumThreads(1);
  else await poolWith(threads);
  const geom = geometry({ ...g, stride: 1 });
  const [oh, ow] = geom.outputSize;
  const k = g.channels * g.k * g.k;
  const x: FloatView = { storage: values(g.batch * g.channels * g.h * g.w, 3), offset: 0, shape: [g.batch, g.channels, g.h, g.w], strides: [g.channels * g.h * g.w, g.h * g.w, g.w, 1] };
  const weight = values(g.outs * k, 4);
  const w: FloatView = { storage: weight, offset: 0, shape: [g.batch, g.outs, k], strides: [0, k, 1] };
  const product = new Float32Array(g.batch * g.outs * oh * ow);
  const grad: FloatView = { storage: values(product.length, 5), offset: 0, shape: [g.batch, g.outs, oh * ow], strides: [g.outs * oh * ow, oh * ow, 1] };
  const wt: FloatView = { storage: weight, offset: 0, shape: [g.batch, k, g.outs], strides: [0, 1, k] };
  const image = new Float32Array(g.batch * g.channels * g.h * g.w);
  poisonArena();
  splittingAll(() => wasm.im2colMatmul(x, geom, false, w, { offset: 0, shape: [g.batch, k, oh * ow], strides: [k * oh * ow, oh * ow, 1] }, product), threads > 1);
  poisonArena();
  splittingAll(() => wasm.matmulCol2im(wt, grad, geom, image), threads > 1);
  // the weight gradient: G [1, Cout, N·L] · the columns laid out by rows, transposed
  const rows = g.batch * oh * ow;
  const gRows: FloatView = { storage: values(g.outs * rows, 6), offset: 0, shape: [1, g.outs, rows], strides: [g.outs * rows, rows, 1] };
  const gw = new Float32Array(g.outs * k);
  poisonArena();
  splittingAll(() => wasm.im2colMatmul(x, geom, true, gRows, { offset: 0, shape: [1, rows, k], strides: [k * rows, 1, rows] }, gw), threads > 1);
  return [new Uint32Array(product.buffer), new Uint32Array(image.buffer), new Uint32Array(gw.buffer)];
}

describe('the direct convolution products with 1, 2 and 4 threads give identical bits', () => {
  test('stride 1, ≥ 64 positions, ≥ 32 rows: one image (split by tiles) or several (split by images)', async () => {
    const directArb = fc
      .record({ batch: fc.integer({ min: 1, max: 3 }), channels: fc.integer({ min: 4, max: 12 }), outs: fc.integer({ min: 4, max: 10 }), h: fc.integer({ min: 8, max: 30 }),
        w: fc.integer({ min: 8, max: 30 }), k: fc.integer({ min: 1, max: 3 }), padding: fc.integer({ min: 0, max: 2 }), dilation: fc.integer({ min: 1, max: 2 }) })
      .filter((g) => g.padding <= (g.k - 1) * g.dilation && (g.h - (g.k - 1) * g.dilation + 2 * g.padding) * (g.w - (g.k - 1) * g.dilation + 2 * g.padding) >= 64);
    await fc.assert(
      fc.asyncProperty(directArb, sameOnThreads(runDirect)),
      { numRuns: 30 },
    );
  });
});

/** Max pooling's arg-max and maxima with `threads` threads, every call split (left to the workers), as raw bits. */
async function runPool(threads: number, g: { batch: number; channels: number; h: number; w: number; k: number; stride: number; padding: number; dilation: number }): Promise<Uint32Array[]> {
  if (threads === 1) setNumThreads(1);
  else await poolWith(threads);
  const geom = geometry(g);
  const x: FloatView = { storage: values(g.batch * g.channels * g.h * g.w, 7), offset: 0, shape: [g.batch, g.channels, g.h, g.w], strides: [g.channels * g.h * g.w, g.h * g.w, g.w, 1] };
  const size = g.batch * g.channels * geom.outputSize[0] * geom.outputSize[1];
  const indices = new Int32Array(size);
  const maxima = new Float32Array(size);
  poisonArena();
  splittingAll(() => wasm.maxPoolIndices(x, geom, indices, maxima), threads > 1);
  return [new Uint32Array(indices.buffer), new Uint32Array(maxima.buffer)];
}

describe('max pooling with 1, 2 and 4 threads gives identical indices and maxima', () => {
  test('random geometries; one image (split by channels, 1–9 of them: the four-channel groups cut) or several (split by images)', async () => {
    const poolArb = fc
      .record({ batch: fc.integer({ min: 1, max: 4 }), channels: fc.integer({ min: 1, max: 9 }), h: fc.integer({ min: 1, max: 12 }), w: fc.integer({ min: 1, max: 12 }),
        k: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 3 }), padding: fc.integer({ min: 0, max: 1 }), dilation: fc.integer({ min: 1, max: 2 }) })
      .filter((g) => 2 * g.padding <= g.k && g.h + 2 * g.padding >= g.dilation * (g.k - 1) + 1 && g.w + 2 * g.padding >= g.dilation * (g.k - 1) + 1);
    await fc.assert(
      fc.asyncProperty(poolArb, sameOnThreads(runPool)),
      { numRuns: 40 },
    );
  });
});
