/**
 * Shape arbitraries: single shapes, and tuples of shapes that broadcast together.
 * @module
 */
import * as fc from 'fast-check';
import { checkOptions } from '../checks/options.js';
import { formatValue } from '../errors.js';
import { ValueError } from '../errors.js';

/** Options of {@link shapes}. */
export interface ShapesOptions {
  /** Fewest dims (default 0: 0-d tensors included). */
  minRank?: number;
  /** Most dims (default 4). */
  maxRank?: number;
  /** Smallest size of a dim (default 1). */
  minSide?: number;
  /** Largest size of a dim (default 5). */
  maxSide?: number;
  /**
   * Largest element count (default: no limit). Bigger draws lose their largest sides, then
   * dims, until they fit; keep it small for gradcheck, whose cost grows with numel².
   */
  maxNumel?: number;
}

interface Bounds {
  minRank: number;
  maxRank: number;
  minSide: number;
  maxSide: number;
  maxNumel: number;
}

function nonNegativeInt(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new ValueError(op, `${name} must be a non-negative integer, got ${formatValue(value)}`);
  }
  return value;
}

/** Checks and fills in the options of a shape arbitrary. */
export function shapeBounds(op: string, options: ShapesOptions): Bounds {
  checkOptions(op, options, { minRank: 'any', maxRank: 'any', minSide: 'any', maxSide: 'any', maxNumel: 'any', ...(op === 'broadcastableShapes' ? { count: 'any' } : {}) });
  const minRank = nonNegativeInt(op, 'minRank', options.minRank ?? 0);
  const maxRank = nonNegativeInt(op, 'maxRank', options.maxRank ?? Math.max(4, minRank));
  const minSide = nonNegativeInt(op, 'minSide', options.minSide ?? 1);
  const maxSide = nonNegativeInt(op, 'maxSide', options.maxSide ?? Math.max(5, minSide));
  const maxNumel = options.maxNumel === undefined ? Infinity : nonNegativeInt(op, 'maxNumel', options.maxNumel);
  if (minRank > maxRank) throw new ValueError(op, `minRank ${minRank} is larger than maxRank ${maxRank}`);
  if (minSide > maxSide) throw new ValueError(op, `minSide ${minSide} is larger than maxSide ${maxSide}`);
  if (minSide ** minRank > maxNumel) {
    throw new ValueError(op, `maxNumel ${maxNumel} is below the smallest shape allowed (${minRank} dims of size ${minSide})`);
  }
  return { minRank, maxRank, minSide, maxSide, maxNumel };
}

/** Shrinks a shape (largest side first, then the last dims) until its element count fits. */
export function fitNumel(shape: readonly number[], bounds: Bounds): number[] {
  const out = shape.slice();
  const numel = (): number => out.reduce((a, b) => a * b, 1);
  while (numel() > bounds.maxNumel) {
    const largest = out.reduce((best, s, d) => (s > out[best]! ? d : best), 0);
    if (out[largest]! > bounds.minSide) out[largest]!--;
    else out.pop(); // every side is minimal: drop a dim (shapeBounds guarantees minRank dims fit)
  }
  return out;
}

/**
 * Arbitrary tensor shapes: `minRank..maxRank` dims, each of size `minSide..maxSide`.
 *
 * ```ts
 * fc.assert(fc.property(shapes({ minRank: 1, maxSide: 3 }), (shape) => zeros(shape).numel() >= 1));
 * ```
 */
export function shapes(options: ShapesOptions = {}): fc.Arbitrary<number[]> {
  const bounds = shapeBounds('shapes', options);
  const side = fc.integer({ min: bounds.minSide, max: bounds.maxSide });
  return fc.array(side, { minLength: bounds.minRank, maxLength: bounds.maxRank }).map((s) => fitNumel(s, bounds));
}

/**
 * Options of {@link broadcastableShapes}. Ranks bound every shape of the tuple; sides and maxNumel
 * bound their common broadcast shape (a shape may also have size-1 dims, which broadcast).
 */
export interface BroadcastableShapesOptions extends ShapesOptions {
  /** How many shapes (default 2). */
  count?: number;
}

/**
 * Tuples of shapes that broadcast together (NumPy's rule): each shape is a suffix of a common
 * shape with some dims replaced by 1, so ranks differ and size-1 dims meet larger ones.
 *
 * ```ts
 * fc.assert(fc.property(broadcastableShapes(), ([a, b]) => add(zeros(a), zeros(b)).ndim >= 0));
 * ```
 */
export function broadcastableShapes(options: BroadcastableShapesOptions = {}): fc.Arbitrary<number[][]> {
  const bounds = shapeBounds('broadcastableShapes', options);
  const count = options.count ?? 2;
  if (!Number.isInteger(count) || count < 1) {
    throw new ValueError('broadcastableShapes', `count must be a positive integer, got ${formatValue(count)}`);
  }
  const { count: _count, ...shapeOptions } = options;
  return shapes(shapeOptions).chain((full) => {
    // For each shape: how many leading dims of `full` it drops, and which of its dims become 1.
    const dropped = fc.integer({ min: 0, max: full.length - bounds.minRank });
    const ones = fc.array(fc.boolean(), { minLength: full.length, maxLength: full.length });
    const one = fc.tuple(dropped, ones).map(([drop, isOne]) => full.map((s, d) => (isOne[d] ? 1 : s)).slice(drop));
    return fc.array(one, { minLength: count, maxLength: count });
  });
}
