/**
 * Activation functions as modules, for use in Sequential.
 * @module
 */
import { checkOptions } from '../../checks/options.js';
import { gelu, logSoftmax, softmax, type GeluOptions } from '../../functional/activations.js';
import { formatValue } from '../../errors.js';
import { ValueError } from '../../errors.js';
import { leakyRelu, relu, sigmoid, tanh } from '../../ops/unary.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { checkTensor } from '../../checks/args.js';
import { activate, inplaceFlag, inplaceRepr, type InplaceArg } from './inplace.js';

/** max(x, 0) elementwise; `new ReLU(true)` (or `{ inplace: true }`) writes it into the input (./inplace.ts). */
export class ReLU extends Module {
  readonly inplace: boolean;

  constructor(inplace?: InplaceArg) {
    super();
    this.inplace = inplaceFlag('ReLU', inplace);
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return activate(this.typeName, this.inplace, input, relu);
  }

  override extraRepr(): string {
    return inplaceRepr(this.inplace, true);
  }
}

/** tanh elementwise. */
export class Tanh extends Module {
  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return tanh(input);
  }
}

/** σ(x) = 1/(1 + e^−x) elementwise. */
export class Sigmoid extends Module {
  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return sigmoid(input);
  }
}

/** GELU: x·Φ(x), or its tanh approximation with `{ approximate: 'tanh' }`. */
export class GELU extends Module {
  readonly approximate: 'none' | 'tanh';

  constructor(options: GeluOptions = {}) {
    super();
    checkOptions('GELU', options, { approximate: 'any' });
    const approximate = options.approximate ?? 'none';
    if (approximate !== 'none' && approximate !== 'tanh') {
      throw new ValueError('GELU', `approximate must be 'none' or 'tanh', got ${formatValue(approximate)}`);
    }
    this.approximate = approximate;
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return gelu(input, { approximate: this.approximate });
  }

  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** x for x > 0, negativeSlope·x otherwise; `inplace` writes it into the input (./inplace.ts). */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  readonly inplace: boolean;

  constructor(negativeSlope = 0.01, inplace?: InplaceArg) {
    super();
    if (typeof negativeSlope !== 'number' || !Number.isFinite(negativeSlope)) {
      throw new ValueError('LeakyReLU', `negativeSlope must be a finite number, got ${formatValue(negativeSlope)}`);
    }
    this.negativeSlope = negativeSlope;
    this.inplace = inplaceFlag('LeakyReLU', inplace);
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return activate(this.typeName, this.inplace, input, (x) => leakyRelu(x, this.negativeSlope));
  }

  override extraRepr(): string {
    return `negativeSlope=${this.negativeSlope}${inplaceRepr(this.inplace)}`;
  }
}

function checkDimArg(layer: string, dim: number): number {
  if (!Number.isInteger(dim)) throw new ValueError(layer, `dim must be an integer, got ${formatValue(dim)}`);
  return dim;
}

/** Softmax along `dim`: e^(x_i) / Σ_j e^(x_j). */
export class Softmax extends Module {
  readonly dim: number;

  constructor(dim: number) {
    super();
    this.dim = checkDimArg('Softmax', dim);
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return softmax(input, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** log(softmax) along `dim`, computed stably. */
export class LogSoftmax extends Module {
  readonly dim: number;

  constructor(dim: number) {
    super();
    this.dim = checkDimArg('LogSoftmax', dim);
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return logSoftmax(input, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
