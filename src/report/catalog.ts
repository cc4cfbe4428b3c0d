/**
 * The derivation catalog (docs/claim-catalog.md) as data: every claim with its check, in catalog
 * order.
 * @module
 */
import type { Claim } from './claims.js';
import { sectionA } from './a-backprop.js';
import { sectionB } from './b-optimizers.js';
import { sectionCConv as c } from './c-convolutions.js';
import { sectionCInception as ci } from './c-inception.js';
import { sectionF } from './f-systems.js';
import { sectionFTraining as ft } from './f-training-memory.js';
import { sectionDAnalytic as d } from './d-dropout.js';
import { sectionDTraining as dt } from './d-dropout-training.js';
import { sectionECore as e } from './e-sequences.js';
import { sectionELayers as el } from './e-recurrent-layers.js';

/** All implemented claims, in catalog order. */
export const catalog: readonly Claim[] = [
  ...sectionA,
  ...sectionB,
  c.receptiveFieldStack,
  ci.inceptionNaiveCounts,
  ci.inceptionBottleneckCounts,
  c.depthwiseSeparableParams,
  c.convWeightGrad,
  c.convBiasGrad,
  c.convWeightGradVariance,
  c.convWeightGradStdGrowth,
  c.maxpoolAvgpoolBackward,
  c.conv1dFilterRecovery,
  c.convTranspose1d,
  c.convTranspose2d,
  c.convOutputLength,
  d.olsMinNorm,
  d.augmentedOls,
  dt.sgdConverges,
  d.rateDiscontinuity,
  dt.adamSameSolution,
  d.tikhonov,
  d.rescale,
  d.changeOfVariablesA,
  d.changeOfVariablesB,
  d.columnNorms,
  d.gaussianNoise,
  el.rnnLayerMatchesReference,
  e.criterion,
  el.rnnReluVsTanh,
  e.beamSearchNotOptimal,
  sectionF[0]!,
  sectionF[1]!,
  ft.rematCounts,
  ft.resnet152Params,
  ft.activationMemoryBatch,
  ft.randomLabelMemorization,
  sectionF[2]!,
];
