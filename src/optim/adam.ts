/**
 * Adam (Kingma & Ba), with optional L2 weight decay and the AMSGrad variant, following PyTorch
 * 1.13's `torch.optim.Adam` exactly. AdamW (decoupled weight decay) shares the moment update.
 * @module
 */
import { isForwardCheckEnabled } from '../autograd/anomaly.js';
import type { FloatView } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { zerosLike } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { decayedGradient, nextStep, Optimizer, stateTensor, type ParamGroup, type ParamState, type ParamsInput } from './optimizer.js';
import { checkBetas, checkBoolean, checkNonNegative, rejectUnknownKeys } from './validate.js';

/** Options of {@link Adam} (PyTorch's keyword arguments, camelCase). */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates [β1, β2] of the first and second moment estimates (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for stability (default 1e-8). */
  eps: number;
  /** L2 penalty λ added to the gradient (default 0). For decoupled decay use {@link AdamW}. */
  weightDecay: number;
  /** Use the maximum of all second-moment estimates so far (AMSGrad; default false). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

const KEYS = ['lr', 'betas', 'eps', 'weightDecay', 'amsgrad', 'maximize'];

/**
 * Adam. Per parameter, at step t (counted per parameter from 1):
 * ```
 * g ← −g if maximize;  g ← g + λθ if weightDecay
 * m ← β1·m + (1 − β1)·g;   v ← β2·v + (1 − β2)·g²
 * v̂ ← max(v̂, v) if amsgrad, else v
 * θ ← θ − lr/(1 − β1^t) · m / (√v̂ / √(1 − β2^t) + ε)
 * ```
 * State: `step` (a number), `expAvg` and `expAvgSq` (tensors), plus `maxExpAvgSq` with amsgrad.
 */
export class Adam extends Optimizer<AdamOptions> {
  constructor(params: ParamsInput<AdamOptions>, options: Partial<AdamOptions> = {}) {
    rejectUnknownKeys('Adam', options, KEYS, 'options');
    super('Adam', params, {
      lr: options.lr ?? 1e-3,
      betas: options.betas ?? [0.9, 0.999],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      amsgrad: options.amsgrad ?? false,
      maximize: options.maximize ?? false,
    });
  }

  protected checkOptions(o: AdamOptions, where: string): void {
    checkAdamOptions('Adam', o, where);
  }

  protected updateParam(param: Tensor, grad: Tensor, state: ParamState, group: ParamGroup<AdamOptions>): void {
    adamUpdate(param, decayedGradient(param, grad, group.maximize, group.weightDecay), state, group);
  }
}

/** Checks the options Adam and AdamW share. */
export function checkAdamOptions(op: string, o: AdamOptions, where: string): void {
  checkNonNegative(op, 'lr', o.lr, where);
  checkNonNegative(op, 'eps', o.eps, where);
  checkBetas(op, o.betas, where);
  checkNonNegative(op, 'weightDecay', o.weightDecay, where);
  checkBoolean(op, 'amsgrad', o.amsgrad, where);
  checkBoolean(op, 'maximize', o.maximize, where);
}

/**
 * The moment update and step of Adam and AdamW (after any weight decay), in PyTorch's order of
 * operations: bias corrections in double precision, the update as θ − stepSize · m / denom.
 */
export function adamUpdate(param: Tensor, g: Tensor, state: ParamState, group: AdamOptions): void {
  const [beta1, beta2] = group.betas;
  const step = nextStep(state);
  const expAvg = stateTensor(state, 'expAvg', () => zerosLike(param));
  const expAvgSq = stateTensor(state, 'expAvgSq', () => zerosLike(param));
  const biasCorrection1 = 1 - beta1 ** step;
  const biasCorrection2Sqrt = Math.sqrt(1 - beta2 ** step);
  const stepSize = group.lr / biasCorrection1;
  if (!group.amsgrad && fusedAdamStep(param, g, expAvg, expAvgSq, [beta1, beta2, biasCorrection2Sqrt, group.eps, stepSize])) return;
  expAvg.mul_(beta1).add_(g, 1 - beta1);
  expAvgSq.mul_(beta2).add_(g.mul(g), 1 - beta2);
  let second = expAvgSq;
  if (group.amsgrad) {
    const maxExpAvgSq = stateTensor(state, 'maxExpAvgSq', () => zerosLike(param));
    maxExpAvgSq.copy_(maxExpAvgSq.maximum(expAvgSq));
    second = maxExpAvgSq;
  }
  const denom = second.sqrt().div(biasCorrection2Sqrt).add(group.eps);
  param.add_(expAvg.div(denom), -stepSize);
}

/**
 * The update above (without amsgrad) in one pass over the elements (the backend's `adamStep`
 * kernel: ref's loop, or wasm's SIMD pass), rounding exactly where the chain of ops does: each
 * op's result to the tensors' dtype, and each scalar operand first, as promotion makes a float32
 * tensor of it (scaledAdd rounds alpha and the product too). So the bits are those of the chain on
 * every backend, without its nine passes and five temporaries, whose per-op cost dominated small
 * models' steps (random-labels) and whose passes dominated ResNet-18's. Applies when param,
 * gradient and moments are distinct contiguous tensors of one float dtype and no finiteness check
 * is on; returns false (nothing written) otherwise.
 */
function fusedAdamStep(param: Tensor, g: Tensor, expAvg: Tensor, expAvgSq: Tensor, scalars: readonly number[]): boolean {
  const dtype = param.dtype;
  if (dtype !== 'float32' && dtype !== 'float64') return false;
  if (isForwardCheckEnabled()) return false;
  const tensors = [param, g, expAvg, expAvgSq];
  if (tensors.some((t) => t.dtype !== dtype || !t.isContiguous())) return false;
  if (new Set(tensors.map((t) => t.storage)).size !== 4) return false;
  kernels().adamStep(param as FloatView, g as FloatView, expAvg as FloatView, expAvgSq as FloatView, scalars);
  for (const t of [param, expAvg, expAvgSq]) {
    t.versionCounter.value++;
    t.versionCounter.lastOp = 'add_';
  }
  return true;
}
