/**
 * Padding modules (PyTorch's ZeroPad2d, ConstantPad1d/2d/3d, ReflectionPad1d/2d,
 * ReplicationPad1d/2d/3d): each holds its amounts (one number for every side, or PyTorch's
 * (left, right, top, bottom, front, back) order) and calls `pad`.
 * @module
 */
import { checkInt, checkNumber, describe } from '../../checks/args.js';
import { ValueError } from '../../errors.js';
import { pad, type PadMode } from '../../ops/pad.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { pyFloat, pyTuple } from '../repr.js';

abstract class PadNd extends Module {
  /** The amounts in PyTorch's order: (left, right) for the last dim, then (top, bottom), (front, back). */
  readonly padding: readonly number[];

  protected constructor(name: string, dims: number, padding: number | readonly number[], readonly mode: PadMode, readonly value = 0) {
    super();
    if (!Array.isArray(padding) && typeof padding !== 'number') throw new ValueError(name, `padding must be a number or ${2 * dims} numbers, got ${describe(padding)}`);
    const amounts = typeof padding === 'number' ? new Array<number>(2 * dims).fill(padding) : [...padding];
    if (amounts.length !== 2 * dims) throw new ValueError(name, `padding must be a number or ${2 * dims} numbers, got ${amounts.length}`);
    amounts.forEach((p, i) => checkInt(name, `padding[${i}]`, p));
    checkNumber(name, 'value', value);
    this.padding = amounts;
  }

  forward(input: Tensor): Tensor {
    return pad(input, this.padding, this.mode, this.value);
  }

  override extraRepr(): string {
    return pyTuple(this.padding);
  }
}

/**
 * Pads the last two dims with zeros.
 *
 * ```ts
 * new ZeroPad2d([1, 0, 0, 1]).forward(ones([1, 1, 1])).toArray(); // [[[0, 1], [0, 0]]]
 * ```
 */
export class ZeroPad2d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super('ZeroPad2d', 2, padding, 'constant', 0);
  }
}

abstract class ConstantPadNd extends PadNd {
  override extraRepr(): string {
    return `padding=${pyTuple(this.padding)}, value=${pyFloat(this.value)}`;
  }
}

/**
 * Pads the last dim with `value`.
 *
 * ```ts
 * new ConstantPad1d(1, 9).forward(tensor([[1]])).toArray(); // [[9, 1, 9]]
 * ```
 */
export class ConstantPad1d extends ConstantPadNd {
  constructor(padding: number | readonly number[], value: number) {
    super('ConstantPad1d', 1, padding, 'constant', value);
  }
}

/** Pads the last two dims with `value` (see {@link ConstantPad1d}). */
export class ConstantPad2d extends ConstantPadNd {
  constructor(padding: number | readonly number[], value: number) {
    super('ConstantPad2d', 2, padding, 'constant', value);
  }
}

/** Pads the last three dims with `value` (see {@link ConstantPad1d}). */
export class ConstantPad3d extends ConstantPadNd {
  constructor(padding: number | readonly number[], value: number) {
    super('ConstantPad3d', 3, padding, 'constant', value);
  }
}

/**
 * Pads the last dim by reflection (the edge not repeated).
 *
 * ```ts
 * new ReflectionPad1d(1).forward(tensor([[1, 2, 3]])).toArray(); // [[2, 1, 2, 3, 2]]
 * ```
 */
export class ReflectionPad1d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super('ReflectionPad1d', 1, padding, 'reflect');
  }
}

/** Pads the last two dims by reflection (see {@link ReflectionPad1d}). */
export class ReflectionPad2d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super('ReflectionPad2d', 2, padding, 'reflect');
  }
}

/**
 * Pads the last dim by repeating the edge.
 *
 * ```ts
 * new ReplicationPad1d([2, 0]).forward(tensor([[1, 2]])).toArray(); // [[1, 1, 1, 2]]
 * ```
 */
export class ReplicationPad1d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super('ReplicationPad1d', 1, padding, 'replicate');
  }
}

/** Pads the last two dims by repeating the edges (see {@link ReplicationPad1d}). */
export class ReplicationPad2d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super('ReplicationPad2d', 2, padding, 'replicate');
  }
}

/** Pads the last three dims by repeating the edges (see {@link ReplicationPad1d}). */
export class ReplicationPad3d extends PadNd {
  constructor(padding: number | readonly number[]) {
    super('ReplicationPad3d', 3, padding, 'replicate');
  }
}
