/**
 * Padding, as PyTorch's F.pad: `pad` lists (left, right) pairs starting from the last dim.
 * Constant padding is a primitive (its VJP crops); reflect, replicate and circular padding pick
 * input positions with indexSelect, so their gradients come from indexSelect's VJP.
 * @module
 */
import { kernels } from '../backend/registry.js';
import { formatValue } from '../errors.js';
import { record, type Node } from '../autograd/node.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../tensor/creation.js';
import { indexSelect } from './indexing.js';
import { empty } from './util.js';
import { slice } from './views.js';
import { checkChoice, checkInt, checkNumber, checkTensor, describe, numberAs } from '../checks/args.js';
import { checkNumel, checkShapeNumel } from '../checks/limits.js';
import { checkOptions } from '../checks/options.js';

/** How {@link pad} fills the new border. */
export type PadMode = 'constant' | 'reflect' | 'replicate' | 'circular';

const PAD_MODES: readonly PadMode[] = ['constant', 'reflect', 'replicate', 'circular'];

/** PyTorch's keyword arguments of F.pad, as an options object: `pad(x, [1, 1], { mode: 'reflect' })`. */
export interface PadOptions {
  /** How the border is filled (default 'constant'). */
  mode?: PadMode;
  /** The fill of mode 'constant' (default 0). */
  value?: number;
}

/**
 * Pads (or, with negative amounts, crops) the trailing dims of x; mode and value positionally
 * (`pad(x, p, 'reflect')`) or as options (`pad(x, p, { value: 3 })`), as F.pad's keywords.
 */
export function pad(x: Tensor, pad: readonly number[], modeOrOptions: PadMode | PadOptions = 'constant', value = 0): Tensor {
  checkTensor('pad', 'input', x);
  let mode = modeOrOptions as PadMode;
  if (typeof modeOrOptions === 'object' && modeOrOptions !== null) {
    checkOptions('pad', modeOrOptions, { mode: 'any', value: 'any' });
    ({ mode = 'constant', value = 0 } = modeOrOptions);
  }
  if (!Array.isArray(pad)) throw new ValueError('pad', `pad must be an array of (left, right) amounts, got ${describe(pad)}`);
  pad.forEach((p, i) => checkInt('pad', `pad[${i}]`, p));
  checkChoice('pad', 'mode', mode, PAD_MODES);
  checkNumber('pad', 'value', value);
  const fill = numberAs('pad', 'value', value, x.dtype); // 0.5 pads a bool tensor with true, as PyTorch
  if (pad.length % 2 !== 0 || pad.length > 2 * x.ndim) {
    throw new ShapeError('pad', `pad ${fmtShape(pad)} must hold (left, right) pairs for at most ${x.ndim} dims of shape ${fmtShape(x.shape)}`);
  }
  if (pad.some((p) => !Number.isInteger(p))) throw new ValueError('pad', `pad ${fmtShape(pad)} must hold integers`);
  const before = x.shape.map(() => 0);
  const after = x.shape.map(() => 0);
  for (let i = 0; i < pad.length / 2; i++) {
    const d = x.ndim - 1 - i;
    before[d] = pad[2 * i]!;
    after[d] = pad[2 * i + 1]!;
  }
  // negative amounts crop first, then the positive ones pad the cropped tensor (as PyTorch)
  const cropped = cropNegative(x, before, after);
  // bounded before anything is built: a constant pad of 10¹² was an error naming `empty`, a
  // replicate one built a 10¹²-entry index list (an out-of-memory abort, even for an empty batch)
  const padded = cropped.shape.map((s, d) => s + Math.max(before[d]!, 0) + Math.max(after[d]!, 0));
  checkShapeNumel('pad', padded, 'the padded shape');
  if (mode !== 'constant') padded.forEach((s, d) => checkNumel('pad', s, `padded dim ${d} (its index list)`));
  if (mode === 'constant') return constantPad(cropped, before.map((p) => Math.max(p, 0)), after.map((p) => Math.max(p, 0)), fill);
  if (mode !== 'reflect' && mode !== 'replicate' && mode !== 'circular') {
    throw new ValueError('pad', `mode must be 'constant', 'reflect', 'replicate' or 'circular', got ${formatValue(mode)}`);
  }
  let out = cropped;
  for (let d = 0; d < x.ndim; d++) {
    const lo = Math.max(before[d]!, 0);
    const hi = Math.max(after[d]!, 0);
    if (lo === 0 && hi === 0) continue;
    out = indexSelect(out, d, tensor(borderIndices(mode, cropped.shape[d]!, lo, hi, d, cropped.shape), { dtype: 'int32' }));
  }
  return out;
}

/** Applies negative pad amounts as crops. */
function cropNegative(x: Tensor, before: number[], after: number[]): Tensor {
  let out = x;
  for (let d = 0; d < x.ndim; d++) {
    const lo = Math.max(-before[d]!, 0);
    const hi = Math.max(-after[d]!, 0);
    if (lo + hi > x.shape[d]!) {
      throw new ShapeError('pad', `negative padding (${-lo}, ${-hi}) removes more than the ${x.shape[d]} elements of dim ${d} (shape ${fmtShape(x.shape)})`);
    }
    if (lo > 0 || hi > 0) out = slice(out, d, lo, x.shape[d]! - hi);
  }
  return out;
}

/** Input position read by each output position of a padded dim. */
function borderIndices(mode: Exclude<PadMode, 'constant'>, n: number, lo: number, hi: number, d: number, shape: readonly number[]): number[] {
  if (lo < 0 || hi < 0) throw new ValueError('pad', `mode '${mode}' does not accept negative padding (${lo}, ${hi}) for dim ${d}`);
  if (mode === 'reflect' && (lo >= n || hi >= n)) {
    throw new ValueError('pad', `reflect padding (${lo}, ${hi}) must be smaller than the size ${n} of dim ${d} (shape ${fmtShape(shape)})`);
  }
  if (mode === 'circular' && (lo > n || hi > n)) {
    throw new ValueError('pad', `circular padding (${lo}, ${hi}) must not exceed the size ${n} of dim ${d} (shape ${fmtShape(shape)})`);
  }
  if (n === 0) throw new ValueError('pad', `cannot ${mode}-pad the empty dim ${d} (shape ${fmtShape(shape)})`);
  const out: number[] = [];
  for (let i = -lo; i < n + hi; i++) {
    if (mode === 'replicate') out.push(Math.min(Math.max(i, 0), n - 1));
    else if (mode === 'circular') out.push(((i % n) + n) % n);
    else out.push(i < 0 ? -i : i >= n ? 2 * (n - 1) - i : i);
  }
  return out;
}

/** x surrounded by `value`: before[d] entries in front of dim d and after[d] behind it. */
function constantPad(x: Tensor, before: number[], after: number[], value: number): Tensor {
  if (before.every((p) => p === 0) && after.every((p) => p === 0)) return x;
  const shape = x.shape.map((s, d) => s + before[d]! + after[d]!);
  const out = empty(shape, x.dtype);
  if (value !== 0) out.storage.fill(value);
  const offset = before.reduce((o, p, d) => o + p * out.strides[d]!, 0);
  kernels().copy(x, { storage: out.storage, offset, shape: x.shape, strides: out.strides });
  return record('ConstantPadBackward', out, [x], constantPadVjp, [], { before });
}
// d pad = g cropped back to the input's region
function constantPadVjp(g: Tensor, _saved: readonly Tensor[], node: Node<{ before: number[] }>): Tensor[] {
  const { before } = node.attrs;
  let out = g;
  node.inputShapes[0]!.forEach((size, d) => {
    out = slice(out, d, before[d]!, before[d]! + size);
  });
  return [out];
}
