/**
 * A LeNet-style CNN with the layer names of PyTorch's classic tutorial network (`conv1`, `conv2`,
 * `fc1`, `fc2`, `fc3`): conv5×5(→6)–ReLU–maxpool2, conv5×5(→16)–ReLU–maxpool2, then 120–84–classes.
 * @module
 */
import { checkInt, checkOptions, checkTensor, type OptionSchema } from '../../checks/index.js';
import { ValueError } from '../../errors.js';
import { formatValue } from '../../errors.js';
import type { FloatDType } from '../../dtype.js';
import { Generator } from '../../random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { Module } from '../module.js';
import { ReLU } from '../layers/activation.js';
import { Conv2d } from '../layers/conv.js';
import { Linear } from '../layers/linear.js';
import { MaxPool2d } from '../layers/pooling.js';

/** Options of {@link LeNet}. */
export interface LeNetOptions {
  /** Input channels (default 1). */
  inChannels?: number;
  /** Classes (default 10). */
  numClasses?: number;
  /** Input height = width: 32 (the original) or 28 (MNIST; conv1 then pads by 2). Default 28. */
  inputSize?: 28 | 32;
  dtype?: FloatDType;
  generator?: Generator;
}

const LENET_OPTIONS: OptionSchema = {
  inChannels: (op, arg, v) => checkInt(op, arg, v, 1),
  numClasses: (op, arg, v) => checkInt(op, arg, v, 1),
  inputSize: 'any',
  dtype: ['float32', 'float64'],
  generator: 'generator',
};

/** LeNet-5 style classifier for 28×28 or 32×32 images. */
export class LeNet extends Module {
  readonly conv1: Conv2d;
  readonly conv2: Conv2d;
  readonly pool: MaxPool2d;
  readonly relu: ReLU;
  readonly fc1: Linear;
  readonly fc2: Linear;
  readonly fc3: Linear;

  constructor(options: LeNetOptions = {}) {
    super();
    checkOptions('LeNet', options, LENET_OPTIONS);
    const inputSize = options.inputSize ?? 28;
    if (inputSize !== 28 && inputSize !== 32) throw new ValueError('LeNet', `inputSize must be 28 or 32, got ${formatValue(inputSize)}`);
    const common = { dtype: options.dtype ?? 'float32', ...(options.generator ? { generator: options.generator } : {}) } as const;
    this.conv1 = this.registerModule('conv1', new Conv2d(options.inChannels ?? 1, 6, 5, { padding: inputSize === 28 ? 2 : 0, ...common }));
    this.pool = this.registerModule('pool', new MaxPool2d(2));
    this.conv2 = this.registerModule('conv2', new Conv2d(6, 16, 5, common));
    this.relu = this.registerModule('relu', new ReLU());
    this.fc1 = this.registerModule('fc1', new Linear(16 * 5 * 5, 120, common));
    this.fc2 = this.registerModule('fc2', new Linear(120, 84, common));
    this.fc3 = this.registerModule('fc3', new Linear(84, options.numClasses ?? 10, common));
  }

  forward(x: Tensor): Tensor {
    checkTensor('LeNet', 'input', x);
    let out = this.pool(this.relu(this.conv1(x)));
    out = this.pool(this.relu(this.conv2(out)));
    out = out.flatten(1);
    out = this.relu(this.fc1(out));
    out = this.relu(this.fc2(out));
    return this.fc3(out);
  }
}
