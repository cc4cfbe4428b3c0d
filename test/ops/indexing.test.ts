/**
 * Indexed reads/writes (indexSelect, gather, scatterAdd, indexAdd) and joins/splits (cat, stack,
 * split, chunk, unbind, select): values against index arithmetic written here, and gradcheck
 * w.r.t. every float input, with repeated indices (so gradients accumulate) and
 * non-contiguous inputs.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexError, cat, chunk, gather, indexAdd, indexSelect, scatterAdd, select, split, stack, unbind, tensor, type Tensor } from '../../src/index.js';
import { checkGradcheck, checkGradgradcheck, shapes, tensors } from '../../src/testing/index.js';
import { gatherTrusted } from '../../src/ops/indexing.js';
import { RUNS, at, expectValues, indexTensor, small1d, unflatten, values } from './support.js';

const norm = (d: number, rank: number) => (d < 0 ? d + rank : d);
const dimOf = (rank: number) => fc.integer({ min: -rank, max: rank - 1 });
const numel = (shape: readonly number[]) => shape.reduce((p, q) => p * q, 1);
const shape3 = shapes({ minRank: 1, maxRank: 3, maxSide: 3 });

/** Positions of a shape, row-major. */
const allIndices = (shape: readonly number[]) => Array.from({ length: numel(shape) }, (_, i) => unflatten(shape, i));

describe('indexSelect', () => {
  const cases = shape3.chain((s) =>
    dimOf(s.length).chain((dim) => {
      const n = s[norm(dim, s.length)]!;
      const index = fc.oneof(fc.integer({ min: 0, max: 4 }).chain((len) => indexTensor([len], n)), indexTensor([], n));
      return fc.tuple(tensors({ shape: s, layout: 'any' }), fc.constant(dim), index);
    }),
  );

  it('picks the listed entries along dim (repeats allowed; a 0-d index keeps the dim with size 1)', () => {
    fc.assert(
      fc.property(cases, ([x, dim, index]) => {
        const d = norm(dim, x.ndim);
        const picked = values(index);
        const shape = x.shape.map((n, k) => (k === d ? picked.length : n));
        const want = allIndices(shape).map((idx) => at(x, idx.map((i, k) => (k === d ? picked[i]! : i))));
        expectValues(indexSelect(x, dim, index), shape, want, 0, 0);
      }),
      RUNS,
    );
  });

  it('passes gradcheck (repeated indices accumulate)', () => {
    checkGradcheck({ inputs: cases, f: (x, dim, index) => x.indexSelect(dim, index), ...RUNS });
  });

  it('rejects an out-of-range index before doing anything', () => {
    const x = tensor([[1, 2], [3, 4], [5, 6]], { dtype: 'float64' });
    const bad = tensor([99, 0], { dtype: 'int32' });
    expect(() => indexSelect(x, 0, bad)).toThrow(IndexError);
    expect(() => indexSelect(x, 0, bad)).toThrow(/index 99 \(at flat position 0\) is out of range for dim 0 of size 3/);
  });
});

describe('gather and scatterAdd', () => {
  /** x, dim, and an index no larger than x outside dim, of any length along dim, with entries < x's size there. */
  const gatherCases = shape3.chain((s) =>
    dimOf(s.length).chain((dim) => {
      const d = norm(dim, s.length);
      const sizes = s.map((n, k) => fc.integer({ min: k === d ? 1 : Math.min(1, n), max: k === d ? 3 : n }));
      return fc.tuple(...sizes).chain((is) => fc.tuple(tensors({ shape: s, layout: 'any' }), fc.constant(dim), indexTensor(is, s[d]!)));
    }),
  );

  it('gather: out[i][j] = x[index[i][j]][j] (dim 0) and so on', () => {
    fc.assert(
      fc.property(gatherCases, ([x, dim, index]) => {
        const d = norm(dim, x.ndim);
        const want = allIndices(index.shape).map((idx) => at(x, idx.map((i, k) => (k === d ? at(index, idx) : i))));
        expectValues(gather(x, dim, index), index.shape, want, 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: gatherCases, f: (x, dim, index) => x.gather(dim, index), ...RUNS });
  });

  it('gatherTrusted (max pooling\'s unchecked gather): the same picks, gradient and second derivative', () => {
    fc.assert(
      fc.property(gatherCases, ([x, dim, index]) => {
        const d = norm(dim, x.ndim);
        const want = allIndices(index.shape).map((idx) => at(x, idx.map((i, k) => (k === d ? at(index, idx) : i))));
        expectValues(gatherTrusted(x, d, index), index.shape, want, 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: gatherCases, f: (x, dim, index) => gatherTrusted(x, norm(dim, x.ndim), index), ...RUNS });
    // the backward's scatter-add node has its own VJP (a gather of the gradient's gradient)
    checkGradgradcheck({ inputs: gatherCases, f: (x, dim, index) => gatherTrusted(x, norm(dim, x.ndim), index).pow(2), ...RUNS });
  });

  /** x, dim, index and src: index no larger than src anywhere, nor than x outside dim. */
  const scatterCases = gatherCases.chain(([x, dim, index]) => {
    const extra = index.shape.map((n) => fc.integer({ min: n, max: n + 1 }));
    return fc.tuple(...extra).chain((srcShape) => fc.tuple(fc.constant(x), fc.constant(dim), fc.constant(index), tensors({ shape: srcShape, layout: 'any' })));
  });

  it('scatterAdd: a copy of x with src[i][j] added at x[index[i][j]][j]; gradcheck w.r.t. x and src', () => {
    fc.assert(
      fc.property(scatterCases, ([x, dim, index, src]) => {
        const d = norm(dim, x.ndim);
        const want = values(x);
        const strides = x.shape.map((_, k) => numel(x.shape.slice(k + 1)));
        for (const idx of allIndices(index.shape)) {
          const target = idx.map((i, k) => (k === d ? at(index, idx) : i));
          want[target.reduce((o, i, k) => o + i * strides[k]!, 0)]! += at(src, idx);
        }
        expectValues(scatterAdd(x, dim, index, src), x.shape, want, 1e-15, 1e-15);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: scatterCases, f: (x, dim, index, src) => x.scatterAdd(dim, index, src), ...RUNS });
  });
});

describe('indexAdd', () => {
  const cases = shape3.chain((s) =>
    dimOf(s.length).chain((dim) => {
      const d = norm(dim, s.length);
      return fc.integer({ min: 0, max: 4 }).chain((len) =>
        fc.tuple(
          tensors({ shape: s, layout: 'any' }),
          fc.constant(dim),
          indexTensor([len], s[d]!),
          tensors({ shape: s.map((n, k) => (k === d ? len : n)), layout: 'any' }),
        ),
      );
    }),
  );

  it("adds source's slices at the listed positions (repeats accumulate); gradcheck w.r.t. x and source", () => {
    fc.assert(
      fc.property(cases, ([x, dim, index, source]) => {
        const d = norm(dim, x.ndim);
        const want = values(x);
        const strides = x.shape.map((_, k) => numel(x.shape.slice(k + 1)));
        for (const idx of allIndices(source.shape)) {
          const target = idx.map((i, k) => (k === d ? at(index, [idx[d]!]) : i));
          want[target.reduce((o, i, k) => o + i * strides[k]!, 0)]! += at(source, idx);
        }
        expectValues(indexAdd(x, dim, index, source), x.shape, want, 1e-15, 1e-15);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: cases, f: (x, dim, index, source) => x.indexAdd(dim, index, source), ...RUNS });
  });
});

describe('cat and stack', () => {
  /** 1–3 tensors equal in shape except along dim (sizes 0..3 there). */
  const catCases = shape3.chain((s) =>
    dimOf(s.length).chain((dim) => {
      const d = norm(dim, s.length);
      const piece = fc.integer({ min: 0, max: 3 }).chain((n) => tensors({ shape: s.map((m, k) => (k === d ? n : m)), layout: 'any' }));
      return fc.tuple(fc.array(piece, { minLength: 1, maxLength: 3 }), fc.constant(dim));
    }),
  );

  it('cat concatenates along dim; gradcheck w.r.t. every piece', () => {
    fc.assert(
      fc.property(catCases, ([pieces, dim]) => {
        const d = norm(dim, pieces[0]!.ndim);
        const shape = pieces[0]!.shape.map((n, k) => (k === d ? pieces.reduce((sum, p) => sum + p.shape[d]!, 0) : n));
        const want = allIndices(shape).map((idx) => {
          let i = idx[d]!;
          const p = pieces.find((t) => (i < t.shape[d]! ? true : ((i -= t.shape[d]!), false)))!;
          return at(p, idx.map((v, k) => (k === d ? i : v)));
        });
        expectValues(cat(pieces, dim), shape, want, 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: catCases.map(([pieces, dim]): [number, ...Tensor[]] => [dim, ...pieces]), f: (dim, ...pieces) => cat(pieces, dim), ...RUNS });
  });

  it('stack adds a new dim; gradcheck w.r.t. every piece', () => {
    const stackCases = shapes({ maxRank: 2, maxSide: 3 }).chain((s) =>
      fc.tuple(fc.array(tensors({ shape: s, layout: 'any' }), { minLength: 1, maxLength: 3 }), fc.integer({ min: -s.length - 1, max: s.length })),
    );
    fc.assert(
      fc.property(stackCases, ([pieces, dim]) => {
        const d = dim < 0 ? dim + pieces[0]!.ndim + 1 : dim;
        const shape = [...pieces[0]!.shape.slice(0, d), pieces.length, ...pieces[0]!.shape.slice(d)];
        const want = allIndices(shape).map((idx) => at(pieces[idx[d]!]!, [...idx.slice(0, d), ...idx.slice(d + 1)]));
        expectValues(stack(pieces, dim), shape, want, 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: stackCases.map(([pieces, dim]): [number, ...Tensor[]] => [dim, ...pieces]), f: (dim, ...pieces) => stack(pieces, dim), ...RUNS });
  });
});

describe('split, chunk, unbind and select', () => {
  const withDim = small1d.chain((s) => fc.tuple(tensors({ shape: s, layout: 'any' }), dimOf(s.length)));

  /** Checks that pieces are the consecutive slices of x along dim with the given sizes. */
  function expectPieces(x: Tensor, dim: number, pieces: readonly Tensor[], sizes: readonly number[], squeezed = false): void {
    const d = norm(dim, x.ndim);
    expect(pieces.length).toBe(sizes.length);
    let start = 0;
    pieces.forEach((p, i) => {
      const shape = x.shape.map((n, k) => (k === d ? sizes[i]! : n));
      const want = allIndices(shape).map((idx) => at(x, idx.map((v, k) => (k === d ? v + start : v))));
      expectValues(p, squeezed ? shape.filter((_, k) => k !== d) : shape, want, 0, 0);
      start += sizes[i]!;
    });
  }

  it('split by a size gives pieces of that size (the last smaller); by sections, the listed sizes', () => {
    const bySize = withDim.chain(([x, dim]) => fc.tuple(fc.constant(x), fc.constant(dim), fc.integer({ min: 1, max: 4 })));
    fc.assert(
      fc.property(bySize, ([x, dim, size]) => {
        const n = x.shape[norm(dim, x.ndim)]!;
        const sizes = Array.from({ length: Math.ceil(n / size) }, (_, i) => Math.min(size, n - i * size));
        expectPieces(x, dim, split(x, size, dim), sizes);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: bySize, f: (x, dim, size) => x.split(size, dim), ...RUNS });

    const bySections = withDim.chain(([x, dim]) => {
      const n = x.shape[norm(dim, x.ndim)]!;
      // Cut points in 0..n, sorted, turned into section sizes (zeros allowed).
      return fc.array(fc.integer({ min: 0, max: n }), { maxLength: 3 }).map((cuts): [Tensor, number, number[]] => {
        const points = [0, ...cuts.sort((a, b) => a - b), n];
        return [x, dim, points.slice(1).map((p, i) => p - points[i]!)];
      });
    });
    fc.assert(fc.property(bySections, ([x, dim, sections]) => expectPieces(x, dim, split(x, sections, dim), sections)), RUNS);
    checkGradcheck({ inputs: bySections, f: (x, dim, sections) => x.split(sections, dim), ...RUNS });
  });

  it('chunk splits into pieces of ⌈n / chunks⌉ (fewer pieces when n is small)', () => {
    const cases = withDim.chain(([x, dim]) => fc.tuple(fc.constant(x), fc.constant(dim), fc.integer({ min: 1, max: 5 })));
    fc.assert(
      fc.property(cases, ([x, dim, chunks]) => {
        const n = x.shape[norm(dim, x.ndim)]!;
        const size = Math.ceil(n / chunks);
        const sizes = Array.from({ length: Math.ceil(n / size) }, (_, i) => Math.min(size, n - i * size));
        expectPieces(x, dim, chunk(x, chunks, dim), sizes);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: cases, f: (x, dim, chunks) => x.chunk(chunks, dim), ...RUNS });
  });

  it('unbind gives every slice without the dim; select one of them (negative index too)', () => {
    fc.assert(
      fc.property(withDim, ([x, dim]) => {
        const n = x.shape[norm(dim, x.ndim)]!;
        expectPieces(x, dim, unbind(x, dim), Array.from({ length: n }, () => 1), true);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: withDim, f: (x, dim) => x.unbind(dim), ...RUNS });

    const selectCases = withDim.chain(([x, dim]) => {
      const n = x.shape[norm(dim, x.ndim)]!;
      return fc.tuple(fc.constant(x), fc.constant(dim), fc.integer({ min: -n, max: n - 1 }));
    });
    fc.assert(
      fc.property(selectCases, ([x, dim, index]) => {
        const d = norm(dim, x.ndim);
        const i = index < 0 ? index + x.shape[d]! : index;
        const shape = x.shape.filter((_, k) => k !== d);
        const want = allIndices(shape).map((idx) => at(x, [...idx.slice(0, d), i, ...idx.slice(d)]));
        expectValues(select(x, dim, index), shape, want, 0, 0);
      }),
      RUNS,
    );
    checkGradcheck({ inputs: selectCases, f: (x, dim, index) => x.select(dim, index), ...RUNS });
  });
});
