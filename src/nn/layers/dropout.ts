/**
 * Dropout as a module: active in training mode, the identity after `eval()`.
 * @module
 */
import type { Generator } from '../../random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { alphaDropout, checkDropoutP, dropout } from '../functional/dropout.js';
import { Module } from '../module.js';
import { checkOptions } from '../../checks/options.js';
import { DROPOUT_OPTIONS } from '../schemas.js';
import { checkTensor } from '../../checks/args.js';

/** Options of {@link Dropout}. */
export interface DropoutLayerOptions {
  /** Generator for the masks (default: the global one, seeded by manualSeed). */
  generator?: Generator;
  /** In training, write the result into the input and return it (default false), as PyTorch's inplace. */
  inplace?: boolean;
}

/** Zeroes each element with probability p in training and scales the rest by 1/(1 − p). */
export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;
  private readonly generator: Generator | undefined;

  constructor(p = 0.5, options: DropoutLayerOptions = {}) {
    super();
    checkOptions('Dropout', options, DROPOUT_OPTIONS);
    checkDropoutP('Dropout', p);
    this.p = p;
    this.inplace = options.inplace ?? false;
    this.generator = options.generator;
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return dropout(input, { p: this.p, training: this.training, generator: this.generator, inplace: this.inplace });
  }

  override extraRepr(): string {
    return `p=${this.p}, inplace=${this.inplace}`;
  }
}

/**
 * Alpha dropout for SELU networks, active in training (see {@link alphaDropout}); the identity after `eval()`.
 *
 * ```ts
 * new AlphaDropout(0.2).eval().forward(ones([3])).toArray(); // [1, 1, 1]
 * ```
 */
export class AlphaDropout extends Module {
  readonly p: number;
  private readonly generator: Generator | undefined;

  constructor(p = 0.5, options: { generator?: Generator } = {}) {
    super();
    checkOptions('AlphaDropout', options, { generator: 'generator' });
    checkDropoutP('AlphaDropout', p);
    this.p = p;
    this.generator = options.generator;
  }

  forward(input: Tensor): Tensor {
    checkTensor(this.typeName, 'input', input);
    return alphaDropout(input, { p: this.p, training: this.training, generator: this.generator });
  }

  override extraRepr(): string {
    return `p=${this.p}, inplace=False`;
  }
}
