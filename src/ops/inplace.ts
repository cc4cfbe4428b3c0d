/**
 * In-place ops. Each computes its result out of place first (so a bad argument throws before
 * anything changes), then writes it into the tensor and bumps the version counter. Under
 * recording, the tensor takes over the result's graph node; a node that saved the old values
 * will refuse to run backward (see Node.saved). Arithmetic that autograd does not record (an
 * optimizer's update under noGrad, gradient accumulation) runs as one kernel pass straight into
 * the tensor instead, after the same checks.
 * @module
 */
import { kernels } from '../backend/registry.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { blameAs, blamedOp, captureStack, checkFinite, isAnomalyEnabled, isForwardCheckEnabled } from '../autograd/anomaly.js';
import { record } from '../autograd/node.js';
import { AutogradError, DTypeError, ShapeError, ValueError, fmtShape } from '../errors.js';
import { broadcastShapes, sameShape } from '../shape.js';
import { isFloating, type TypedArray } from '../dtype.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { add, div, mul, sub } from './binary.js';
import { toDtype } from './cast.js';
import { canCast, checkCastInPlace, resultTypeOf } from './promotion.js';
import { clamp } from './unary.js';
import { broadcastPair, empty } from './util.js';
import { clone, expand } from './views.js';
import { checkNumber, checkTensor, checkTensorLike, numberAs } from '../checks/args.js';
import { requireFloat } from './util.js';

/** Writes `result` (computed out of place) into `self`; shared with the indexing family (inplace-index.ts). */
export function commit<T extends Tensor>(op: string, self: T, result: Tensor): T {
  checkCastInPlace(op, result, self);
  // a promoted result (float32 += float64, float ·= bool) is cast back to self's dtype, recorded
  if (result.dtype !== self.dtype) result = toDtype(result, self.dtype);
  if (!sameShape(result.shape, self.shape)) {
    throw new ShapeError(op, `the result has shape ${fmtShape(result.shape)}, which cannot be written into the tensor of shape ${fmtShape(self.shape)}`);
  }
  if (self.shape.some((size, d) => size > 1 && self.strides[d] === 0) && self.numel() > 0) {
    throw new ValueError(
      op,
      `cannot write in place into an expanded view (shape ${fmtShape(self.shape)}, strides ${fmtShape(self.strides)}): several of its elements share one memory location; clone() it first`,
    );
  }
  const recording = isGradEnabled() && result.requiresGrad;
  if (recording) {
    if (self.isLeaf && self.requiresGrad) {
      throw new AutogradError(
        op,
        `a leaf tensor that requires grad (shape ${fmtShape(self.shape)}) cannot be changed in place while grad mode is on; wrap the update in noGrad()`,
      );
    }
    if (self.base !== null) {
      throw new AutogradError(
        op,
        `changing a view (shape ${fmtShape(self.shape)}) in place is not supported while autograd records; use the out-of-place op`,
      );
    }
  }
  kernels().copy(result, self);
  self.versionCounter.value++;
  self.versionCounter.lastOp = op;
  if (recording) self.setGradFn(result.gradFn!);
  return self;
}

/**
 * self as the operand of the out-of-place op: a recorded copy when that op saves it for backward
 * (the write into self would otherwise invalidate what was saved; PyTorch keeps `original_self`).
 */
export function selfOperand(self: Tensor, savedForBackward: boolean): Tensor {
  return savedForBackward && isGradEnabled() ? clone(self) : self;
}

/** True when `other` is a tensor that requires grad. */
function needsGrad(other: TensorLike): boolean {
  return typeof other !== 'number' && other.requiresGrad;
}

/**
 * The direct path of in-place arithmetic: writing straight into self's storage differs from
 * `commit` only in speed when autograd does not record it (no node can need self's old values),
 * self is a contiguous float tensor, and the operand does not share self's storage (an aliased
 * read could see values already overwritten). Returns the operand expanded to self's shape (the
 * out-of-place op's checks, hence its errors), or null when the path does not apply.
 */
function directOperand(op: 'add' | 'sub' | 'mul' | 'div', self: Tensor, other: TensorLike): Tensor | null {
  if (isGradEnabled() && (self.requiresGrad || needsGrad(other))) return null;
  if (!isFloating(self.dtype) || !self.isContiguous()) return null;
  if (typeof other !== 'number' && other.dtype !== self.dtype) return null; // promoted: through commit
  const [, y] = broadcastPair(op, self, other);
  return y.storage === self.storage ? null : y;
}

/** Runs `kernel(out)` with `out` self's elements as one contiguous array, then bumps self's version. */
function writeDirect<T extends Tensor>(name: string, self: T, kernel: (out: TypedArray) => void): T {
  const n = self.numel();
  kernel(self.offset === 0 && self.storage.length === n ? self.storage : self.storage.subarray(self.offset, self.offset + n));
  if (isForwardCheckEnabled()) checkFinite(name, 'the result written in place', self, captureStack);
  self.versionCounter.value++;
  self.versionCounter.lastOp = name;
  return self;
}

/** self op= other in one kernel pass straight into self (see {@link directOperand}); null when that does not apply. */
function arithmeticInPlace<T extends Tensor>(op: 'add' | 'sub' | 'mul' | 'div', name: string, self: T, other: TensorLike): T | null {
  const y = directOperand(op, self, other);
  return y === null ? null : writeDirect(name, self, (out) => kernels().binary(op, self, y, out));
}

/**
 * self += alpha·other (alpha ≠ 1, other a tensor) as one fused kernel pass straight into self (see
 * {@link directOperand}): an optimizer's `p.add_(g, −lr)` without the temporary alpha·g. Rounds
 * as the multiply then the add would. Null when it does not apply.
 */
function scaledAddInPlace<T extends Tensor>(name: string, self: T, other: TensorLike, alpha: number): T | null {
  if (typeof other === 'number') return null;
  const x = directOperand('add', self, other);
  return x === null ? null : writeDirect(name, self, (out) => kernels().scaledAdd(self, alpha, x, out));
}

/** Rejects an operand that would broadcast the tensor itself to a bigger shape. */
function checkFits(op: string, self: Tensor, other: TensorLike, alpha?: unknown): void {
  checkTensor(op, 'self', self);
  checkTensorLike(op, 'other', other);
  if (alpha !== undefined) checkNumber(op, 'alpha', alpha);
  // dtypes promote as out of place (src/ops/promotion.ts); the result must cast back into self
  const resultDtype = resultTypeOf(op, [self, other]);
  if (!canCast(resultDtype, self.dtype)) {
    throw new DTypeError(op, `result type ${resultDtype} can't be cast to the tensor's dtype ${self.dtype} (shape ${fmtShape(self.shape)})`);
  }
  const o = typeof other === 'number' ? { shape: [] as number[] } : other;
  const shape = broadcastShapes(op, self.shape, o.shape);
  if (!sameShape(shape, self.shape)) {
    throw new ShapeError(op, `operand of shape ${fmtShape(o.shape)} would broadcast the tensor of shape ${fmtShape(self.shape)} to ${fmtShape(shape)}`);
  }
}

/** self += alpha·other */
export function add_<T extends Tensor>(self: T, other: TensorLike, alpha = 1): T {
  if (isAnomalyEnabled() && blamedOp() === null) return blameAs('add_', () => add_(self, other, alpha));
  checkFits('add_', self, other, alpha);
  const fused = alpha === 1 ? null : scaledAddInPlace('add_', self, other, alpha);
  if (fused !== null) return fused;
  const scaled = alpha === 1 ? other : typeof other === 'number' ? other * alpha : mul(other, alpha);
  return arithmeticInPlace('add', 'add_', self, scaled) ?? commit('add_', self, add(self, scaled));
}

/** self −= alpha·other */
export function sub_<T extends Tensor>(self: T, other: TensorLike, alpha = 1): T {
  if (isAnomalyEnabled() && blamedOp() === null) return blameAs('sub_', () => sub_(self, other, alpha));
  checkFits('sub_', self, other, alpha);
  if (self.dtype === 'bool' || (typeof other !== 'number' && other.dtype === 'bool')) {
    throw new DTypeError('sub_', 'subtraction with a bool tensor is not supported, as in PyTorch; use logicalXor, or logicalNot to invert a mask');
  }
  const fused = alpha === 1 ? null : scaledAddInPlace('sub_', self, other, -alpha);
  if (fused !== null) return fused;
  const scaled = alpha === 1 ? other : typeof other === 'number' ? other * alpha : mul(other, alpha);
  return arithmeticInPlace('sub', 'sub_', self, scaled) ?? commit('sub_', self, sub(self, scaled));
}

/** self ·= other */
export function mul_<T extends Tensor>(self: T, other: TensorLike): T {
  if (isAnomalyEnabled() && blamedOp() === null) return blameAs('mul_', () => mul_(self, other));
  checkFits('mul_', self, other);
  // mul saves self only for other's gradient
  return arithmeticInPlace('mul', 'mul_', self, other) ?? commit('mul_', self, mul(selfOperand(self, needsGrad(other)), other));
}

/** self /= other */
export function div_<T extends Tensor>(self: T, other: TensorLike): T {
  if (isAnomalyEnabled() && blamedOp() === null) return blameAs('div_', () => div_(self, other));
  checkFits('div_', self, other);
  return arithmeticInPlace('div', 'div_', self, other) ?? commit('div_', self, div(selfOperand(self, self.requiresGrad || needsGrad(other)), other));
}

/** Clamps self in place (bounds: numbers, or tensors broadcasting to self's shape). */
export function clamp_<T extends Tensor>(self: T, min?: number | Tensor | null, max?: number | Tensor | null): T {
  if (isAnomalyEnabled() && blamedOp() === null) return blameAs('clamp_', () => clamp_(self, min, max));
  requireFloat('clamp_', self, 'self');
  if (min == null && max == null) throw new ValueError('clamp_', 'at least one of min and max must be given');
  checkBound('clamp_', 'min', min, self);
  checkBound('clamp_', 'max', max, self);
  const saved = self.requiresGrad || [min, max].some((b) => typeof b === 'object' && b !== null && b.requiresGrad);
  return commit('clamp_', self, clamp(selfOperand(self, saved), min, max));
}

/**
 * Throws unless a clamp bound is a number, null or undefined (PyTorch's None), or a tensor that
 * broadcasts to self's shape with a dtype that casts back into self's.
 */
function checkBound(op: string, arg: string, bound: unknown, self: Tensor): void {
  if (typeof bound === 'object' && bound !== null) {
    checkTensor(op, arg, bound);
    const b = bound as Tensor;
    if (!sameShape(broadcastShapes(op, self.shape, b.shape), self.shape)) {
      throw new ShapeError(op, `${arg} of shape ${fmtShape(b.shape)} does not broadcast to self's shape ${fmtShape(self.shape)}`);
    }
    if (!canCast(resultTypeOf(op, [self, b]), self.dtype)) throw new DTypeError(op, `${arg} is ${b.dtype}, which does not cast into self's ${self.dtype}`);
    return;
  }
  if (bound !== undefined && bound !== null) checkNumber(op, arg, bound);
  if (Number.isNaN(bound)) throw new ValueError(op, `bounds must not be NaN (${arg}=NaN)`);
}

/** Sets every element to `value` (converted to self's dtype as PyTorch: see numberAs); the old values get no gradient. */
export function fill_<T extends Tensor>(self: T, value: number): T {
  if (isAnomalyEnabled() && blamedOp() === null) return blameAs('fill_', () => fill_(self, value));
  checkTensor('fill_', 'self', self);
  if (typeof value !== 'boolean') checkNumber('fill_', 'value', value);
  return fillWith('fill_', self, value);
}

function fillWith<T extends Tensor>(op: string, self: T, value: number): T {
  const filled = empty(self.shape, self.dtype);
  // converted as PyTorch: 0.5 fills a bool tensor with true, 2³¹ does not fit an int32 one
  filled.storage.fill(numberAs(op, 'value', Number(value), self.dtype));
  return commit(op, self, record('FillBackward', filled, [self], fillVjp));
}
// d fill = 0 for the overwritten values
function fillVjp(g: Tensor): Tensor[] {
  return [empty(g.shape, g.dtype)];
}

/** Sets every element to 0. */
export function zero_<T extends Tensor>(self: T): T {
  if (isAnomalyEnabled() && blamedOp() === null) return blameAs('zero_', () => zero_(self));
  return fillWith('zero_', self, 0);
}

/** Copies `src` (broadcast to self's shape, converted to self's dtype) into self. */
export function copy_<T extends Tensor>(self: T, src: Tensor): T {
  if (isAnomalyEnabled() && blamedOp() === null) return blameAs('copy_', () => copy_(self, src));
  checkTensor('copy_', 'self', self);
  checkTensor('copy_', 'src', src);
  const shape = broadcastShapes('copy_', self.shape, src.shape);
  if (!sameShape(shape, self.shape)) {
    throw new ShapeError('copy_', `source of shape ${fmtShape(src.shape)} cannot be broadcast to the destination shape ${fmtShape(self.shape)}`);
  }
  const value = expand(toDtype(src, self.dtype), self.shape);
  const copied = empty(self.shape, self.dtype);
  kernels().copy(value, copied);
  return commit('copy_', self, record('CopyBackward', copied, [self, value], copyVjp));
}
// d copy_(self, src) = (0 for the overwritten values, g for the source)
function copyVjp(g: Tensor): Tensor[] {
  return [empty(g.shape, g.dtype), g];
}
