/**
 * `summary()`'s counting rules for the layers issue 10 added, with the conventions of
 * counting.ts (a division is a multiplication, a subtraction an addition, summing t terms takes
 * t − 1 additions, comparisons and square roots are not counted, an activation function is one
 * evaluation per output element, data movement is free).
 * @module
 */
import type { Module } from '../module.js';
import { CELU, ELU, GLU, Hardsigmoid, Hardswish, Hardtanh, LogSigmoid, Mish, PReLU, ReLU6, RReLU, SELU, SiLU, Softmin, Softplus, Softsign, Threshold } from '../layers/activation2.js';
import { Conv3d, ConvTranspose3d } from '../layers/conv3d.js';
import { GroupNorm, RMSNorm } from '../layers/group-norm.js';
import { InstanceNorm, InstanceNorm1d, InstanceNorm2d } from '../layers/instance-norm.js';
import { AvgPool3d, MaxPool3d } from '../layers/pooling3d.js';
import { PixelShuffle, PixelUnshuffle, Upsample } from '../layers/resample.js';
import { Unflatten } from '../layers/unflatten.js';
import { AdaptiveMaxPool1d, AdaptiveMaxPool2d, MaxUnpool1d, MaxUnpool2d } from '../layers/unpool.js';
import { ConstantPad1d, ConstantPad2d, ConstantPad3d, ReflectionPad1d, ReflectionPad2d, ReplicationPad1d, ReplicationPad2d, ReplicationPad3d, ZeroPad2d } from '../layers/padding.js';
import { Fold, Hardshrink, Softshrink, Tanhshrink, Unfold } from '../layers/shrink-fold.js';
import { ChannelShuffle, Dropout1d, Dropout2d, Dropout3d, Softmax2d } from '../layers/channel.js';
import { ZERO, batchStatisticsCounts, convCounts, convTransposeCounts, counts, numel, product, sumAdditions, type LayerCall, type OpCounts } from './counting.js';

const ACTIVATIONS = [SiLU, ELU, SELU, CELU, Mish, Hardswish, Hardsigmoid, Hardtanh, ReLU6, Softsign, LogSigmoid, Softplus, Softmin, GLU, PReLU, Threshold, RReLU, Softshrink, Hardshrink, Tanhshrink, Softmax2d];
const DATA_MOVEMENT = [
  MaxPool3d, AdaptiveMaxPool1d, AdaptiveMaxPool2d, MaxUnpool1d, MaxUnpool2d, PixelShuffle, PixelUnshuffle, Unflatten, Unfold, ChannelShuffle,
  ZeroPad2d, ConstantPad1d, ConstantPad2d, ConstantPad3d, ReflectionPad1d, ReflectionPad2d, ReplicationPad1d, ReplicationPad2d, ReplicationPad3d,
];

/** N (1 for an unbatched input) and the per-sample element count after the channel dim, of an input with `spatial` spatial dims. */
function batchAndSpatial(shape: readonly number[], spatial: number): { n: number; c: number; m: number } {
  const batched = shape.length === spatial + 2;
  const n = batched ? shape[0]! : 1;
  const c = shape[batched ? 1 : 0] ?? 0;
  return { n, c, m: product(shape.slice(shape.length - spatial)) };
}

/**
 * GroupNorm: N·G groups of M = (C/G)·∏spatial values, each normalized with its own statistics as
 * {@link batchStatisticsCounts} (the affine weight and bias per element when affine).
 */
function groupNormCounts(layer: GroupNorm, call: LayerCall): OpCounts {
  const input = call.inputShapes[0]!;
  const n = input[0] ?? 0;
  const perSample = n === 0 ? 0 : numel(input) / n;
  const m = layer.numGroups === 0 ? 0 : perSample / layer.numGroups;
  return batchStatisticsCounts(n * layer.numGroups, m, layer.affine, layer.affine);
}

/**
 * InstanceNorm1d/2d/3d: with the input's statistics (training, or no running statistics), N·C
 * groups of M = ∏spatial values as {@link batchStatisticsCounts}; when running statistics are
 * tracked in training, their update averages the N instance means and variances per channel
 * (2(N − 1) additions, 2 divisions) and then costs BatchNorm's 5 multiplications and 2 additions
 * per channel. With running statistics (eval): BatchNorm's eval rule, per element 1 (+1 affine)
 * multiplication and 1 (+1 affine) addition, plus C additions of eps.
 */
function instanceNormCounts(layer: InstanceNorm, call: LayerCall): OpCounts {
  const spatial = layer instanceof InstanceNorm1d ? 1 : layer instanceof InstanceNorm2d ? 2 : 3;
  const { n, c, m } = batchAndSpatial(call.inputShapes[0]!, spatial);
  if (call.training || layer.runningMean === null) {
    const base = batchStatisticsCounts(n * c, m, layer.affine, layer.affine);
    if (!(call.training && layer.runningMean !== null)) return base;
    return counts(base.multiplications + 2 * c + 5 * c, base.additions + 2 * c * sumAdditions(n) + 2 * c);
  }
  const affine = layer.affine ? 1 : 0;
  return counts(n * c * m * (1 + affine), n * c * m * (1 + affine) + c);
}

/**
 * RMSNorm over groups of M = ∏normalizedShape values: M squares, M − 1 additions and 1 division
 * for the mean square, 1 addition of eps, the reciprocal square root (not counted), M
 * multiplications by it and M by the weight (with elementwiseAffine). Per group: 2M + 1 (+ M)
 * multiplications, M additions.
 */
function rmsNormCounts(layer: RMSNorm, call: LayerCall): OpCounts {
  const m = product(layer.normalizedShape);
  const groups = m === 0 ? 0 : numel(call.inputShapes[0]) / m;
  return counts(groups * (2 * m + 1 + (layer.weight !== null ? m : 0)), groups * m);
}

/**
 * AvgPool3d, as AvgPool1d/2d: each output sums its ∏kernelSize window (padding included) and
 * divides once (by the window size or divisorOverride): ∏k − 1 additions, 1 multiplication.
 */
function avgPool3dCounts(layer: AvgPool3d, call: LayerCall): OpCounts {
  const outputs = numel(call.outputShapes[0]);
  return counts(outputs, outputs * sumAdditions(product(layer.kernelSize)));
}

/**
 * Upsample: 'nearest' and 'nearest-exact' copy (free). 'linear', 'bilinear' and 'trilinear' (d =
 * 1, 2, 3 interpolated dims) count each output as the weighted sum that defines it, Σ over the 2^d
 * corner values of weight · value: 2^d multiplications and 2^d − 1 additions (the weights depend
 * on the position only and are not counted, as index arithmetic). 'bicubic' weighs the 4 × 4
 * values around each output the same way: 16 multiplications and 15 additions.
 */
function upsampleCounts(layer: Upsample, call: LayerCall): OpCounts {
  const d = layer.mode === 'linear' ? 1 : layer.mode === 'bilinear' ? 2 : layer.mode === 'trilinear' ? 3 : 0;
  const terms = layer.mode === 'bicubic' ? 16 : 2 ** d;
  if (terms === 1) return ZERO;
  const outputs = numel(call.outputShapes[0]);
  return counts(outputs * terms, outputs * sumAdditions(terms));
}

/**
 * Fold sums the block values landing on each output position: a position reached by c values costs
 * c − 1 additions, so Σ(c − 1) = numel(input) − numel(output) when every position is reached and no
 * value falls into the padding; that figure is the rule (values in the cropped padding count, as
 * padded products do for convolutions).
 */
function foldCounts(call: LayerCall): OpCounts {
  return counts(0, Math.max(numel(call.inputShapes[0]) - numel(call.outputShapes[0]), 0));
}

/**
 * The counts of one call of an issue-10 layer, or null when it has no rule. The rules:
 *
 * | layer | multiplications | additions | activations |
 * |---|---|---|---|
 * | Conv3d | outputs·K, K = (Cin/groups)·kD·kH·kW | outputs·(K − 1 + [bias]) | 0 |
 * | ConvTranspose3d | products landing in the output | mults − outputs reached (+ reached with bias) | 0 |
 * | AvgPool3d | outputs | outputs·(∏k − 1) | 0 |
 * | MaxPool3d, AdaptiveMaxPool1d/2d, MaxUnpool1d/2d, PixelShuffle, PixelUnshuffle, Unflatten, Unfold, ChannelShuffle, the padding modules | 0 | 0 | 0 |
 * | Fold | 0 | numel(input) − numel(output) (see {@link foldCounts}) | 0 |
 * | Dropout1d/2d/3d | outputs in training, else 0 (as Dropout) | 0 | 0 |
 * | Upsample | outputs·2^d (d-linear modes; 0 for nearest) | outputs·(2^d − 1) | 0 |
 * | GroupNorm, InstanceNorm | per group as BatchNorm's batch statistics (see {@link groupNormCounts}, {@link instanceNormCounts}) | | 0 |
 * | RMSNorm | groups·(2M + 1 + [weight]·M) | groups·M | 0 |
 * | SiLU, ELU, SELU, CELU, Mish, Hardswish, Hardsigmoid, Hardtanh, ReLU6, Softsign, LogSigmoid, Softplus, Softmin, GLU, PReLU, Threshold, RReLU, Softshrink, Hardshrink, Tanhshrink, Softmax2d | 0 | 0 | outputs |
 *
 * The losses and distances of issue 10 (SmoothL1Loss, HuberLoss, KLDivLoss, TripletMarginLoss,
 * CosineSimilarity, PairwiseDistance) have no rule, like the older losses: summary() lists them as
 * uncounted.
 */
export function countParityLayer(layer: Module, call: LayerCall): OpCounts | null {
  if (layer instanceof Conv3d) return convCounts(layer, call);
  if (layer instanceof ConvTranspose3d) return convTransposeCounts(layer as ConvTranspose3d & { padding: readonly number[] }, call);
  if (layer instanceof AvgPool3d) return avgPool3dCounts(layer, call);
  if (DATA_MOVEMENT.some((kind) => layer instanceof kind)) return ZERO;
  if (layer instanceof Upsample) return upsampleCounts(layer, call);
  if (layer instanceof Fold) return foldCounts(call);
  if (layer instanceof Dropout1d || layer instanceof Dropout2d || layer instanceof Dropout3d) {
    return call.training && layer.p > 0 ? counts(numel(call.outputShapes[0]), 0) : ZERO; // as Dropout: x·mask/(1 − p)
  }
  if (layer instanceof GroupNorm) return groupNormCounts(layer, call);
  if (layer instanceof InstanceNorm) return instanceNormCounts(layer, call);
  if (layer instanceof RMSNorm) return rmsNormCounts(layer, call);
  if (ACTIVATIONS.some((kind) => layer instanceof kind)) return counts(0, 0, numel(call.outputShapes[0]));
  return null;
}
