/**
 * `chainrule/nn`: modules, layers, initializers and losses with PyTorch's semantics and names.
 * @module chainrule/nn
 */
export { Module, ModuleError } from './module.js';
export type { LoadStateDictOptions, LoadStateDictResult } from './module.js';
export { RemovableHandle, HookError } from './hooks.js';
export type { ForwardPreHook, ForwardHook, FullBackwardHook, FullBackwardPreHook } from './hooks.js';
export { Sequential, ModuleList } from './containers.js';
export type { TensorModule } from './containers.js';
// torch.nn.utils.clip_grad_norm_ / clip_grad_value_.
export { clipGradNorm, clipGradValue } from '../optim/clip-grad.js';
export type { ClipGradNormOptions } from '../optim/clip-grad.js';
export { RNN, LSTM, GRU, RNNBase } from './layers/recurrent.js';
export type { RNNOptions, LSTMOptions, GRUOptions, RNNBaseOptions, RNNMode, RecurrentWeights } from './layers/recurrent.js';
export { RNNCell, LSTMCell, GRUCell } from './layers/recurrent-cells.js';
export type { RNNCellOptions, RNNCellBaseOptions, RNNNonlinearity } from './layers/recurrent-cells.js';
export * as functional from './functional/index.js';
export * as init from './init.js';
export type { Nonlinearity, FanMode, InitOptions, XavierOptions, KaimingOptions } from './init.js';
export { Linear, Bilinear, Identity } from './layers/linear.js';
export type { LinearOptions } from './layers/linear.js';
export { ReLU, Tanh, Sigmoid, GELU, LeakyReLU, Softmax, LogSoftmax } from './layers/activation.js';
// Issue 10 (G1): activation modules.
export { SiLU, ELU, SELU, CELU, Mish, Hardswish, Hardsigmoid, Hardtanh, ReLU6, Softsign, LogSigmoid, Softplus, Softmin, GLU, PReLU, Threshold, RReLU } from './layers/activation2.js';
export type { PReLUOptions } from './layers/activation2.js';
export { Flatten } from './layers/flatten.js';
export { Dropout, AlphaDropout } from './layers/dropout.js';
export type { DropoutLayerOptions } from './layers/dropout.js';
export { BatchNorm, BatchNorm1d, BatchNorm2d, LayerNorm } from './layers/normalization.js';
export type { BatchNormLayerOptions, LayerNormLayerOptions } from './layers/normalization.js';
export { Embedding } from './layers/embedding.js';
export type { EmbeddingLayerOptions } from './layers/embedding.js';
export { MSELoss, L1Loss, NLLLoss, CrossEntropyLoss, BCELoss, BCEWithLogitsLoss } from './layers/loss.js';
export { Conv1d, Conv2d, ConvTranspose1d, ConvTranspose2d } from './layers/conv.js';
export type { ConvLayerOptions, ConvTransposeLayerOptions, PaddingMode } from './layers/conv.js';
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d } from './layers/pooling.js';
export type { MaxPoolLayerOptions, AvgPool1dLayerOptions, AvgPool2dLayerOptions } from './layers/pooling.js';
export { summary } from './summary.js';
export type { ModelSummary, SummaryRow, SummaryRowKind, SummaryTotals, SummaryOptions, OpCounts, LayerCall } from './summary.js';
// issue 10 (nn parity): normalization, resampling, distance and loss modules, Unflatten, ModuleDict.
export { GroupNorm, RMSNorm } from './layers/group-norm.js';
export type { GroupNormLayerOptions, RMSNormLayerOptions } from './layers/group-norm.js';
export { InstanceNorm, InstanceNorm1d, InstanceNorm2d, InstanceNorm3d } from './layers/instance-norm.js';
export type { InstanceNormLayerOptions } from './layers/instance-norm.js';
export { Upsample, PixelShuffle, PixelUnshuffle } from './layers/resample.js';
export { CosineSimilarity, PairwiseDistance } from './layers/distance.js';
export { SmoothL1Loss, HuberLoss, KLDivLoss, TripletMarginLoss } from './layers/more-losses.js';
export { Unflatten } from './layers/unflatten.js';
export { ModuleDict } from './module-dict.js';
// issue 10 (nn parity): 3-D convolution and pooling layers, adaptive max pooling, max unpooling.
export { Conv3d, ConvTranspose3d } from './layers/conv3d.js';
export type { Conv3dLayerOptions } from './layers/conv3d.js';
export { MaxPool3d, AvgPool3d } from './layers/pooling3d.js';
export { AdaptiveMaxPool1d, AdaptiveMaxPool2d, MaxUnpool1d, MaxUnpool2d, MaxUnpool3d } from './layers/unpool.js';
export type { AdaptiveMaxPoolLayerOptions, MaxUnpoolLayerOptions } from './layers/unpool.js';

// Module ergonomics (issue 10, G3): Parameter for property registration, StateDict (Map + object).
export { Parameter } from './parameter.js';
export { StateDict } from './state-dict.js';
// gap scan after issue 10 (helper i10): margin and likelihood loss modules
export { MarginRankingLoss, HingeEmbeddingLoss, SoftMarginLoss, CosineEmbeddingLoss, GaussianNLLLoss, PoissonNLLLoss, MultiMarginLoss, MultiLabelSoftMarginLoss } from './layers/margin-losses.js';
export { ZeroPad2d, ConstantPad1d, ConstantPad2d, ConstantPad3d, ReflectionPad1d, ReflectionPad2d, ReplicationPad1d, ReplicationPad2d, ReplicationPad3d } from './layers/padding.js';
export { Softshrink, Hardshrink, Tanhshrink, Fold, Unfold } from './layers/shrink-fold.js';
export { Dropout1d, Dropout2d, Dropout3d, ChannelShuffle, Softmax2d, BatchNorm3d } from './layers/channel.js';
// session 18 parity: parameters held by position or name (nn.ParameterList, nn.ParameterDict)
export { ParameterList, ParameterDict } from './parameter-containers.js';
