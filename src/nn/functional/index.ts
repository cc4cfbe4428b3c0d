/**
 * `nn.functional`: the stateless forms of the layers and losses (PyTorch's torch.nn.functional).
 * Several files add their exports here; keep one block per file.
 * @module
 */
export { relu, leakyRelu, tanh, sigmoid, softplus } from '../../ops/unary.js';
export { softmax, logSoftmax, gelu } from '../../functional/activations.js';
export type { GeluOptions } from '../../functional/activations.js';
export { linear, bilinear } from './linear.js';
export { dropout, alphaDropout } from './dropout.js';
export type { DropoutOptions, AlphaDropoutOptions } from './dropout.js';
export { batchNorm, layerNorm } from './normalization.js';
export type { BatchNormOptions, LayerNormOptions } from './normalization.js';
export { embedding } from './embedding.js';
export type { EmbeddingOptions } from './embedding.js';
export { mseLoss, l1Loss } from './loss.js';
export type { Reduction, LossOptions } from './loss.js';
export { nllLoss, crossEntropy } from './cross-entropy.js';
export type { NllLossOptions, CrossEntropyOptions } from './cross-entropy.js';
export { binaryCrossEntropy, binaryCrossEntropyWithLogits } from './binary-cross-entropy.js';
export type { BinaryCrossEntropyOptions, BinaryCrossEntropyWithLogitsOptions } from './binary-cross-entropy.js';
export { conv1d, conv2d, convTranspose1d, convTranspose2d } from './conv.js';
export type { ConvOptions, ConvTransposeOptions, ConvPadding } from './conv.js';
export { maxPool1d, maxPool2d, avgPool1d, avgPool2d, adaptiveAvgPool1d, adaptiveAvgPool2d } from './pooling.js';
export type { MaxPoolOptions, AvgPool1dOptions, AvgPool2dOptions, AdaptiveSize } from './pooling.js';
export { unfold, fold } from './fold.js';
export type { FoldOptions } from './fold.js';
export type { SizeArg } from './window.js';
export { rnnTanhCell, rnnReluCell, lstmCell, gruCell } from './recurrent.js';
// issue 10 (nn.functional parity): distances, one-hot, resampling, normalizations, losses.
export { normalize, cosineSimilarity, pairwiseDistance } from './distance.js';
export type { NormalizeOptions, CosineSimilarityOptions, PairwiseDistanceOptions } from './distance.js';
export { oneHot } from './one-hot.js';
export { interpolate } from './interpolate.js';
export type { InterpolateOptions, InterpolateMode } from './interpolate.js';
export { pixelShuffle, pixelUnshuffle } from './pixel-shuffle.js';
export { groupNorm } from './group-norm.js';
export type { GroupNormOptions } from './group-norm.js';
export { instanceNorm } from './instance-norm.js';
export type { InstanceNormOptions } from './instance-norm.js';
export { rmsNorm } from './rms-norm.js';
export type { RmsNormOptions } from './rms-norm.js';
export { smoothL1Loss, huberLoss } from './robust-loss.js';
export type { SmoothL1LossOptions, HuberLossOptions } from './robust-loss.js';
export { klDiv } from './kl-div.js';
export type { KlDivOptions, KlDivReduction } from './kl-div.js';
export { tripletMarginLoss } from './triplet-margin.js';
export type { TripletMarginLossOptions } from './triplet-margin.js';
// issue 10 (nn.functional parity): 3-D convolution and pooling, adaptive max pooling, max unpooling.
export { conv3d, convTranspose3d } from './conv3d.js';
export { maxPool3d, avgPool3d } from './pooling3d.js';
export type { MaxPool3dOptions, AvgPool3dOptions } from './pooling3d.js';
export { adaptiveMaxPool1d, adaptiveMaxPool2d } from './adaptive-max-pool.js';
export type { AdaptiveMaxPoolOptions } from './adaptive-max-pool.js';
export { maxUnpool1d, maxUnpool2d, maxUnpool3d } from './max-unpool.js';
export type { MaxUnpoolOptions } from './max-unpool.js';
// Issue 10 (G1): activations.
export { silu, elu, selu, celu, mish, hardswish, hardsigmoid, hardtanh, relu6, softsign, logsigmoid, softmin, glu, prelu, threshold } from '../../functional/activations2.js';
// gap scan after issue 10 (helper i10): margin and likelihood losses
export { marginRankingLoss, hingeEmbeddingLoss, softMarginLoss, cosineEmbeddingLoss, gaussianNllLoss, poissonNllLoss, multiMarginLoss, multilabelSoftMarginLoss } from './margin-losses.js';
export type { MarginLossOptions, GaussianNllLossOptions, PoissonNllLossOptions, MultiMarginLossOptions } from './margin-losses.js';
export { softshrink, hardshrink, tanhshrink } from './shrink.js';
export { dropout1d, dropout2d, dropout3d, channelShuffle } from './channel.js';
export type { ChannelDropoutOptions } from './channel.js';
// session 18 parity: F.pad, as torch.nn.functional.pad (the same function as chainrule's pad)
export { pad } from '../../ops/pad.js';
export type { PadMode, PadOptions } from '../../ops/pad.js';
// RReLU (randomized leaky ReLU), the activation issue 10's list left out
export { rrelu } from './rrelu.js';
export type { RreluOptions } from './rrelu.js';
