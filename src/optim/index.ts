/**
 * `chainrule/optim`: optimizers and learning-rate schedulers with PyTorch 1.13's update rules,
 * names (camelCase) and defaults.
 *
 * ```ts
 * import { Adam, StepLR } from 'chainrule/optim';
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 * const sched = new StepLR(opt, 10, { gamma: 0.5 });
 * for (const epoch of epochs) {
 *   opt.zeroGrad(); lossFn(model.forward(x), y).backward(); opt.step(); sched.step();
 * }
 * ```
 * Gradient clipping (`clipGradNorm`, `clipGradValue`) is in `chainrule/nn`, as torch.nn.utils is.
 * @module chainrule/optim
 */
export { Optimizer, stateTensor } from './optimizer.js';
export type { OptimizerOptions, OptimizerStateDict, ParamGroup, ParamGroupInput, ParamsInput, ParamState } from './optimizer.js';
export { SGD } from './sgd.js';
export type { SGDOptions } from './sgd.js';
export { Adam } from './adam.js';
export type { AdamOptions } from './adam.js';
export { AdamW } from './adamw.js';
export type { AdamWOptions } from './adamw.js';
export { RMSprop } from './rmsprop.js';
export type { RMSpropOptions } from './rmsprop.js';
export { Adagrad } from './adagrad.js';
export type { AdagradOptions } from './adagrad.js';
export { Adadelta, Adamax, NAdam, RAdam, Rprop, ASGD } from './more-optimizers.js';
export { LBFGS } from './lbfgs.js';
export type { LBFGSOptions } from './lbfgs.js';
export type { AdadeltaOptions, AdamaxOptions, NAdamOptions, RAdamOptions, RpropOptions, ASGDOptions } from './more-optimizers.js';
export { LRScheduler, StepLR, ExponentialLR, CosineAnnealingLR, LambdaLR } from './lr-scheduler.js';
export type { SchedulerOptions, SchedulerStateDict, StepLROptions, CosineAnnealingLROptions, LrLambda } from './lr-scheduler.js';
export { MultiStepLR, OneCycleLR, LinearLR, ConstantLR, MultiplicativeLR, PolynomialLR, CosineAnnealingWarmRestarts } from './lr-scheduler-more.js';
export type { MultiStepLROptions, OneCycleLROptions, LinearLROptions, ConstantLROptions, PolynomialLROptions, CosineAnnealingWarmRestartsOptions } from './lr-scheduler-more.js';
export { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
export { SequentialLR } from './sequential-lr.js';
export { CyclicLR } from './cyclic-lr.js';
export type { CyclicLROptions, CyclicLRMode } from './cyclic-lr.js';
export type { SequentialLRStateDict } from './sequential-lr.js';
export type { ReduceLROnPlateauOptions, ReduceLROnPlateauState } from './reduce-lr-on-plateau.js';
