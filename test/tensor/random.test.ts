/**
 * Seeded randomness. The generator is checked bit for bit against a separate BigInt
 * implementation of splitmix32 seeding + xoshiro128** written here (so the 32-bit tricks in
 * src/random.ts are verified independently of the platform), plus hand-computed outputs of
 * xoshiro128** from the state [1, 2, 3, 4]. Then determinism, independence of generators,
 * state replay, statistical sanity with stated tolerances, and dtype rules.
 */
import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  Generator,
  ValueError,
  defaultGenerator,
  manualSeed,
  rand,
  randint,
  randintLike,
  randLike,
  randn,
  randnLike,
  tensor,
  zeros,
  type Tensor,
} from '../../src/index.js';
import { init } from '../../src/nn/index.js';

// ---------------------------------------------------------------- reference implementation (BigInt)

const MASK = 0xffffffffn;
const rotl = (x: bigint, k: bigint): bigint => ((x << k) | (x >> (32n - k))) & MASK;

/** splitmix32: x += golden gamma, then the murmur3 finalizer. */
function splitmix32(seed: bigint): () => bigint {
  let x = seed & MASK;
  return () => {
    x = (x + 0x9e3779b9n) & MASK;
    let z = x;
    z = ((z ^ (z >> 16n)) * 0x85ebca6bn) & MASK;
    z = ((z ^ (z >> 13n)) * 0xc2b2ae35n) & MASK;
    return (z ^ (z >> 16n)) & MASK;
  };
}

/** xoshiro128** (Blackman & Vigna): result = rotl(s1·5, 7)·9, then the xor-shift state update. */
function xoshiro128ss(state: bigint[]): () => bigint {
  const s = state.slice();
  return () => {
    const result = (rotl((s[1]! * 5n) & MASK, 7n) * 9n) & MASK;
    const t = (s[1]! << 9n) & MASK;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11n);
    return result;
  };
}

/** The reference stream for an integer seed: the seed's low and high 32-bit words xored, spread by splitmix32. */
function referenceStream(seed: number): () => number {
  const low = BigInt.asUintN(32, BigInt(Math.trunc(seed)));
  const high = BigInt.asUintN(32, BigInt(Math.trunc(seed / 2 ** 32)));
  const sm = splitmix32(low ^ high);
  const next = xoshiro128ss([sm(), sm(), sm(), sm()]);
  return () => Number(next());
}

function draw(g: Generator, n: number): number[] {
  return Array.from({ length: n }, () => g.nextUint32());
}

// ---------------------------------------------------------------- exact values

describe('the generator, bit for bit', () => {
  it('xoshiro128** from the state [1, 2, 3, 4] gives 11520, 0, 5927040 (by hand)', () => {
    // out₁ = rotl(2·5, 7)·9 = 1280·9 = 11520; the state becomes [7, 0, 1026, 12288]
    // out₂ = rotl(0, 7)·9 = 0;                 the state becomes [12295, 1029, 1029, 25165824]
    // out₃ = rotl(1029·5, 7)·9 = 658560·9 = 5927040
    const g = new Generator();
    g.setState({ s: [1, 2, 3, 4], spareNormal: null });
    expect(draw(g, 2)).toEqual([11520, 0]);
    expect(g.getState().s).toEqual([12295, 1029, 1029, 25165824]);
    expect(g.nextUint32()).toBe(5927040);
  });

  it('seed 0 starts with the pinned outputs (computed by the BigInt reference)', () => {
    expect(new Generator(0).getState().s).toEqual([2462723854, 1020716019, 454327756, 1275600319]);
    expect(draw(new Generator(0), 4)).toEqual([3809008728, 1133695204, 53579671, 2891528803]);
  });

  for (const seed of [0, 1, 42, 123456789, 2 ** 32 + 5, 2 ** 40 + 3, -7]) {
    it(`seed ${seed}: the first 64 outputs match the BigInt reference`, () => {
      const ref = referenceStream(seed);
      expect(draw(new Generator(seed), 64)).toEqual(Array.from({ length: 64 }, ref));
    });
  }

  it('rand float64 = (u₁ >>> 5 · 2²⁶ + u₂ >>> 6) / 2⁵³, float32 = (u >>> 8) / 2²⁴', () => {
    const ref = referenceStream(7);
    const u = Array.from({ length: 6 }, ref);
    const d = rand([2], { dtype: 'float64', generator: new Generator(7) }).toArray() as number[];
    expect(d[0]).toBe(((u[0]! >>> 5) * 2 ** 26 + (u[1]! >>> 6)) / 2 ** 53);
    expect(d[1]).toBe(((u[2]! >>> 5) * 2 ** 26 + (u[3]! >>> 6)) / 2 ** 53);
    const f = rand([3], { generator: new Generator(7) }).toArray() as number[];
    expect(f).toEqual([0, 1, 2].map((i) => (u[i]! >>> 8) / 2 ** 24));
  });

  it('randn is Box–Muller on two float64 uniforms, the second value kept for the next draw', () => {
    const ref = referenceStream(11);
    const uniform = (): number => ((ref() >>> 5) * 2 ** 26 + (ref() >>> 6)) / 2 ** 53;
    const u1 = uniform();
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    const z = randn([2], { dtype: 'float64', generator: new Generator(11) }).toArray() as number[];
    expect(z[0]).toBeCloseTo(r * Math.cos(2 * Math.PI * u2), 14);
    expect(z[1]).toBeCloseTo(r * Math.sin(2 * Math.PI * u2), 14);
  });

  it('randint(low, high) = low + u mod (high − low), rejecting u ≥ the largest multiple of the range', () => {
    const ref = referenceStream(5);
    const range = 7;
    const limit = 2 ** 32 - (2 ** 32 % range);
    const expected: number[] = [];
    while (expected.length < 20) {
      const u = ref();
      if (u < limit) expected.push(-3 + (u % range));
    }
    expect(randint(-3, 4, [20], { generator: new Generator(5) }).toArray()).toEqual(expected);
  });
});

// ---------------------------------------------------------------- bulk fills

describe('the bulk fills draw the per-call stream', () => {
  // rand, randn and the initializers draw thousands of words at a time through a 4096-word buffer:
  // their numbers, and the generator's state after them, must be those of one call per element.
  it('rand float64 over more than one words buffer (2500 values, 5000 words) matches the BigInt reference, and so does the next word', () => {
    const ref = referenceStream(21);
    const g = new Generator(21);
    const d = rand([2500], { dtype: 'float64', generator: g }).toTypedArray();
    for (let i = 0; i < 2500; i++) {
      const hi = ref();
      expect(d[i]).toBe(((hi >>> 5) * 2 ** 26 + (ref() >>> 6)) / 2 ** 53);
    }
    expect(g.nextUint32()).toBe(ref());
  });

  it('rand float32 over 5000 values (two buffers and a part) matches the reference, and so does the next word', () => {
    const ref = referenceStream(22);
    const g = new Generator(22);
    const f = rand([5000], { generator: g }).toTypedArray();
    for (let i = 0; i < 5000; i++) expect(f[i]).toBe((ref() >>> 8) / 2 ** 24);
    expect(g.nextUint32()).toBe(ref());
  });

  it('randn of odd lengths carries the pending Box–Muller value across calls, as normal() one by one does', () => {
    const bulk = new Generator(23);
    const oneByOne = new Generator(23);
    const drawn = [...randn([3], { dtype: 'float64', generator: bulk }).toTypedArray(), ...randn([4], { dtype: 'float64', generator: bulk }).toTypedArray()];
    expect(drawn).toEqual(Array.from({ length: 7 }, () => oneByOne.normal()));
    expect(bulk.getState()).toEqual(oneByOne.getState());
  });

  it('randn in bulk redraws u1 when its two words make 0, as normal() does (a state whose next two words are 0)', () => {
    // xoshiro128** outputs 0 for s1 = 0, and s2 = s0 leaves s1 = 0 for the next word too
    const state = { s: [5, 0, 5, 7] as [number, number, number, number], spareNormal: null };
    const bulk = new Generator(0);
    const oneByOne = new Generator(0);
    bulk.setState(state);
    oneByOne.setState(state);
    const probe = new Generator(0);
    probe.setState(state);
    expect([probe.nextUint32(), probe.nextUint32()]).toEqual([0, 0]);
    const drawn = randn([9], { dtype: 'float64', generator: bulk }).toTypedArray();
    expect(Array.from(drawn)).toEqual(Array.from({ length: 9 }, () => oneByOne.normal()));
    expect(bulk.getState()).toEqual(oneByOne.getState());
  });

  it('randn over more than one words buffer (2501 float64 values: two buffers of pairs and an odd last value) matches normal() one by one, and leaves the same state', () => {
    const bulk = new Generator(24);
    const oneByOne = new Generator(24);
    const drawn = randn([2501], { dtype: 'float64', generator: bulk }).toTypedArray();
    expect(Array.from(drawn)).toEqual(Array.from({ length: 2501 }, () => oneByOne.normal()));
    expect(bulk.getState()).toEqual(oneByOne.getState());
  });

  it('the bulk fills refuse a target that is not a float array, or a range outside it, naming the method, and draw nothing', () => {
    const g = new Generator(25);
    const before = g.getState();
    expect(() => g.fillUniform(new Int32Array(4) as never, 0, 4)).toThrow(/fillUniform: needs a Float32Array or Float64Array/);
    expect(() => g.fillNormal(new Float64Array(4), 2, 5)).toThrow(/fillNormal: needs whole numbers 0 <= start <= end <= 4, got start=2, end=5/);
    expect(() => g.fillUniformFloat32(new Float32Array(4), 1.5, 2)).toThrow(ValueError);
    expect(() => g.nextWords(new Float32Array(2) as never, 2)).toThrow(/nextWords: needs a Uint32Array/);
    expect(g.getState()).toEqual(before);
  });

  it('uniform_ on a strided view and on a view with an offset writes uniform()·(b − a) + a in row-major order', () => {
    for (const make of [(): Tensor => zeros([3, 4], { dtype: 'float64' }).t(), (): Tensor => zeros([10], { dtype: 'float64' }).narrow(0, 3, 5)]) {
      const view = make();
      const twin = new Generator(24);
      init.uniform_(view, -2, 3, { generator: new Generator(24) });
      const expected = Array.from({ length: view.numel() }, () => twin.uniform() * 5 - 2);
      expect(Array.from(view.contiguous().toTypedArray())).toEqual(expected);
    }
  });
});

// ---------------------------------------------------------------- the upper end of [0, 1)

/** A state whose next two outputs are both 2³² − 1: s1 solves rotl(5·s1, 7)·9 ≡ 2³² − 1, and s0 = s2 keeps s1 unchanged. */
function maxOutputState(): [number, number, number, number] {
  const inverse = (a: bigint): bigint => {
    let x = a; // Newton's iteration for the inverse of an odd number mod 2³²
    for (let i = 0; i < 5; i++) x = (x * (2n - a * x)) & MASK;
    return x;
  };
  const rotr = (x: bigint, k: bigint): bigint => ((x >> k) | (x << (32n - k))) & MASK;
  const times5 = rotr((MASK * inverse(9n)) & MASK, 7n);
  const s1 = (times5 * inverse(5n)) & MASK;
  return [1, Number(s1), 1, 0];
}

describe('uniform values stay below 1', () => {
  it('the maximal output gives (2²⁴ − 1)/2²⁴ in float32 and (2⁵³ − 1)/2⁵³ in float64', () => {
    const g = new Generator();
    g.setState({ s: maxOutputState(), spareNormal: null });
    expect(draw(g, 2)).toEqual([2 ** 32 - 1, 2 ** 32 - 1]);

    g.setState({ s: maxOutputState(), spareNormal: null });
    const f = rand([1], { generator: g });
    expect(f.item()).toBe((2 ** 24 - 1) / 2 ** 24);
    expect(f.item()).toBeLessThan(1);

    g.setState({ s: maxOutputState(), spareNormal: null });
    const d = rand([1], { dtype: 'float64', generator: g });
    expect(d.item()).toBe((2 ** 53 - 1) / 2 ** 53);
    expect(d.item()).toBeLessThan(1);
  });
});

// ---------------------------------------------------------------- seeding and state

describe('seeding', () => {
  it('manualSeed: the same seed gives the same numbers, call after call', () => {
    manualSeed(42);
    const a = rand([5]).toArray();
    const b = randn([3]).toArray();
    manualSeed(42);
    expect(rand([5]).toArray()).toEqual(a);
    expect(randn([3]).toArray()).toEqual(b);
  });

  it('different seeds give different numbers', () => {
    manualSeed(1);
    const a = rand([8]).toArray();
    manualSeed(2);
    expect(rand([8]).toArray()).not.toEqual(a);
  });

  it('manualSeed returns the default generator', () => {
    expect(manualSeed(3)).toBe(defaultGenerator);
  });

  it('an explicit Generator neither uses nor advances the global one', () => {
    manualSeed(7);
    const expected = rand([4]).toArray();
    const g = new Generator(7);
    manualSeed(7);
    const fromG = rand([4], { generator: g }).toArray();
    expect(rand([4]).toArray()).toEqual(expected); // global stream untouched by g's draws
    expect(fromG).toEqual(expected); // same seed, same stream
  });

  it('getState / setState replays a stream, including a pending Box–Muller value', () => {
    const g = new Generator(99);
    randn([3], { generator: g }); // odd count: one normal is pending
    const state = g.getState();
    expect(state.spareNormal).not.toBeNull();
    const first = randn([5], { generator: g, dtype: 'float64' }).toArray();
    const uniform = rand([2], { generator: g, dtype: 'float64' }).toArray();
    g.setState(state);
    expect(randn([5], { generator: g, dtype: 'float64' }).toArray()).toEqual(first);
    expect(rand([2], { generator: g, dtype: 'float64' }).toArray()).toEqual(uniform);
  });

  it('getState is a snapshot, not a live view', () => {
    const g = new Generator(5);
    const state = g.getState();
    const copy = [...state.s];
    g.nextUint32();
    expect(state.s).toEqual(copy);
  });

  it('reseeding clears a pending normal', () => {
    const g = new Generator(4);
    randn([1], { generator: g });
    g.manualSeed(4);
    expect(g.getState().spareNormal).toBeNull();
    expect(randn([1], { generator: g }).toArray()).toEqual(randn([1], { generator: new Generator(4) }).toArray());
  });

  it('rejects a non-finite seed', () => {
    expect(() => new Generator(Number.NaN)).toThrow(ValueError);
    expect(() => manualSeed(Infinity)).toThrow(/manualSeed: seed must be a finite number/);
  });
});

// ---------------------------------------------------------------- statistics

describe('statistical sanity (fixed seed, tolerance 5 standard errors)', () => {
  const n = 100_000;

  function moments(values: ArrayLike<number>): { mean: number; variance: number } {
    let s = 0;
    for (let i = 0; i < values.length; i++) s += values[i]!;
    const mean = s / values.length;
    let q = 0;
    for (let i = 0; i < values.length; i++) q += (values[i]! - mean) ** 2;
    return { mean, variance: q / values.length };
  }

  it('rand: mean ½ ± 5√(1/12 / n), variance 1/12 ± 5√(1/180 / n), all in [0, 1)', () => {
    // Var U = 1/12; Var (U − ½)² = E(U − ½)⁴ − (1/12)² = 1/80 − 1/144 = 1/180
    const values = rand([n], { generator: new Generator(2024) }).toTypedArray();
    const { mean, variance } = moments(values);
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / n));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  it('randn: mean 0 ± 5/√n, variance 1 ± 5√(2/n), P(|z| < 1) = 0.6827 ± 5√(p(1−p)/n)', () => {
    const values = randn([n], { dtype: 'float64', generator: new Generator(2025) }).toTypedArray();
    const { mean, variance } = moments(values);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    const p = 0.682689492137; // erf(1/√2)
    const inside = Array.from(values).filter((v) => Math.abs(v) < 1).length / n;
    expect(Math.abs(inside - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
  });

  it('randint(0, 10): every value occurs n/10 ± 5√(n·0.1·0.9) times, nothing outside', () => {
    const values = randint(0, 10, [n], { generator: new Generator(2026) }).toTypedArray();
    const counts = new Array<number>(10).fill(0);
    for (const v of values) counts[v]!++;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(n);
    for (const c of counts) expect(Math.abs(c - n / 10)).toBeLessThan(5 * Math.sqrt(n * 0.1 * 0.9));
  });
});

// ---------------------------------------------------------------- shapes and dtypes

describe('random tensors: shapes and dtypes', () => {
  it('defaults: float32 for rand/randn, int32 for randint; shape as number or list', () => {
    expect(rand(3).shape).toEqual([3]);
    expect(rand([2, 3]).dtype).toBe('float32');
    expect(randn([2, 0]).shape).toEqual([2, 0]);
    expect(randint(0, 5, [4]).dtype).toBe('int32');
    expect(randint(0, 5, [4], { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('requiresGrad makes a leaf', () => {
    const w = randn([2], { requiresGrad: true });
    expect(w.requiresGrad).toBe(true);
    expect(w.isLeaf).toBe(true);
  });

  it('rand/randn with an int or bool dtype are rejected, naming the op and dtype', () => {
    expect(() => rand([2], { dtype: 'int32' })).toThrow(DTypeError);
    expect(() => rand([2], { dtype: 'int32' })).toThrow(/^rand: dtype must be float32 or float64, got int32/);
    expect(() => randn([2], { dtype: 'bool' })).toThrow(/^randn: .*got bool/);
    expect(() => randLike(tensor([1, 2], { dtype: 'int32' }))).toThrow(DTypeError);
  });

  it('the rejected call does not advance the generator', () => {
    const g = new Generator(8);
    const before = g.getState();
    expect(() => rand([2], { dtype: 'int32', generator: g })).toThrow(DTypeError);
    expect(g.getState()).toEqual(before);
  });

  it('randint rejects low ≥ high and non-integer bounds', () => {
    expect(() => randint(3, 3, [1])).toThrow(/^randint: need integers low < high, got low=3, high=3/);
    expect(() => randint(0, 2.5, [1])).toThrow(ValueError);
  });

  it('the *Like variants take the shape and (for rand/randn) the dtype of their argument', () => {
    const t = tensor([[1, 2, 3]], { dtype: 'float64' });
    expect(randLike(t).shape).toEqual([1, 3]);
    expect(randLike(t).dtype).toBe('float64');
    expect(randnLike(t, { dtype: 'float32' }).dtype).toBe('float32');
    const r = randintLike(t, 5, 8);
    expect(r.dtype).toBe('int32');
    expect(r.shape).toEqual([1, 3]);
    for (const v of r.toTypedArray()) expect(v >= 5 && v < 8).toBe(true);
    expect(randLike(tensor([1], { requiresGrad: true })).requiresGrad).toBe(false);
  });
});
