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
export * from '../nn/zoo/index.js';
