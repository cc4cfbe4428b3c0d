/**
 * The fused convolution calls (im2colMatmul, matmulCol2im) on wasm give the same bits as wasm's
 * im2col then matmul (matmul then col2im), the separate kernels that matmul.test.ts and
 * conv.test.ts hold against ref (the product within float32 accumulation error of ref's float64
 * sums, the windows bit for bit): on the operands convolution.ts gives them (the forward per image
 * with the weight broadcast over the batch; the forward and the weight gradient over the columns
 * laid out by rows, one product per group; the input gradient per image), over random geometries,
 * groups and operand layouts. Under the threads-N projects every call is split too, so the bits
 * hold on 1, 2 and 4 threads. Ref's fused kernels are its im2col then matmul (matmul then col2im);
 * a hand-computed case pins both backends to the definition. A bias is added to each product row
 * after the product, rounded once (float32 addition), on both backends. The direct products
 * (wasm/conv-direct.ts) are checked apart: the forward and the weight gradient for the same bits,
 * the input gradient within float32 rounding of ref (its sums run in another order than col2im's).
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { ColumnsLayout, FloatView, WindowGeometry } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { directInputGradientApplies } from '../../../src/backend/wasm/conv-direct.js';
import { firstMismatch, identical, layoutArb, makeView, ranOn, valueArb, wasm } from './support.js';

/** A geometry with square windows (1 to 3), stride 1–2, padding 0–2 and dilation 1–2 over an h × w image. */
const geometryArb: fc.Arbitrary<WindowGeometry> = fc
  .record({ h: fc.integer({ min: 1, max: 9 }), w: fc.integer({ min: 1, max: 9 }), k: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 2 }), padding: fc.integer({ min: 0, max: 2 }), dilation: fc.integer({ min: 1, max: 2 }) })
  .filter(({ h, w, k, padding, dilation }) => Math.min(h, w) + 2 * padding >= dilation * (k - 1) + 1)
  .map((g) => {
    const out = (size: number) => Math.floor((size + 2 * g.padding - g.dilation * (g.k - 1) - 1) / g.stride) + 1;
    return { inputSize: [g.h, g.w], kernelSize: [g.k, g.k], stride: [g.stride, g.stride], padding: [g.padding, g.padding], dilation: [g.dilation, g.dilation], outputSize: [out(g.h), out(g.w)] };
  });

/** A float32 view of `shape` in a random layout. */
const viewOf = (shape: number[]) =>
  fc.tuple(layoutArb(shape.length, false), fc.array(valueArb(false), { minLength: 1, maxLength: 60 })).map(([l, v]) => makeView(shape, l, v) as FloatView);

/** A case: geometry, images, groups, channels per group and output channels per group, an image and the two other operands' values. */
const caseArb = fc
  .record({ geom: geometryArb, n: fc.integer({ min: 1, max: 3 }), groups: fc.integer({ min: 1, max: 2 }), c: fc.integer({ min: 1, max: 3 }), o: fc.integer({ min: 1, max: 5 }) })
  .chain((s) => fc.record({ s: fc.constant(s), x: viewOf([s.n, s.groups * s.c, ...s.geom.inputSize]), values: fc.array(valueArb(false), { minLength: 1, maxLength: 60 }) }));

/** `length` values cycled from `values`, as float32. */
const filled = (length: number, values: number[]) => Float32Array.from({ length }, (_, i) => values[i % values.length]!);

/** out = a·cols on wasm (which must run it in one call): the bits of wasm's im2col, then its matmul. */
function expectSameProduct(x: FloatView, geom: WindowGeometry, byRows: boolean, a: FloatView, cols: ColumnsLayout): void {
  const size = a.shape[0]! * a.shape[1]! * cols.shape[2]!;
  const want = new Float32Array(size);
  const got = new Float32Array(size).fill(12345);
  const columns = new Float32Array(x.shape[0]! * x.shape[1]! * geom.kernelSize[0] * geom.kernelSize[1] * geom.outputSize[0] * geom.outputSize[1]);
  wasm.im2col(x, geom, 0, columns, byRows);
  wasm.matmul(a, { ...cols, storage: columns }, want, false);
  expect(ranOn(() => wasm.im2colMatmul(x, geom, byRows, a, cols, got))).toEqual(['wasm']);
  expect(firstMismatch(got, want, identical)).toBe(-1);
}

/** With a bias [B, M] (any strides), each product row gets its entry added after the product, fround(product + bias), on wasm and on ref. */
function expectBiasAdded(x: FloatView, geom: WindowGeometry, byRows: boolean, a: FloatView, cols: ColumnsLayout, bias: FloatView): void {
  const [batch, m] = a.shape as [number, number];
  const n = cols.shape[2]!;
  const added = (plain: Float32Array) => plain.map((v, i) => Math.fround(v + bias.storage[bias.offset + Math.floor(i / (m * n)) * bias.strides[0]! + (Math.floor(i / n) % m) * bias.strides[1]!]!));
  for (const backend of [wasm, ref]) {
    const plain = new Float32Array(batch * m * n);
    const got = new Float32Array(batch * m * n).fill(12345);
    backend.im2colMatmul(x, geom, byRows, a, cols, plain);
    const run = () => backend.im2colMatmul(x, geom, byRows, a, cols, got, bias);
    if (backend === wasm) expect(ranOn(run)).toEqual(['wasm']);
    else run();
    expect(firstMismatch(got, added(plain), identical)).toBe(-1);
  }
}

describe('wasm im2colMatmul / matmulCol2im: the bits of the separate wasm kernels', () => {
  test('the forward per image: W [Cout, C·k] (batch stride 0) @ columns [N, C·k, L]', () => {
    fc.assert(
      fc.property(caseArb, ({ s, x, values }) => {
        const k = s.groups * s.c * s.geom.kernelSize[0] * s.geom.kernelSize[1];
        const positions = s.geom.outputSize[0] * s.geom.outputSize[1];
        const a: FloatView = { storage: filled(s.o * k + 3, values), offset: 3, shape: [s.n, s.o, k], strides: [0, k, 1] };
        expectSameProduct(x, s.geom, false, a, { offset: 0, shape: [s.n, k, positions], strides: [k * positions, positions, 1] });
        // the conv bias [Cout], broadcast over the images (batch stride 0), stepped by 2 in its storage
        const bias: FloatView = { storage: filled(2 * s.o, values.slice().reverse()), offset: 0, shape: [s.n, s.o], strides: [0, 2] };
        expectBiasAdded(x, s.geom, false, a, { offset: 0, shape: [s.n, k, positions], strides: [k * positions, positions, 1] }, bias);
      }),
      { numRuns: 150 },
    );
  });

  test('the direct product (stride 1, ≥ 64 positions and ≥ 32 rows): the bits of im2col then matmul, over the 256-tap blocks too', () => {
    // images 8–20 wide, kernels 1–5, so that the tiles of 8 positions cross rows' ends and the
    // last row; 4–40 channels, so that k = C·kH·kW reaches past matmul's 256-deep blocks; output
    // channels not a multiple of 4, and specials (NaN, ±∞) in the image and the weight
    const directArb = fc
      .record({ h: fc.integer({ min: 8, max: 20 }), w: fc.integer({ min: 8, max: 20 }), k: fc.integer({ min: 1, max: 5 }), padding: fc.integer({ min: 0, max: 2 }),
        dilation: fc.integer({ min: 1, max: 2 }), n: fc.integer({ min: 1, max: 3 }), c: fc.integer({ min: 4, max: 40 }), o: fc.integer({ min: 1, max: 9 }) })
      .map((g) => {
        const size = (s: number) => s + 2 * g.padding - g.dilation * (g.k - 1);
        return { ...g, geom: { inputSize: [g.h, g.w], kernelSize: [g.k, g.k], stride: [1, 1], padding: [g.padding, g.padding], dilation: [g.dilation, g.dilation], outputSize: [size(g.h), size(g.w)] } as WindowGeometry };
      })
      .filter((g) => g.geom.outputSize[0] * g.geom.outputSize[1] >= 64 && g.c * g.k * g.k >= 32)
      .chain((g) => fc.record({ g: fc.constant(g), x: fc.tuple(layoutArb(4, false), fc.array(valueArb(true), { minLength: 1, maxLength: 60 })).map(([l, v]) => makeView([g.n, g.c, g.h, g.w], l, v) as FloatView),
        values: fc.array(valueArb(true), { minLength: 1, maxLength: 60 }) }));
    fc.assert(
      fc.property(directArb, ({ g, x, values }) => {
        const k = g.c * g.k * g.k;
        const positions = g.geom.outputSize[0] * g.geom.outputSize[1];
        const a: FloatView = { storage: filled(g.o * k, values), offset: 0, shape: [g.n, g.o, k], strides: [0, k, 1] };
        const cols: ColumnsLayout = { offset: 0, shape: [g.n, k, positions], strides: [k * positions, positions, 1] };
        expectSameProduct(x, g.geom, false, a, cols);
        const bias: FloatView = { storage: filled(g.o, values.slice().reverse()), offset: 0, shape: [g.n, g.o], strides: [0, 1] };
        expectBiasAdded(x, g.geom, false, a, cols, bias);
      }),
      { numRuns: 60 },
    );
  });

  test('the direct product, by hand: out[o] = (o + 1)·x₀ + x₁ shifted one row and column down, over a 9×10 image', () => {
    // 4 channels, 3×3 windows with padding 1 (k = 36): W[o] has o + 1 at channel 0's centre tap
    // and 1 at channel 1's top-left tap, so out[o](y, x) = (o + 1)·x₀(y, x) + x₁(y − 1, x − 1),
    // the second term 0 on the first row and column; channels 2 and 3 have zero weights
    const [h, w, channels, outs] = [9, 10, 4, 5];
    const pixel = (c: number, y: number, x: number) => (c + 1) * 100 + y * 10 + x;
    const image = Float32Array.from({ length: channels * h * w }, (_, i) => pixel(Math.floor(i / (h * w)), Math.floor(i / w) % h, i % w));
    const x: FloatView = { storage: image, offset: 0, shape: [1, channels, h, w], strides: [channels * h * w, h * w, w, 1] };
    const geom: WindowGeometry = { inputSize: [h, w], kernelSize: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1], outputSize: [h, w] };
    const k = channels * 9;
    const weights = new Float32Array(outs * k);
    for (let o = 0; o < outs; o++) {
      weights[o * k + 4] = o + 1; // channel 0, tap (1, 1)
      weights[o * k + 9] = 1; // channel 1, tap (0, 0)
    }
    const a: FloatView = { storage: weights, offset: 0, shape: [1, outs, k], strides: [0, k, 1] };
    const want = Array.from({ length: outs * h * w }, (_, i) => {
      const [o, y, xx] = [Math.floor(i / (h * w)), Math.floor(i / w) % h, i % w];
      return (o + 1) * pixel(0, y, xx) + (y > 0 && xx > 0 ? pixel(1, y - 1, xx - 1) : 0);
    });
    for (const backend of [ref, wasm]) {
      const out = new Float32Array(outs * h * w);
      backend.im2colMatmul(x, geom, false, a, { offset: 0, shape: [1, k, h * w], strides: [k * h * w, h * w, 1] }, out);
      expect(Array.from(out)).toEqual(want);
    }
  });

  test('by rows, per group: the forward W [groups, o, k] @ [groups, k, N·L] and the weight gradient G [groups, o, N·L] @ colsᵀ', () => {
    fc.assert(
      fc.property(caseArb, ({ s, x, values }) => {
        const k = s.c * s.geom.kernelSize[0] * s.geom.kernelSize[1];
        const rows = s.n * s.geom.outputSize[0] * s.geom.outputSize[1];
        const w: FloatView = { storage: filled(s.groups * s.o * k, values), offset: 0, shape: [s.groups, s.o, k], strides: [s.o * k, k, 1] };
        expectSameProduct(x, s.geom, true, w, { offset: 0, shape: [s.groups, k, rows], strides: [k * rows, rows, 1] });
        const bias: FloatView = { storage: filled(s.groups * s.o, values.slice().reverse()), offset: 0, shape: [s.groups, s.o], strides: [s.o, 1] };
        expectBiasAdded(x, s.geom, true, w, { offset: 0, shape: [s.groups, k, rows], strides: [k * rows, rows, 1] }, bias);
        const g: FloatView = { storage: filled(s.groups * s.o * rows, values.slice(1).concat(values)), offset: 0, shape: [s.groups, s.o, rows], strides: [s.o * rows, rows, 1] };
        expectSameProduct(x, s.geom, true, g, { offset: 0, shape: [s.groups, rows, k], strides: [k * rows, 1, rows] });
      }),
      { numRuns: 150 },
    );
  });

  test('the input gradient: col2im(Wᵀ [C·k, Cout] (batch stride 0) @ G [N, Cout, L]), G in random layouts', () => {
    const gradArb = caseArb.chain(({ s, values }) =>
      fc.tuple(fc.constant(s), fc.constant(values), viewOf([s.n, s.o, s.geom.outputSize[0] * s.geom.outputSize[1]])));
    fc.assert(
      fc.property(gradArb, ([s, values, g]) => {
        const channels = s.groups * s.c;
        const k = channels * s.geom.kernelSize[0] * s.geom.kernelSize[1];
        // the weight [Cout, C·k] read transposed
        const wt: FloatView = { storage: filled(s.o * k, values), offset: 0, shape: [s.n, k, s.o], strides: [0, 1, k] };
        fc.pre(!directInputGradientApplies(s.geom, wt, s.n)); // that product's sums run in another order: the test below
        const size = s.n * channels * s.geom.inputSize[0] * s.geom.inputSize[1];
        const want = new Float32Array(size);
        const got = new Float32Array(size);
        const columns = new Float32Array(s.n * k * g.shape[2]!);
        wasm.matmul(wt, g, columns, false);
        wasm.col2im({ storage: columns, offset: 0, shape: [s.n, k, g.shape[2]!], strides: [k * g.shape[2]!, g.shape[2]!, 1] }, s.geom, want);
        expect(ranOn(() => wasm.matmulCol2im(wt, g, s.geom, got))).toEqual(['wasm']);
        expect(firstMismatch(got, want, identical)).toBe(-1);
      }),
      { numRuns: 150 },
    );
  });

  test('the input gradient by rows: col2im of Wᵀ [1, C·k, Cout] @ G [1, Cout, N·L], or G read in place as [1, Cout, N, L] from the gradient [N, Cout, L] in random layouts: the bits of matmul then col2im over the columns [N, C·k, L] (strides L, N·L, 1), on wasm and ref', () => {
    const gradArb = caseArb.chain(({ s, values }) =>
      fc.tuple(fc.constant(s), fc.constant(values), viewOf([s.n, s.o, s.geom.outputSize[0] * s.geom.outputSize[1]]), fc.boolean()));
    fc.assert(
      fc.property(gradArb, ([s, values, grad, inPlace]) => {
        const channels = s.groups * s.c;
        const k = channels * s.geom.kernelSize[0] * s.geom.kernelSize[1];
        const positions = s.geom.outputSize[0] * s.geom.outputSize[1];
        const rows = s.n * positions;
        const wt: FloatView = { storage: filled(s.o * k, values), offset: 0, shape: [1, k, s.o], strides: [0, 1, k] };
        const [sN, sC, sL] = grad.strides as [number, number, number];
        const copied = new Float32Array(s.o * rows);
        for (let o = 0; o < s.o; o++) for (let i = 0; i < s.n; i++) for (let l = 0; l < positions; l++) copied[(o * s.n + i) * positions + l] = grad.storage[grad.offset + i * sN + o * sC + l * sL]!;
        const matrix: FloatView = { storage: copied, offset: 0, shape: [1, s.o, rows], strides: [s.o * rows, rows, 1] };
        const g: FloatView = inPlace ? { storage: grad.storage, offset: grad.offset, shape: [1, s.o, s.n, positions], strides: [0, sC, sN, sL] } : matrix;
        const size = s.n * channels * s.geom.inputSize[0] * s.geom.inputSize[1];
        for (const backend of [wasm, ref]) {
          const want = new Float32Array(size);
          const got = new Float32Array(size);
          const columns = new Float32Array(k * rows);
          backend.matmul(wt, matrix, columns, false);
          backend.col2im({ storage: columns, offset: 0, shape: [s.n, k, positions], strides: [positions, rows, 1] }, s.geom, want);
          const run = () => backend.matmulCol2im(wt, g, s.geom, got, true);
          if (backend === wasm) expect(ranOn(run)).toEqual(['wasm']);
          else run();
          expect(firstMismatch(got, want, identical)).toBe(-1);
        }
      }),
      { numRuns: 150 },
    );
  });

  test('the weight gradient without columns (one group, ≥ 64 positions, ≥ 32 taps, any stride): the bits of im2col then matmul', () => {
    const directArb = fc
      .record({ h: fc.integer({ min: 8, max: 24 }), w: fc.integer({ min: 8, max: 24 }), k: fc.integer({ min: 1, max: 5 }), stride: fc.integer({ min: 1, max: 3 }), padding: fc.integer({ min: 0, max: 2 }),
        dilation: fc.integer({ min: 1, max: 2 }), n: fc.integer({ min: 1, max: 3 }), c: fc.integer({ min: 2, max: 40 }), o: fc.integer({ min: 1, max: 19 }) })
      .map((g) => {
        const size = (s: number) => Math.floor((s + 2 * g.padding - g.dilation * (g.k - 1) - 1) / g.stride) + 1;
        return { ...g, geom: { inputSize: [g.h, g.w], kernelSize: [g.k, g.k], stride: [g.stride, g.stride], padding: [g.padding, g.padding], dilation: [g.dilation, g.dilation], outputSize: [size(g.h), size(g.w)] } as WindowGeometry };
      })
      .filter((g) => g.geom.outputSize[0] >= 1 && g.geom.outputSize[0] * g.geom.outputSize[1] >= 64 && g.c * g.k * g.k >= 32)
      .chain((g) => fc.record({ g: fc.constant(g), x: fc.tuple(layoutArb(4, false), fc.array(valueArb(true), { minLength: 1, maxLength: 60 })).map(([l, v]) => makeView([g.n, g.c, g.h, g.w], l, v) as FloatView),
        grad: viewOf([1, g.o, g.n * g.geom.outputSize[0] * g.geom.outputSize[1]]) }));
    fc.assert(
      fc.property(directArb, ({ g, x, grad }) => {
        const k = g.c * g.k * g.k;
        const rows = g.n * g.geom.outputSize[0] * g.geom.outputSize[1];
        expectSameProduct(x, g.geom, true, grad, { offset: 0, shape: [1, rows, k], strides: [k * rows, 1, rows] });
      }),
      { numRuns: 60 },
    );
  });

  test('the weight gradient with G read in place as [groups, o, N, L] from the gradient [N, groups·o, L] in random layouts: the bits of G copied to [groups, o, N·L], by columns and without, on wasm and ref', () => {
    // small geometries and groups (the columns) or one group with ≥ 64 positions and ≥ 32 taps (the direct product)
    const directArb = fc
      .record({ h: fc.integer({ min: 8, max: 14 }), w: fc.integer({ min: 8, max: 14 }), k: fc.integer({ min: 1, max: 3 }), padding: fc.integer({ min: 0, max: 1 }) })
      .map(({ h, w, k, padding }) => ({ inputSize: [h, w], kernelSize: [k, k], stride: [1, 1], padding: [padding, padding], dilation: [1, 1], outputSize: [h + 2 * padding - k + 1, w + 2 * padding - k + 1] }) as WindowGeometry)
      .chain((geom) => fc.record({ geom: fc.constant(geom), n: fc.integer({ min: 1, max: 3 }), groups: fc.constant(1), c: fc.integer({ min: 4, max: 12 }), o: fc.integer({ min: 1, max: 11 }) }));
    const shapeArb = fc.oneof(caseArb.map(({ s }) => s), directArb.filter((s) => s.c * s.geom.kernelSize[0] * s.geom.kernelSize[1] >= 32));
    const inPlaceArb = shapeArb.chain((s) => fc.record({ s: fc.constant(s), x: viewOf([s.n, s.groups * s.c, ...s.geom.inputSize]), grad: viewOf([s.n, s.groups * s.o, s.geom.outputSize[0] * s.geom.outputSize[1]]) }));
    fc.assert(
      fc.property(inPlaceArb, ({ s, x, grad }) => {
        const k = s.c * s.geom.kernelSize[0] * s.geom.kernelSize[1];
        const positions = s.geom.outputSize[0] * s.geom.outputSize[1];
        const rows = s.n * positions;
        const [sN, sC, sL] = grad.strides as [number, number, number];
        const inPlace: FloatView = { storage: grad.storage, offset: grad.offset, shape: [s.groups, s.o, s.n, positions], strides: [s.o * sC, sC, sN, sL] };
        const copied = new Float32Array(s.groups * s.o * rows);
        for (let g = 0; g < s.groups; g++) for (let o = 0; o < s.o; o++) for (let i = 0; i < s.n; i++) for (let l = 0; l < positions; l++) {
          copied[((g * s.o + o) * s.n + i) * positions + l] = grad.storage[grad.offset + i * sN + (g * s.o + o) * sC + l * sL]!;
        }
        const matrix: FloatView = { storage: copied, offset: 0, shape: [s.groups, s.o, rows], strides: [s.o * rows, rows, 1] };
        const cols: ColumnsLayout = { offset: 0, shape: [s.groups, rows, k], strides: [k * rows, 1, rows] };
        for (const backend of [wasm, ref]) {
          const want = new Float32Array(s.groups * s.o * k);
          const got = new Float32Array(s.groups * s.o * k).fill(12345);
          backend.im2colMatmul(x, s.geom, true, matrix, cols, want);
          const run = () => backend.im2colMatmul(x, s.geom, true, inPlace, cols, got);
          if (backend === wasm) expect(ranOn(run)).toEqual(['wasm']);
          else run();
          expect(firstMismatch(got, want, identical)).toBe(-1);
        }
      }),
      { numRuns: 120 },
    );
  });

  test('the input gradient as a direct product (stride 1, padding ≤ the dilated kernel − 1, ≥ 64 pixels, ≥ 32 rows, ≥ 8 channels): within float32 rounding of ref', () => {
    // G [N, Cout, L] in random layouts; Cout·kh·kw from 32 past 256 (matmul's block depth); 8–11
    // input channels, so the tile's last four rows are partly used
    const directArb = fc
      .record({ h: fc.integer({ min: 8, max: 18 }), w: fc.integer({ min: 8, max: 18 }), k: fc.integer({ min: 1, max: 5 }), padding: fc.integer({ min: 0, max: 2 }),
        dilation: fc.integer({ min: 1, max: 2 }), n: fc.integer({ min: 1, max: 3 }), c: fc.integer({ min: 8, max: 11 }), o: fc.integer({ min: 4, max: 30 }) })
      .filter((g) => g.padding <= (g.k - 1) * g.dilation && g.o * g.k * g.k >= 32)
      .map((g) => {
        const size = (s: number) => s + 2 * g.padding - g.dilation * (g.k - 1);
        return { ...g, geom: { inputSize: [g.h, g.w], kernelSize: [g.k, g.k], stride: [1, 1], padding: [g.padding, g.padding], dilation: [g.dilation, g.dilation], outputSize: [size(g.h), size(g.w)] } as WindowGeometry };
      })
      .chain((g) => fc.record({ g: fc.constant(g), gv: viewOf([g.n, g.o, g.geom.outputSize[0] * g.geom.outputSize[1]]), values: fc.array(valueArb(false), { minLength: 1, maxLength: 60 }) }));
    fc.assert(
      fc.property(directArb, ({ g, gv, values }) => {
        const k = g.c * g.k * g.k;
        const wt: FloatView = { storage: filled(g.o * k, values), offset: 0, shape: [g.n, k, g.o], strides: [0, 1, k] };
        const size = g.n * g.c * g.h * g.w;
        const want = new Float32Array(size);
        const got = new Float32Array(size).fill(12345);
        ref.matmulCol2im(wt, gv, g.geom, want);
        expect(ranOn(() => wasm.matmulCol2im(wt, gv, g.geom, got))).toEqual(['wasm']);
        // each pixel sums Cout·kh·kw products: the error bound of that many float32 additions on Σ|terms|
        const abs = (v: FloatView): FloatView => ({ ...v, storage: (v.storage as Float32Array).map(Math.abs) });
        const scale = new Float32Array(size);
        ref.matmulCol2im(abs(wt), abs(gv), g.geom, scale);
        const terms = g.o * g.k * g.k;
        for (let i = 0; i < size; i++) {
          const tol = (terms + 3) * 2 ** -24 * scale[i]! + 1e-30;
          if (!(Math.abs(got[i]! - want[i]!) <= tol)) expect({ i, got: got[i], want: want[i], tol }).toBe('within float32 rounding of ref');
        }
      }),
      { numRuns: 60 },
    );
  });

  test('a hand-computed case: a 2×2 kernel over a 3×3 image with padding 1, and the input gradient back', () => {
    // x = [[1, 2, 3], [4, 5, 6], [7, 8, 9]], W = [[1, 0], [0, −1]]: out(oy, ox) = x(oy−1, ox−1) − x(oy, ox), 0 outside
    const x: FloatView = { storage: Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), offset: 0, shape: [1, 1, 3, 3], strides: [9, 9, 3, 1] };
    const geom: WindowGeometry = { inputSize: [3, 3], kernelSize: [2, 2], stride: [1, 1], padding: [1, 1], dilation: [1, 1], outputSize: [4, 4] };
    const w: FloatView = { storage: Float32Array.from([1, 0, 0, -1]), offset: 0, shape: [1, 1, 4], strides: [0, 4, 1] };
    const cols: ColumnsLayout = { offset: 0, shape: [1, 4, 16], strides: [64, 16, 1] };
    const want = [-1, -2, -3, 0, -4, -4, -4, 3, -7, -4, -4, 6, 0, 7, 8, 9];
    for (const backend of [ref, wasm]) {
      const out = new Float32Array(16);
      backend.im2colMatmul(x, geom, false, w, cols, out);
      expect(Array.from(out)).toEqual(want);
    }
    // the input gradient of Σ out: each pixel is read once by W's 1 and once by its −1, so 0 everywhere
    const ones: FloatView = { storage: new Float32Array(16).fill(1), offset: 0, shape: [1, 1, 16], strides: [16, 16, 1] };
    const wt: FloatView = { storage: Float32Array.from([1, 0, 0, -1]), offset: 0, shape: [1, 4, 1], strides: [0, 1, 4] };
    for (const backend of [ref, wasm]) {
      const gx = new Float32Array(9).fill(0);
      backend.matmulCol2im(wt, ones, geom, gx);
      expect(Array.from(gx)).toEqual(new Array(9).fill(0));
    }
  });

  test('float64 runs on ref', () => {
    const geom: WindowGeometry = { inputSize: [2, 2], kernelSize: [1, 1], stride: [1, 1], padding: [0, 0], dilation: [1, 1], outputSize: [2, 2] };
    const x: FloatView = { storage: Float64Array.from([1, 2, 3, 4]), offset: 0, shape: [1, 1, 2, 2], strides: [4, 4, 2, 1] };
    const w: FloatView = { storage: Float64Array.from([0.5]), offset: 0, shape: [1, 1, 1], strides: [0, 1, 1] };
    const out = new Float64Array(4);
    expect(ranOn(() => wasm.im2colMatmul(x, geom, false, w, { offset: 0, shape: [1, 1, 4], strides: [4, 4, 1] }, out))).toEqual(['ref']);
    expect(Array.from(out)).toEqual([0.5, 1, 1.5, 2]);
  });
});
