/**
 * Losses as modules: each holds its options (and class weights as buffers, named as in PyTorch)
 * and calls the functional form with (input, target).
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  type BinaryCrossEntropyOptions,
  type BinaryCrossEntropyWithLogitsOptions,
} from '../functional/binary-cross-entropy.js';
import { crossEntropy, nllLoss, type CrossEntropyOptions, type NllLossOptions } from '../functional/cross-entropy.js';
import { checkReduction, l1Loss, mseLoss, type LossOptions, type Reduction } from '../functional/loss.js';
import { Module } from '../module.js';
import { checkOptions, type OptionSchema } from '../../checks/options.js';
import { BCE_LOGITS_OPTIONS, BCE_OPTIONS, CROSS_ENTROPY_OPTIONS, LOSS_OPTIONS, NLL_LOSS_OPTIONS } from '../schemas.js';
import { checkTensor } from '../../checks/args.js';

/** The reduction every loss module keeps. */
abstract class Loss extends Module {
  readonly reduction: Reduction;

  constructor(reduction: Reduction | undefined) {
    super();
    this.reduction = checkReduction(new.target.name, reduction);
  }

  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

/** Mean squared error; see {@link mseLoss}. */
/** Checks a loss layer's options against its schema; its reduction. */
function lossOptions(layer: string, options: { reduction?: Reduction }, schema: OptionSchema): Reduction | undefined {
  checkOptions(layer, options, schema);
  return options.reduction;
}
export class MSELoss extends Loss {
  constructor(options: LossOptions = {}) {
    super(lossOptions('MSELoss', options, LOSS_OPTIONS));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return mseLoss(input, target, { reduction: this.reduction });
  }
}

/** Mean absolute error; see {@link l1Loss}. */
export class L1Loss extends Loss {
  constructor(options: LossOptions = {}) {
    super(lossOptions('L1Loss', options, LOSS_OPTIONS));
  }
  forward(input: Tensor, target: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return l1Loss(input, target, { reduction: this.reduction });
  }
}

/** Negative log-likelihood of log-probabilities; see {@link nllLoss}. Buffer `weight` when given. */
export class NLLLoss extends Loss {
  readonly weight: Tensor | null;
  readonly ignoreIndex: number;

  constructor(options: NllLossOptions = {}) {
    super(lossOptions('NLLLoss', options, NLL_LOSS_OPTIONS));
    this.weight = this.registerBuffer('weight', options.weight ?? null);
    this.ignoreIndex = options.ignoreIndex ?? -100;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/** Cross-entropy of logits; see {@link crossEntropy}. Buffer `weight` when given. */
export class CrossEntropyLoss extends Loss {
  readonly weight: Tensor | null;
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;

  constructor(options: CrossEntropyOptions = {}) {
    super(lossOptions('CrossEntropyLoss', options, CROSS_ENTROPY_OPTIONS));
    this.weight = this.registerBuffer('weight', options.weight ?? null);
    this.ignoreIndex = options.ignoreIndex ?? -100;
    this.labelSmoothing = options.labelSmoothing ?? 0;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return crossEntropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }
}

/** Binary cross-entropy of probabilities; see {@link binaryCrossEntropy}. Buffer `weight` when given. */
export class BCELoss extends Loss {
  readonly weight: Tensor | null;

  constructor(options: BinaryCrossEntropyOptions = {}) {
    super(lossOptions('BCELoss', options, BCE_OPTIONS));
    this.weight = this.registerBuffer('weight', options.weight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/** Binary cross-entropy of logits; see {@link binaryCrossEntropyWithLogits}. Buffers `weight`, `pos_weight`. */
export class BCEWithLogitsLoss extends Loss {
  readonly weight: Tensor | null;
  readonly posWeight: Tensor | null;

  constructor(options: BinaryCrossEntropyWithLogitsOptions = {}) {
    super(lossOptions('BCEWithLogitsLoss', options, BCE_LOGITS_OPTIONS));
    this.weight = this.registerBuffer('weight', options.weight ?? null);
    this.posWeight = this.registerBuffer('pos_weight', options.posWeight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return binaryCrossEntropyWithLogits(input, target, { weight: this.weight, posWeight: this.posWeight, reduction: this.reduction });
  }
}
