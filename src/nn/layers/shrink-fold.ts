/**
 * Modules of the shrinkage activations (Softshrink, Hardshrink, Tanhshrink) and of the sliding
 * block functions (Fold, Unfold), holding their arguments and calling the functional forms.
 * @module
 */
import type { Tensor } from '../../tensor/tensor.js';
import { checkOptions, type OptionSchema } from '../../checks/options.js';
import { fold, unfold, type FoldOptions } from '../functional/fold.js';
import { hardshrink, softshrink, tanhshrink } from '../functional/shrink.js';
import { tuple, type SizeArg } from '../functional/window.js';
import { Module } from '../module.js';
import { pySize } from '../repr.js';
import { ValueError } from '../../errors.js';
import { describe } from '../../checks/args.js';

function checkLambd(layer: string, lambd: unknown): void {
  if (typeof lambd !== 'number' || !(lambd >= 0)) throw new ValueError(layer, `lambd must be a non-negative number, got ${describe(lambd)}`);
}

/**
 * x ∓ λ outside [−λ, λ], 0 inside; see {@link softshrink}.
 *
 * ```ts
 * new Softshrink(1).forward(tensor([3])).toArray(); // [2]
 * ```
 */
export class Softshrink extends Module {
  constructor(readonly lambd = 0.5) {
    super();
    checkLambd('Softshrink', lambd);
  }
  forward(input: Tensor): Tensor {
    return softshrink(input, this.lambd);
  }
  override extraRepr(): string {
    return String(this.lambd);
  }
}

/**
 * x where |x| > λ, else 0; see {@link hardshrink}.
 *
 * ```ts
 * new Hardshrink().forward(tensor([0.25, 1])).toArray(); // [0, 1]
 * ```
 */
export class Hardshrink extends Module {
  constructor(readonly lambd = 0.5) {
    super();
    checkLambd('Hardshrink', lambd);
  }
  forward(input: Tensor): Tensor {
    return hardshrink(input, this.lambd);
  }
  override extraRepr(): string {
    return String(this.lambd);
  }
}

/**
 * x − tanh(x); see {@link tanhshrink}.
 *
 * ```ts
 * new Tanhshrink().forward(tensor([0])).toArray(); // [0]
 * ```
 */
export class Tanhshrink extends Module {
  forward(input: Tensor): Tensor {
    return tanhshrink(input);
  }
}

/** A size (one number or a pair) of at least `min`, checked when the layer is made. */
const size = (min: number) => (op: string, arg: string, v: unknown): void => void tuple(op, arg, v as SizeArg, 2, min);
const FOLD_OPTIONS: OptionSchema = { dilation: size(1), padding: size(0), stride: size(1) };

function showOptions(kernelSize: SizeArg, options: FoldOptions): string {
  return `kernelSize=${pySize(kernelSize)}, dilation=${pySize(options.dilation ?? 1)}, padding=${pySize(options.padding ?? 0)}, stride=${pySize(options.stride ?? 1)}`;
}

/**
 * Extracts sliding blocks, [N, C, H, W] → [N, C·∏k, L]; see F.unfold.
 *
 * ```ts
 * new Unfold(2).forward(ones([1, 1, 3, 3])).shape; // [1, 4, 4]
 * ```
 */
export class Unfold extends Module {
  constructor(readonly kernelSize: SizeArg, readonly options: FoldOptions = {}) {
    super();
    size(1)('Unfold', 'kernelSize', kernelSize);
    checkOptions('Unfold', options, FOLD_OPTIONS);
  }
  forward(input: Tensor): Tensor {
    return unfold(input, this.kernelSize, this.options);
  }
  override extraRepr(): string {
    return showOptions(this.kernelSize, this.options);
  }
}

/**
 * Sums sliding blocks back into an image, [N, C·∏k, L] → [N, C, H, W]; see F.fold.
 *
 * ```ts
 * new Fold([3, 3], 2).forward(ones([1, 4, 4])).shape; // [1, 1, 3, 3]
 * ```
 */
export class Fold extends Module {
  constructor(readonly outputSize: SizeArg, readonly kernelSize: SizeArg, readonly options: FoldOptions = {}) {
    super();
    size(1)('Fold', 'outputSize', outputSize);
    size(1)('Fold', 'kernelSize', kernelSize);
    checkOptions('Fold', options, FOLD_OPTIONS);
  }
  forward(input: Tensor): Tensor {
    return fold(input, this.outputSize, this.kernelSize, this.options);
  }
  override extraRepr(): string {
    return `outputSize=${pySize(this.outputSize)}, ${showOptions(this.kernelSize, this.options)}`;
  }
}
