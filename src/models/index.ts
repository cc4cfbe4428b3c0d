/**
 * chainrule/models: ready-made networks, like torchvision.models — ResNet with torchvision's
 * layer and parameter names (so its state dicts load), and a LeNet-style CNN.
 *
 * ```ts
 * import { randn } from 'chainrule';
 * import { LeNet, resnet18 } from 'chainrule/models';
 * const logits = new LeNet().forward(randn([2, 1, 28, 28])); // shape [2, 10]
 * resnet18({ numClasses: 10 }).parameters().length; // 62 parameter tensors
 * ```
 * @module chainrule/models
 */
export { ResNet, BasicBlock, Bottleneck, resnet18, resnet34, resnet50, resnet152 } from '../nn/zoo/resnet.js';
export type { ResNetOptions } from '../nn/zoo/resnet.js';
export { LeNet } from '../nn/zoo/lenet.js';
export type { LeNetOptions } from '../nn/zoo/lenet.js';
