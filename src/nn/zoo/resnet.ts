/**
 * ResNet (He et al., 2015) with torchvision's layer and parameter names (`conv1.weight`,
 * `layer1.0.bn1.running_mean`, `layer2.0.downsample.0.weight`, `fc.bias`…), so torchvision state
 * dicts load onto it. BasicBlock for resnet18/34, Bottleneck (expansion 4) for resnet50/101/152.
 * @module
 */
import { checkInt, checkIntList, checkOptions, checkTensor, describe, type OptionSchema } from '../../checks/index.js';
import { formatValue } from '../../errors.js';
import { ValueError } from '../../errors.js';
import { Generator } from '../../random.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { FloatDType } from '../../dtype.js';
import { Sequential } from '../containers.js';
import { kaimingNormal_, ones_, zeros_ } from '../init.js';
import { Module } from '../module.js';
import { ReLU } from '../layers/activation.js';
import { Conv2d } from '../layers/conv.js';
import { Linear } from '../layers/linear.js';
import { BatchNorm2d } from '../layers/normalization.js';
import { AdaptiveAvgPool2d, MaxPool2d } from '../layers/pooling.js';

/** Options shared by the ResNet constructors. */
export interface ResNetOptions {
  /** Size of the classifier's output (default 1000). */
  numClasses?: number;
  /** Parameter dtype (default float32). */
  dtype?: FloatDType;
  /** Generator for the initial weights (default: the global one). */
  generator?: Generator;
}

interface BlockArgs {
  inplanes: number;
  planes: number;
  stride: number;
  downsample: Sequential | null;
  dtype: FloatDType;
}

const positive = (op: string, arg: string, v: unknown): void => checkInt(op, arg, v, 1);
const BLOCK_SCHEMA: OptionSchema = {
  inplanes: positive,
  planes: positive,
  stride: positive,
  downsample: (o, a, v) => {
    if (v !== null && !(v instanceof Module)) throw new ValueError(o, `${a} must be a module or null, got ${describe(v)}`);
  },
  dtype: ['float32', 'float64'],
};

/** A block's arguments, checked before any layer is built (so errors name the block, not Conv2d). */
function checkBlockArgs(op: string, args: unknown): void {
  if (args === null || typeof args !== 'object') throw new ValueError(op, `expects { inplanes, planes, stride, downsample, dtype }, got ${describe(args)}`);
  checkOptions(op, args, BLOCK_SCHEMA);
  for (const key of ['inplanes', 'planes', 'stride'] as const) positive(op, key, (args as Record<string, unknown>)[key]);
}

const RESNET_OPTIONS: OptionSchema = { numClasses: positive, dtype: ['float32', 'float64'], generator: 'generator' };
/** Blocks per stage: torchvision's deepest (resnet152) uses 36; far more than that is a mistake, not a model. */
const MAX_BLOCKS = 1000;

const conv3x3 = (cin: number, cout: number, stride: number, dtype: FloatDType): Conv2d =>
  new Conv2d(cin, cout, 3, { stride, padding: 1, bias: false, dtype });
const conv1x1 = (cin: number, cout: number, stride: number, dtype: FloatDType): Conv2d =>
  new Conv2d(cin, cout, 1, { stride, bias: false, dtype });

/** Two 3×3 convolutions with a residual connection (resnet18/34). */
export class BasicBlock extends Module {
  static readonly expansion = 1;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly relu: ReLU;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly downsample: Sequential | null;

  constructor(args: BlockArgs) {
    super();
    checkBlockArgs('BasicBlock', args);
    const { inplanes, planes, stride, downsample, dtype } = args;
    this.conv1 = this.registerModule('conv1', conv3x3(inplanes, planes, stride, dtype));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(planes, { dtype }));
    this.relu = this.registerModule('relu', new ReLU());
    this.conv2 = this.registerModule('conv2', conv3x3(planes, planes, 1, dtype));
    this.bn2 = this.registerModule('bn2', new BatchNorm2d(planes, { dtype }));
    this.downsample = this.registerModule('downsample', downsample);
  }

  forward(x: Tensor): Tensor {
    checkTensor('BasicBlock', 'input', x);
    const identity = this.downsample ? this.downsample(x) : x;
    const out = this.bn2(this.conv2(this.relu(this.bn1(this.conv1(x)))));
    return this.relu(out.add(identity));
  }
}

/** 1×1 → 3×3 → 1×1 convolutions (expansion 4) with a residual connection (resnet50/101/152). */
export class Bottleneck extends Module {
  static readonly expansion = 4;
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly conv3: Conv2d;
  readonly bn3: BatchNorm2d;
  readonly relu: ReLU;
  readonly downsample: Sequential | null;

  constructor(args: BlockArgs) {
    super();
    checkBlockArgs('Bottleneck', args);
    const { inplanes, planes, stride, downsample, dtype } = args;
    this.conv1 = this.registerModule('conv1', conv1x1(inplanes, planes, 1, dtype));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(planes, { dtype }));
    this.conv2 = this.registerModule('conv2', conv3x3(planes, planes, stride, dtype));
    this.bn2 = this.registerModule('bn2', new BatchNorm2d(planes, { dtype }));
    this.conv3 = this.registerModule('conv3', conv1x1(planes, planes * 4, 1, dtype));
    this.bn3 = this.registerModule('bn3', new BatchNorm2d(planes * 4, { dtype }));
    this.relu = this.registerModule('relu', new ReLU());
    this.downsample = this.registerModule('downsample', downsample);
  }

  forward(x: Tensor): Tensor {
    checkTensor('Bottleneck', 'input', x);
    const identity = this.downsample ? this.downsample(x) : x;
    let out = this.relu(this.bn1(this.conv1(x)));
    out = this.relu(this.bn2(this.conv2(out)));
    out = this.bn3(this.conv3(out));
    return this.relu(out.add(identity));
  }
}

type BlockClass = (typeof BasicBlock | typeof Bottleneck) & { expansion: number };

/** The ResNet trunk: stem, four stages of residual blocks, global average pooling, classifier. */
export class ResNet extends Module {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly relu: ReLU;
  readonly maxpool: MaxPool2d;
  readonly layer1: Sequential;
  readonly layer2: Sequential;
  readonly layer3: Sequential;
  readonly layer4: Sequential;
  readonly avgpool: AdaptiveAvgPool2d;
  readonly fc: Linear;

  constructor(block: BlockClass, layers: readonly [number, number, number, number], options: ResNetOptions = {}) {
    super();
    if (block !== BasicBlock && block !== Bottleneck) throw new ValueError('ResNet', `block must be BasicBlock or Bottleneck, got ${describe(block)}`);
    checkIntList('ResNet', 'layers', layers, 1);
    if (layers.length !== 4 || layers.some((n) => n > MAX_BLOCKS)) throw new ValueError('ResNet', `layers must be 4 block counts in 1..${MAX_BLOCKS}, got ${describe(layers)}`);
    checkOptions('ResNet', options, RESNET_OPTIONS);
    const numClasses = options.numClasses ?? 1000;
    if (!Number.isInteger(numClasses) || numClasses < 1) throw new ValueError('ResNet', `numClasses must be a positive integer, got ${formatValue(numClasses)}`);
    const dtype = options.dtype ?? 'float32';
    let inplanes = 64;
    const makeLayer = (planes: number, blocks: number, stride: number): Sequential => {
      const out = planes * block.expansion;
      const downsample = stride !== 1 || inplanes !== out ? new Sequential(conv1x1(inplanes, out, stride, dtype), new BatchNorm2d(out, { dtype })) : null;
      const list: Module[] = [new block({ inplanes, planes, stride, downsample, dtype })];
      inplanes = out;
      for (let i = 1; i < blocks; i++) list.push(new block({ inplanes, planes, stride: 1, downsample: null, dtype }));
      return new Sequential(...(list as BasicBlock[]));
    };
    this.conv1 = this.registerModule('conv1', new Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false, dtype }));
    this.bn1 = this.registerModule('bn1', new BatchNorm2d(64, { dtype }));
    this.relu = this.registerModule('relu', new ReLU());
    this.maxpool = this.registerModule('maxpool', new MaxPool2d(3, { stride: 2, padding: 1 }));
    this.layer1 = this.registerModule('layer1', makeLayer(64, layers[0], 1));
    this.layer2 = this.registerModule('layer2', makeLayer(128, layers[1], 2));
    this.layer3 = this.registerModule('layer3', makeLayer(256, layers[2], 2));
    this.layer4 = this.registerModule('layer4', makeLayer(512, layers[3], 2));
    this.avgpool = this.registerModule('avgpool', new AdaptiveAvgPool2d([1, 1]));
    this.fc = this.registerModule('fc', new Linear(512 * block.expansion, numClasses, { dtype, ...(options.generator ? { generator: options.generator } : {}) }));
    // torchvision's initialization: He-normal (fan_out, ReLU) convolutions, BatchNorm γ = 1, β = 0.
    for (const m of this.modules()) {
      if (m instanceof Conv2d) kaimingNormal_(m.weight, { mode: 'fan_out', nonlinearity: 'relu', ...(options.generator ? { generator: options.generator } : {}) });
      else if (m instanceof BatchNorm2d) {
        if (m.weight) ones_(m.weight);
        if (m.bias) zeros_(m.bias);
      }
    }
  }

  forward(x: Tensor): Tensor {
    checkTensor('ResNet', 'input', x);
    let out = this.maxpool(this.relu(this.bn1(this.conv1(x))));
    out = this.layer4(this.layer3(this.layer2(this.layer1(out))));
    return this.fc(this.avgpool(out).flatten(1));
  }
}

/** ResNet-18: BasicBlocks [2, 2, 2, 2]. */
export function resnet18(options: ResNetOptions = {}): ResNet {
  return new ResNet(BasicBlock, [2, 2, 2, 2], options);
}

/** ResNet-34: BasicBlocks [3, 4, 6, 3]. */
export function resnet34(options: ResNetOptions = {}): ResNet {
  return new ResNet(BasicBlock, [3, 4, 6, 3], options);
}

/** ResNet-50: Bottlenecks [3, 4, 6, 3]. */
export function resnet50(options: ResNetOptions = {}): ResNet {
  return new ResNet(Bottleneck, [3, 4, 6, 3], options);
}

/** ResNet-152: Bottlenecks [3, 8, 36, 3]. */
export function resnet152(options: ResNetOptions = {}): ResNet {
  return new ResNet(Bottleneck, [3, 8, 36, 3], options);
}
