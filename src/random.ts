/**
 * Seeded random numbers. A {@link Generator} is xoshiro128** seeded through splitmix32; it uses
 * only 32-bit integer arithmetic, so the same seed gives the same numbers on every run and
 * platform. `manualSeed(n)` reseeds the default generator that `rand`, `randn`, dropout and the
 * initializers use when no generator is passed.
 * @module
 */
import type { FloatArray } from './dtype.js';
import { ValueError, formatValue } from './errors.js';

/** Snapshot of a generator's state, from {@link Generator.getState}. */
export interface GeneratorState {
  readonly s: readonly [number, number, number, number];
  readonly spareNormal: number | null;
}

/** A seeded pseudo-random number generator (xoshiro128**). */
export class Generator {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spareNormal: number | null = null;

  /** Creates a generator seeded with `seed` (an integer; default 0). */
  constructor(seed = 0) {
    if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new ValueError('Generator', `seed must be a finite number, got ${formatValue(seed)}`);
    this.manualSeed(seed);
  }

  /** Reseeds the generator; returns it for chaining. */
  manualSeed(seed: number): this {
    if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new ValueError('manualSeed', `seed must be a finite number, got ${formatValue(seed)}`);
    // splitmix32 spreads the seed's bits over the four state words.
    let x = (Math.trunc(seed) ^ Math.trunc(seed / 0x100000000)) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
    this.spareNormal = null;
    return this;
  }

  /** The generator's state, to restore later with {@link Generator.setState}. */
  getState(): GeneratorState {
    return { s: [this.s0, this.s1, this.s2, this.s3], spareNormal: this.spareNormal };
  }

  /** Restores a state taken with {@link Generator.getState}. */
  setState(state: GeneratorState): void {
    [this.s0, this.s1, this.s2, this.s3] = state.s;
    this.spareNormal = state.spareNormal;
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /**
   * The next `count` values of {@link Generator.nextUint32} into `words`, the state kept in locals
   * for the loop: the bulk fills below draw through it. @internal
   */
  nextWords(words: Uint32Array, count: number): void {
    checkFillRange('nextWords', words, 0, count, Uint32Array);
    let s0 = this.s0, s1 = this.s1, s2 = this.s2, s3 = this.s3;
    for (let i = 0; i < count; i++) {
      words[i] = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = rotl(s3, 11);
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** Uniform double in [0, 1) with 53 random bits. */
  uniform(): number {
    const first = this.nextUint32();
    return unitDouble(first, this.nextUint32());
  }

  /** Uniform value in [0, 1) that is exactly representable in float32 (24 random bits). */
  uniformFloat32(): number {
    return unitFloat32(this.nextUint32());
  }

  /**
   * out[i] = uniform()·scale + shift for i in [start, end): the numbers of that many calls, drawn
   * in bulk (rand, dropout's masks and the initializers fill millions of them: 3× faster than
   * calling {@link Generator.uniform} per element). @internal
   */
  fillUniform(out: FloatArray, start: number, end: number, scale = 1, shift = 0): void {
    checkFillRange('fillUniform', out, start, end);
    for (let i = start; i < end; ) {
      const count = Math.min(end - i, WORDS.length / 2);
      this.nextWords(WORDS, 2 * count);
      for (let j = 0; j < 2 * count; j += 2) out[i++] = unitDouble(WORDS[j]!, WORDS[j + 1]!) * scale + shift;
    }
  }

  /** out[i] = uniformFloat32() for i in [start, end), drawn in bulk as {@link Generator.fillUniform}. @internal */
  fillUniformFloat32(out: FloatArray, start: number, end: number): void {
    checkFillRange('fillUniformFloat32', out, start, end);
    for (let i = start; i < end; ) {
      const count = Math.min(end - i, WORDS.length);
      this.nextWords(WORDS, count);
      for (let j = 0; j < count; j++) out[i++] = unitFloat32(WORDS[j]!);
    }
  }

  /**
   * out[i] = normal()·scale + shift for i in [start, end): the numbers of that many calls (the
   * spare value of a pair carried in and out as they would), whole pairs drawn in bulk: four words
   * a pair, u1's two redrawn in the (2⁻⁵³-rare) case that they make 0, exactly as
   * {@link Generator.normal} draws them. (ResNet-18's initializers fill 11 M normals: per call,
   * that was about a fifth of the memory example's time.) @internal
   */
  fillNormal(out: FloatArray, start: number, end: number, scale = 1, shift = 0): void {
    checkFillRange('fillNormal', out, start, end);
    let i = start;
    if (i < end && this.spareNormal !== null) out[i++] = this.normal() * scale + shift;
    while (end - i >= 2) {
      const drawn = 4 * Math.min((end - i) >> 1, WORDS.length / 4);
      this.nextWords(WORDS, drawn);
      // the words in order: WORDS[0, drawn), then (after a redrawn u1) the generator's next ones
      let w = 0;
      const word = (): number => (w < drawn ? WORDS[w++]! : this.nextUint32());
      while (w < drawn) {
        let u1 = unitDouble(word(), word());
        while (u1 === 0) u1 = unitDouble(word(), word());
        const u2 = unitDouble(word(), word());
        const r = Math.sqrt(-2 * Math.log(u1));
        out[i++] = r * Math.cos(2 * Math.PI * u2) * scale + shift;
        out[i++] = r * Math.sin(2 * Math.PI * u2) * scale + shift;
      }
    }
    if (i < end) out[i] = this.normal() * scale + shift;
  }

  /** Standard normal sample (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const v = this.spareNormal;
      this.spareNormal = null;
      return v;
    }
    let u1 = this.uniform();
    while (u1 === 0) u1 = this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** Uniform integer in [low, high), without modulo bias. */
  integer(low: number, high: number): number {
    const range = high - low;
    if (!(range > 0) || range > 0x100000000) {
      throw new ValueError('randint', `need low < high with high - low <= 2^32, got low=${low}, high=${high}`);
    }
    const limit = 0x100000000 - (0x100000000 % range);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return low + (x % range);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * Refuses, naming `op`, a bulk fill's target that is not a float array (or `kind`) or a range
 * [start, end) that is not whole numbers inside it: the generator is left as it was.
 */
function checkFillRange(op: string, out: unknown, start: number, end: number, kind?: typeof Uint32Array): void {
  const typed = kind !== undefined ? out instanceof kind : out instanceof Float32Array || out instanceof Float64Array;
  if (!typed) throw new ValueError(op, `needs a ${kind !== undefined ? 'Uint32Array' : 'Float32Array or Float64Array'}, got ${formatValue(out)}`);
  const length = (out as { length: number }).length;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end || end > length) {
    throw new ValueError(op, `needs whole numbers 0 <= start <= end <= ${length}, got start=${formatValue(start)}, end=${formatValue(end)}`);
  }
}

/** A double in [0, 1) from two 32-bit words: the first's top 27 bits, then the second's top 26. */
function unitDouble(first: number, second: number): number {
  return ((first >>> 5) * 67108864 + (second >>> 6)) / 9007199254740992;
}

/** A float32-exact value in [0, 1) from a 32-bit word's top 24 bits. */
function unitFloat32(word: number): number {
  return (word >>> 8) / 16777216;
}

/** The words buffer of the bulk fills (one per process: the fills run to completion, never nested). */
const WORDS = new Uint32Array(4096);

/** The generator used when an API takes no explicit `generator` option. */
export const defaultGenerator = new Generator(0);

/** Reseeds the default generator (like `torch.manual_seed`). */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
