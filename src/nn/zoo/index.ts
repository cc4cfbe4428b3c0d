/**
 * Model zoo: ResNet (torchvision's names) and a LeNet-style CNN.
 * @module
 */
export { ResNet, BasicBlock, Bottleneck, resnet18, resnet34, resnet50, resnet152 } from './resnet.js';
export type { ResNetOptions } from './resnet.js';
export { LeNet } from './lenet.js';
export type { LeNetOptions } from './lenet.js';
