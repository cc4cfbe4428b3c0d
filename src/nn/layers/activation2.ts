/**
 * Issue 10's activation modules (PyTorch's nn.SiLU, nn.ELU, …): each forward calls the function
 * of src/functional/activations2.ts (RReLU: nn/functional/rrelu.ts); PReLU holds its learnable slope. Those PyTorch gives an
 * `inplace` argument take it last (a boolean or `{ inplace }`, see ./inplace.ts).
 * @module
 */
import { asOp } from '../../checks/rename.js';
import { checkNumel } from '../../checks/limits.js';
import { checkOptions } from '../../checks/options.js';
import type { FloatDType } from '../../dtype.js';
import { pyFloat } from '../repr.js';
import * as A from '../../functional/activations2.js';
import { ValueError, formatValue } from '../../errors.js';
import { checkSoftplusBeta, softplus } from '../../ops/unary.js';
import { checkFinite, checkNumber } from '../../checks/args.js';
import { full } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { activate, inplaceFlag, inplaceRepr, type InplaceArg } from './inplace.js';
import { checkRreluBounds, rrelu } from '../functional/rrelu.js';

/**
 * x·σ(x) elementwise.
 *
 * ```ts
 * new SiLU().forward(tensor([0, 1])); // [0, 0.7311]
 * ```
 */
export class SiLU extends Module {
  readonly inplace: boolean;
  constructor(inplace?: InplaceArg) {
    super();
    this.inplace = inplaceFlag('SiLU', inplace);
  }
  forward(input: Tensor): Tensor {
    return activate(this.typeName, this.inplace, input, A.silu);
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace, true);
  }
}

/**
 * x for x > 0, α·(eˣ − 1) otherwise.
 *
 * ```ts
 * new ELU(0.5).forward(tensor([-1, 2])); // [-0.3161, 2]
 * ```
 */
export class ELU extends Module {
  readonly inplace: boolean;
  constructor(readonly alpha = 1, inplace?: InplaceArg) {
    super();
    this.inplace = inplaceFlag('ELU', inplace);
    checkFinite('ELU', 'alpha', alpha);
  }
  forward(input: Tensor): Tensor {
    return activate(this.typeName, this.inplace, input, (x) => A.elu(x, this.alpha));
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${inplaceRepr(this.inplace)}`;
  }
}

/**
 * scale·ELU(x, α) with PyTorch's SELU constants.
 *
 * ```ts
 * new SELU().forward(tensor([-1, 1])); // [-1.1113, 1.0507]
 * ```
 */
export class SELU extends Module {
  readonly inplace: boolean;
  constructor(inplace?: InplaceArg) {
    super();
    this.inplace = inplaceFlag('SELU', inplace);
  }
  forward(input: Tensor): Tensor {
    return activate(this.typeName, this.inplace, input, A.selu);
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace, true);
  }
}

/**
 * x for x > 0, α·(e^(x/α) − 1) otherwise.
 *
 * ```ts
 * new CELU(2).forward(tensor([-1, 2])); // [-0.7869, 2]
 * ```
 */
export class CELU extends Module {
  readonly inplace: boolean;
  constructor(readonly alpha = 1, inplace?: InplaceArg) {
    super();
    this.inplace = inplaceFlag('CELU', inplace);
    A.checkCeluAlpha('CELU', alpha);
  }
  forward(input: Tensor): Tensor {
    return activate(this.typeName, this.inplace, input, (x) => A.celu(x, this.alpha));
  }
  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${inplaceRepr(this.inplace)}`;
  }
}

/**
 * x·tanh(softplus(x)).
 *
 * ```ts
 * new Mish().forward(tensor([1])); // [0.8651]
 * ```
 */
export class Mish extends Module {
  readonly inplace: boolean;
  constructor(inplace?: InplaceArg) {
    super();
    this.inplace = inplaceFlag('Mish', inplace);
  }
  forward(input: Tensor): Tensor {
    return activate(this.typeName, this.inplace, input, A.mish);
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace, true);
  }
}

/**
 * x·min(max(x + 3, 0), 6)/6.
 *
 * ```ts
 * new Hardswish().forward(tensor([-4, 1, 4])); // [0, 0.6667, 4]
 * ```
 */
export class Hardswish extends Module {
  readonly inplace: boolean;
  constructor(inplace?: InplaceArg) {
    super();
    this.inplace = inplaceFlag('Hardswish', inplace);
  }
  forward(input: Tensor): Tensor {
    return activate(this.typeName, this.inplace, input, A.hardswish);
  }
}

/**
 * min(max(x + 3, 0), 6)/6.
 *
 * ```ts
 * new Hardsigmoid().forward(tensor([0])); // [0.5]
 * ```
 */
export class Hardsigmoid extends Module {
  readonly inplace: boolean;
  constructor(inplace?: InplaceArg) {
    super();
    this.inplace = inplaceFlag('Hardsigmoid', inplace);
  }
  forward(input: Tensor): Tensor {
    return activate(this.typeName, this.inplace, input, A.hardsigmoid);
  }
}

/**
 * x clamped into [minVal, maxVal] (default [−1, 1]).
 *
 * ```ts
 * new Hardtanh(-2, 2).forward(tensor([-3, 1, 3])); // [-2, 1, 2]
 * ```
 */
export class Hardtanh extends Module {
  readonly inplace: boolean;
  constructor(readonly minVal = -1, readonly maxVal = 1, inplace?: InplaceArg) {
    super();
    this.inplace = inplaceFlag('Hardtanh', inplace);
    A.checkHardtanhBounds('Hardtanh', minVal, maxVal);
  }
  forward(input: Tensor): Tensor {
    return activate(this.typeName, this.inplace, input, (x) => A.hardtanh(x, this.minVal, this.maxVal));
  }
  override extraRepr(): string {
    return `minVal=${pyFloat(this.minVal)}, maxVal=${pyFloat(this.maxVal)}${inplaceRepr(this.inplace)}`;
  }
}

/**
 * min(max(x, 0), 6).
 *
 * ```ts
 * new ReLU6().forward(tensor([-1, 7])); // [0, 6]
 * ```
 */
export class ReLU6 extends Module {
  readonly inplace: boolean;
  constructor(inplace?: InplaceArg) {
    super();
    this.inplace = inplaceFlag('ReLU6', inplace);
  }
  forward(input: Tensor): Tensor {
    return activate(this.typeName, this.inplace, input, A.relu6);
  }
  override extraRepr(): string {
    return inplaceRepr(this.inplace, true);
  }
}

/**
 * x/(1 + |x|).
 *
 * ```ts
 * new Softsign().forward(tensor([3])); // [0.75]
 * ```
 */
export class Softsign extends Module {
  forward(input: Tensor): Tensor {
    return A.softsign(input);
  }
}

/**
 * log σ(x).
 *
 * ```ts
 * new LogSigmoid().forward(tensor([0])); // [-0.6931]
 * ```
 */
export class LogSigmoid extends Module {
  forward(input: Tensor): Tensor {
    return A.logsigmoid(input);
  }
}

/**
 * log(1 + e^(βx))/β, linear above `threshold` (PyTorch's nn.Softplus).
 *
 * ```ts
 * new Softplus(2).forward(tensor([0])); // [0.3466]
 * ```
 */
export class Softplus extends Module {
  constructor(readonly beta = 1, readonly threshold = 20) {
    super();
    checkSoftplusBeta('Softplus', beta);
    checkNumber('Softplus', 'threshold', threshold);
  }
  forward(input: Tensor): Tensor {
    return softplus(input, { beta: this.beta, threshold: this.threshold });
  }
  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/**
 * softmax(−x) along `dim`.
 *
 * ```ts
 * new Softmin(0).forward(tensor([1, 2])); // [0.7311, 0.2689]
 * ```
 */
export class Softmin extends Module {
  constructor(readonly dim: number) {
    super();
    if (!Number.isInteger(dim)) throw new ValueError('Softmin', `dim must be an integer, got ${formatValue(dim)}`);
  }
  forward(input: Tensor): Tensor {
    return A.softmin(input, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * Gated linear unit a·σ(b) of the halves of x along `dim` (default −1).
 *
 * ```ts
 * new GLU().forward(tensor([1, 2, 0, 100])); // [0.5, 2]
 * ```
 */
export class GLU extends Module {
  constructor(readonly dim = -1) {
    super();
    if (!Number.isInteger(dim)) throw new ValueError('GLU', `dim must be an integer, got ${formatValue(dim)}`);
  }
  forward(input: Tensor): Tensor {
    return A.glu(input, this.dim);
  }
  override extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/** Options of {@link PReLU}. */
export interface PReLUOptions {
  /** dtype of the weight (default float32). */
  dtype?: FloatDType;
}

/**
 * x for x > 0, w·x otherwise, with a learnable slope `weight` of `numParameters` elements (1, or
 * the number of channels), initialized to `init` (default 0.25), as PyTorch's nn.PReLU.
 *
 * ```ts
 * const act = new PReLU(3); // weight [0.25, 0.25, 0.25], one slope per channel of [N, 3, …]
 * act.forward(randn([2, 3, 4]));
 * ```
 */
export class PReLU extends Module {
  readonly numParameters: number;
  /** [numParameters] */
  readonly weight: Tensor;

  constructor(numParameters = 1, init = 0.25, options: PReLUOptions = {}) {
    super();
    checkOptions('PReLU', options, { dtype: 'any' });
    if (!Number.isInteger(numParameters) || numParameters < 1) {
      throw new ValueError('PReLU', `numParameters must be a positive integer, got ${formatValue(numParameters)}`);
    }
    if (typeof init !== 'number' || !Number.isFinite(init)) throw new ValueError('PReLU', `init must be a finite number, got ${formatValue(init)}`);
    checkNumel('PReLU', numParameters, 'numParameters');
    this.numParameters = numParameters;
    this.weight = this.registerParameter('weight', asOp(this.typeName, () => full([numParameters], init, { dtype: options.dtype ?? 'float32' })));
  }
  forward(input: Tensor): Tensor {
    return A.prelu(input, this.weight);
  }
  override extraRepr(): string {
    return `numParameters=${this.numParameters}`;
  }
}

/**
 * x where x > threshold, `value` elsewhere.
 *
 * ```ts
 * new Threshold(1, -1).forward(tensor([0.5, 2])); // [-1, 2]
 * ```
 */
export class Threshold extends Module {
  readonly inplace: boolean;
  constructor(readonly threshold: number, readonly value: number, inplace?: InplaceArg) {
    super();
    this.inplace = inplaceFlag('Threshold', inplace);
    A.checkThresholdArgs('Threshold', threshold, value);
  }
  forward(input: Tensor): Tensor {
    return activate(this.typeName, this.inplace, input, (x) => A.threshold(x, this.threshold, this.value));
  }
  override extraRepr(): string {
    return `threshold=${this.threshold}, value=${this.value}${inplaceRepr(this.inplace)}`;
  }
}

/**
 * The randomized leaky ReLU: x for x > 0, a·x otherwise, a drawn per element uniformly from
 * [lower, upper) in training mode and (lower + upper)/2 in evaluation mode (F.rrelu).
 *
 * ```ts
 * const layer = new RReLU(0.1, 0.3);
 * layer.eval().forward(tensor([-1, 2])); // [-0.2, 2]
 * ```
 */
export class RReLU extends Module {
  readonly inplace: boolean;
  constructor(readonly lower = 1 / 8, readonly upper = 1 / 3, inplace?: InplaceArg) {
    super();
    this.inplace = inplaceFlag('RReLU', inplace);
    checkRreluBounds('RReLU', lower, upper);
  }
  forward(input: Tensor): Tensor {
    return activate(this.typeName, this.inplace, input, (x) => rrelu(x, { lower: this.lower, upper: this.upper, training: this.training }));
  }
  override extraRepr(): string {
    return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}${inplaceRepr(this.inplace)}`;
  }
}
