/**
 * Linear, Bilinear and Identity layers.
 * @module
 */
import { asOp } from '../../checks/rename.js';
import type { FloatDType } from '../../dtype.js';
import { formatValue } from '../../errors.js';
import { ShapeError, ValueError, fmtShape } from '../../errors.js';
import type { Generator } from '../../random.js';
import { zeros } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { bilinear, linear } from '../functional/linear.js';
import { resetLinearLike_, uniform_ } from '../init.js';
import { Module } from '../module.js';
import { checkOptions } from '../../checks/options.js';
import { LINEAR_OPTIONS, checkLayerSizes } from '../schemas.js';
import { checkTensor } from '../../checks/args.js';

/** Options of {@link Linear} and {@link Bilinear}. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** dtype of the parameters (default float32). */
  dtype?: FloatDType;
  /** Generator for the initial values (default: the global one). */
  generator?: Generator;
}

/** Checks a layer's size argument: a non-negative integer. */
export function checkSize(layer: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new ValueError(layer, `${name} must be a non-negative integer, got ${formatValue(value)}`);
}

/**
 * y = x·Wᵀ + b, with weight [outFeatures, inFeatures] and bias [outFeatures]. Initialized as
 * PyTorch: W ~ U(±1/√inFeatures) (kaiming uniform with a = √5), b ~ U(±1/√inFeatures).
 */
export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  /** [outFeatures, inFeatures] */
  readonly weight: Tensor;
  /** [outFeatures], or null with `bias: false`. */
  readonly bias: Tensor | null;

  constructor(inFeatures: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    checkOptions('Linear', options, LINEAR_OPTIONS);
    checkLayerSizes('Linear', { inFeatures, outFeatures });
    checkSize('Linear', 'inFeatures', inFeatures);
    checkSize('Linear', 'outFeatures', outFeatures);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', asOp(this.typeName, () => zeros([outFeatures, inFeatures], { dtype })));
    this.bias = this.registerParameter('bias', asOp(this.typeName, () => (options.bias ?? true) ? zeros([outFeatures], { dtype }) : null));
    this.resetParameters(options.generator);
  }

  /** Draws fresh initial values (PyTorch's reset_parameters). */
  resetParameters(generator?: Generator): void {
    resetLinearLike_(this.weight, this.bias, generator);
  }

  /** x [..., inFeatures] → [..., outFeatures]. */
  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    if (input.ndim === 0 || input.shape[input.ndim - 1] !== this.inFeatures) {
      throw new ShapeError('Linear', `expected input [..., ${this.inFeatures}] (inFeatures=${this.inFeatures}), got ${fmtShape(input.shape)}`);
    }
    return linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}

/**
 * y_k = x1ᵀ·A_k·x2 + b_k, with weight [outFeatures, in1Features, in2Features] and bias
 * [outFeatures], both initialized U(±1/√in1Features) as PyTorch.
 */
export class Bilinear extends Module {
  readonly in1Features: number;
  readonly in2Features: number;
  readonly outFeatures: number;
  /** [outFeatures, in1Features, in2Features] */
  readonly weight: Tensor;
  /** [outFeatures], or null with `bias: false`. */
  readonly bias: Tensor | null;

  constructor(in1Features: number, in2Features: number, outFeatures: number, options: LinearOptions = {}) {
    super();
    checkOptions('Bilinear', options, LINEAR_OPTIONS);
    checkLayerSizes('Bilinear', { in1Features, in2Features, outFeatures });
    checkSize('Bilinear', 'in1Features', in1Features);
    checkSize('Bilinear', 'in2Features', in2Features);
    checkSize('Bilinear', 'outFeatures', outFeatures);
    this.in1Features = in1Features;
    this.in2Features = in2Features;
    this.outFeatures = outFeatures;
    const dtype = options.dtype ?? 'float32';
    this.weight = this.registerParameter('weight', asOp(this.typeName, () => zeros([outFeatures, in1Features, in2Features], { dtype })));
    this.bias = this.registerParameter('bias', asOp(this.typeName, () => (options.bias ?? true) ? zeros([outFeatures], { dtype }) : null));
    this.resetParameters(options.generator);
  }

  /** Draws fresh initial values (PyTorch's reset_parameters). */
  resetParameters(generator?: Generator): void {
    const bound = this.in1Features > 0 ? 1 / Math.sqrt(this.in1Features) : 0;
    uniform_(this.weight, -bound, bound, { generator });
    if (this.bias !== null) uniform_(this.bias, -bound, bound, { generator });
  }

  /** x1 [..., in1Features], x2 [..., in2Features] → [..., outFeatures]. */
  forward(input1: Tensor, input2: Tensor): Tensor {
    checkTensor(this.typeName, 'input1', input1);
    checkTensor(this.typeName, 'input2', input2);
    const ok =
      input1.ndim > 0 && input2.ndim > 0 &&
      input1.shape[input1.ndim - 1] === this.in1Features && input2.shape[input2.ndim - 1] === this.in2Features;
    if (!ok) {
      throw new ShapeError(
        'Bilinear',
        `expected inputs [..., ${this.in1Features}] and [..., ${this.in2Features}], got ${fmtShape(input1.shape)} and ${fmtShape(input2.shape)}`,
      );
    }
    return bilinear(input1, input2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in1Features=${this.in1Features}, in2Features=${this.in2Features}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}

/** Returns its input unchanged (a placeholder, e.g. to switch a layer off). */
export class Identity extends Module {
  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return input;
  }
}
