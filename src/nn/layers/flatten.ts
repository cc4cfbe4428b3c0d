/**
 * Flatten: merges a range of dims into one (by default all but the batch dim).
 * @module
 */
import { ValueError } from '../../errors.js';
import { formatValue } from '../../errors.js';
import { flatten } from '../../ops/views.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { checkTensor } from '../../checks/args.js';

/** Merges dims startDim..endDim (default 1..−1: [N, C, H, W] → [N, C·H·W]). */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor(startDim = 1, endDim = -1) {
    super();
    if (!Number.isInteger(startDim) || !Number.isInteger(endDim)) {
      throw new ValueError('Flatten', `startDim and endDim must be integers, got ${formatValue(startDim)} and ${formatValue(endDim)}`);
    }
    this.startDim = startDim;
    this.endDim = endDim;
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return flatten(input, this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `startDim=${this.startDim}, endDim=${this.endDim}`;
  }
}
