import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { FloatView, View, WindowGeometry } from '../../../src/backend/backend.js';
import { refBackend as ref } from '../../../src/backend/ref/index.js';
import { firstMismatch, identical, layoutArb, makeView, valueArb, wasm, ranOn } from './support.js';


/**
 * One spatial dim: size, kernel, stride, padding, dilation and an extra ceil-mode window or not.
 * `wide` rows are now and then 40–70 long, on both sides of the length (48 positions) up to which
 * padded windows go through a padded copy of each plane, so both ways are checked.
 */
const dimArb = (oneD: boolean, wide = false) =>
  fc.record({
    size: oneD ? fc.constant(1) : wide ? fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 11 }) }, { weight: 1, arbitrary: fc.integer({ min: 40, max: 70 }) }) : fc.integer({ min: 1, max: 11 }),
    kernel: oneD ? fc.constant(1) : fc.integer({ min: 1, max: 4 }),
    stride: oneD ? fc.constant(1) : fc.integer({ min: 1, max: 3 }),
    padding: oneD ? fc.constant(0) : fc.integer({ min: 0, max: 3 }),
    dilation: oneD ? fc.constant(1) : fc.integer({ min: 1, max: 3 }),
    extra: oneD ? fc.constant(0) : fc.integer({ min: 0, max: 1 }),
  });

/** Random geometries (1-D as H = 1), biased to the shapes conv and pooling produce. */
const geometryArb: fc.Arbitrary<WindowGeometry> = fc
  .boolean()
  .chain((oneD) => fc.tuple(dimArb(oneD), dimArb(false, true)))
  .filter(([a, b]) => [a, b].every((d) => d.dilation * (d.kernel - 1) + 1 <= d.size + 2 * d.padding))
  .map(([a, b]) => {
    const out = (d: typeof a) => Math.floor((d.size + 2 * d.padding - d.dilation * (d.kernel - 1) - 1) / d.stride) + 1 + d.extra;
    return {
      inputSize: [a.size, b.size],
      kernelSize: [a.kernel, b.kernel],
      stride: [a.stride, b.stride],
      padding: [a.padding, b.padding],
      dilation: [a.dilation, b.dilation],
      outputSize: [out(a), out(b)],
    } as WindowGeometry;
  });

const countArb = fc.oneof({ weight: 1, arbitrary: fc.constantFrom(0, 1) }, { weight: 4, arbitrary: fc.integer({ min: 1, max: 3 }) });

/** A float32 view of `shape` in a random layout (transposed, stepped, flipped, offset, broadcast). */
const viewOf = (shape: number[]) =>
  fc.tuple(layoutArb(shape.length), fc.array(valueArb(true), { minLength: 1, maxLength: 50 })).map(([l, v]) => makeView(shape, l, v) as FloatView);

describe('wasm im2col / col2im equal ref', () => {
  test('im2col: bit-identical over random geometries, layouts, pad values (0, −∞, any) and output layouts (per image, by rows)', () => {
    const caseArb = fc.tuple(geometryArb, countArb, countArb).chain(([geom, n, c]) =>
      fc.tuple(fc.constant(geom), viewOf([n, c, ...geom.inputSize]), fc.oneof(fc.constantFrom(0, -Infinity), valueArb(false)), fc.boolean()),
    );
    fc.assert(
      fc.property(caseArb, ([geom, x, padValue, byRows]) => {
        const [n, c] = x.shape as [number, number];
        const size = n * c * geom.kernelSize[0] * geom.kernelSize[1] * geom.outputSize[0] * geom.outputSize[1];
        const want = new Float32Array(size);
        const got = new Float32Array(size).fill(12345);
        ref.im2col(x, geom, padValue, want, byRows);
        expect(ranOn(() => wasm.im2col(x, geom, padValue, got, byRows))).toEqual(['wasm']);
        expect(firstMismatch(got, want, identical)).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });

  test('col2im: bit-identical (same summation order) over random geometries and column layouts', () => {
    const caseArb = fc.tuple(geometryArb, countArb, countArb).chain(([geom, n, c]) =>
      fc.tuple(fc.constant(geom), fc.constant(c), viewOf([n, c * geom.kernelSize[0] * geom.kernelSize[1], geom.outputSize[0] * geom.outputSize[1]])),
    );
    fc.assert(
      fc.property(caseArb, ([geom, c, cols]) => {
        const size = cols.shape[0]! * c * geom.inputSize[0] * geom.inputSize[1];
        const want = new Float32Array(size);
        const got = new Float32Array(size);
        ref.col2im(cols, geom, want);
        expect(ranOn(() => wasm.col2im(cols, geom, got))).toEqual(['wasm']);
        expect(firstMismatch(got, want, identical)).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });

  test('col2im is the adjoint of im2col on wasm: <im2col(x), y> = <x, col2im(y)>', () => {
    const geom: WindowGeometry = { inputSize: [9, 10], kernelSize: [3, 2], stride: [2, 1], padding: [1, 1], dilation: [1, 2], outputSize: [5, 9] };
    const transposed = { perm: [0, 1, 3, 2], steps: [1, 1, 1, 1], flips: [false, false, false, false], broadcast: [false, false, false, false], lead: 3 };
    const x = makeView([2, 3, 9, 10], transposed, [0.5, -1.25, 2, 0.75, -3]) as FloatView;
    const cols = new Float32Array(2 * 3 * 6 * 45).map((_, i) => Math.sin(i));
    const xCols = new Float32Array(cols.length);
    wasm.im2col(x, geom, 0, xCols);
    const back = new Float32Array(2 * 3 * 9 * 10);
    wasm.col2im({ storage: cols, offset: 0, shape: [2, 18, 45], strides: [810, 45, 1] }, geom, back);
    const dense = new Float32Array(back.length);
    ref.copy(x, { storage: dense, offset: 0, shape: x.shape, strides: [270, 90, 10, 1] });
    const lhs = xCols.reduce((s, v, i) => s + v * cols[i]!, 0);
    const rhs = dense.reduce((s, v, i) => s + v * back[i]!, 0);
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-3 * (1 + Math.abs(lhs)));
  });

  test('float64 runs on ref', () => {
    const geom: WindowGeometry = { inputSize: [3, 3], kernelSize: [2, 2], stride: [1, 1], padding: [0, 0], dilation: [1, 1], outputSize: [2, 2] };
    const x: View = { storage: new Float64Array(9).map((_, i) => i), offset: 0, shape: [1, 1, 3, 3], strides: [9, 9, 3, 1] };
    const out = new Float64Array(16);
    expect(ranOn(() => wasm.im2col(x as FloatView, geom, 0, out))).toEqual(['ref']);
    expect(Array.from(out.subarray(0, 4))).toEqual([0, 1, 3, 4]);
    const back = new Float64Array(9);
    expect(ranOn(() => wasm.col2im({ storage: out, offset: 0, shape: [1, 4, 4], strides: [16, 4, 1] }, geom, back))).toEqual(['ref']);
    expect(back[4]).toBe(16);
  });
});

/** True when every window of the geometry has an in-image position (what max pooling's arguments guarantee). */
function everyWindowTouchesImage(geom: WindowGeometry): boolean {
  return [0, 1].every((d) =>
    Array.from({ length: geom.outputSize[d]! }, (_, o) => o).every((o) =>
      Array.from({ length: geom.kernelSize[d]! }, (_, k) => o * geom.stride[d]! - geom.padding[d]! + k * geom.dilation[d]!).some(
        (i) => i >= 0 && i < geom.inputSize[d]!,
      ),
    ),
  );
}

/**
 * The arg-max by its definition, written independently of both kernels: all in-image positions
 * of the window in row-major order, the first maximum among them, except that a NaN wins and a
 * later NaN replaces it (PyTorch's `v > max || isnan(v)` scan).
 */
function argmaxByDefinition(values: number[], positions: number[]): number {
  const nan = positions.filter((_, i) => Number.isNaN(values[i]!));
  if (nan.length > 0) return nan[nan.length - 1]!;
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return positions[best]!;
}

describe('max pooling arg-max: wasm equals ref, and both equal the definition', () => {
  test('random geometries, layouts and special values (NaN, ±∞, ties); indices and maxima', () => {
    const caseArb = geometryArb.filter(everyWindowTouchesImage).chain((geom) =>
      fc.tuple(fc.constant(geom), countArb, countArb).chain(([g, n, c]) =>
        fc.tuple(fc.constant(g), fc.tuple(layoutArb(4), fc.array(fc.oneof(valueArb(true), fc.constantFrom(1, 1, -Infinity)), { minLength: 1, maxLength: 40 })).map(([l, v]) =>
          makeView([n, c, ...g.inputSize], l, v) as FloatView)),
      ),
    );
    fc.assert(
      fc.property(caseArb, ([geom, x]) => {
        const [n, c] = x.shape as [number, number];
        const [h, w] = geom.inputSize;
        const [oh, ow] = geom.outputSize;
        const want = new Int32Array(n * c * oh * ow);
        const got = new Int32Array(n * c * oh * ow).fill(-7);
        ref.maxPoolIndices(x, geom, want);
        expect(ranOn(() => wasm.maxPoolIndices(x, geom, got))).toEqual(['wasm']);
        expect(Array.from(got)).toEqual(Array.from(want));
        // with the maxima too: the same indices, and the values (bits) at them
        const wantValues = new Float32Array(want.length);
        const gotValues = new Float32Array(want.length).fill(12345);
        const gotAgain = new Int32Array(want.length).fill(-7);
        ref.maxPoolIndices(x, geom, new Int32Array(want.length), wantValues);
        expect(ranOn(() => wasm.maxPoolIndices(x, geom, gotAgain, gotValues))).toEqual(['wasm']);
        expect(Array.from(gotAgain)).toEqual(Array.from(want));
        expect(firstMismatch(gotValues, wantValues, identical)).toBe(-1);
        // the definition, on the first image and channel
        if (n * c === 0) return;
        const at = (iy: number, ix: number) => x.storage[x.offset + iy * x.strides[2]! + ix * x.strides[3]!]!;
        for (let oy = 0; oy < oh; oy++) {
          for (let ox = 0; ox < ow; ox++) {
            const positions: number[] = [];
            const values: number[] = [];
            for (let ki = 0; ki < geom.kernelSize[0]; ki++) {
              for (let kj = 0; kj < geom.kernelSize[1]; kj++) {
                const iy = oy * geom.stride[0] - geom.padding[0] + ki * geom.dilation[0];
                const ix = ox * geom.stride[1] - geom.padding[1] + kj * geom.dilation[1];
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                positions.push(iy * w + ix);
                values.push(at(iy, ix));
              }
            }
            expect(want[oy * ow + ox]).toBe(argmaxByDefinition(values, positions));
            const index = want[oy * ow + ox]!;
            expect(Object.is(wantValues[oy * ow + ox], Math.fround(at(Math.floor(index / w), index % w)))).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  test('four channels at a time where rows hold fewer than four inside windows: 4–9 channels, random geometries and layouts, NaN and ties', () => {
    // maxPoolAcrossChannels: lanes are channels; the last channels (fewer than four) and the
    // windows reaching into the padding run one at a time
    const caseArb = geometryArb.filter(everyWindowTouchesImage).chain((geom) =>
      fc.tuple(fc.constant(geom), fc.integer({ min: 1, max: 2 }), fc.integer({ min: 4, max: 9 })).chain(([g, n, c]) =>
        fc.tuple(fc.constant(g), fc.tuple(layoutArb(4), fc.array(fc.oneof(valueArb(true), fc.constantFrom(1, 1, NaN, -Infinity)), { minLength: 1, maxLength: 40 })).map(([l, v]) =>
          makeView([n, c, ...g.inputSize], l, v) as FloatView)),
      ),
    );
    fc.assert(
      fc.property(caseArb, ([geom, x]) => {
        const [n, c] = x.shape as [number, number];
        const size = n * c * geom.outputSize[0] * geom.outputSize[1];
        const want = new Int32Array(size);
        const wantValues = new Float32Array(size);
        const got = new Int32Array(size).fill(-7);
        const gotValues = new Float32Array(size).fill(12345);
        ref.maxPoolIndices(x, geom, want, wantValues);
        expect(ranOn(() => wasm.maxPoolIndices(x, geom, got, gotValues))).toEqual(['wasm']);
        expect(Array.from(got)).toEqual(Array.from(want));
        expect(firstMismatch(gotValues, wantValues, identical)).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });

  test('float64 runs on ref', () => {
    const x: FloatView = { storage: Float64Array.from([1, 3, 2, 0]), offset: 0, shape: [1, 1, 2, 2], strides: [4, 4, 2, 1] };
    const geom: WindowGeometry = { inputSize: [2, 2], kernelSize: [2, 2], stride: [2, 2], padding: [0, 0], dilation: [1, 1], outputSize: [1, 1] };
    const out = new Int32Array(1);
    expect(ranOn(() => wasm.maxPoolIndices(x, geom, out))).toEqual(['ref']);
    expect(Array.from(out)).toEqual([1]);
  });
});
