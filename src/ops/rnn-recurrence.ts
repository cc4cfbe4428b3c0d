/**
 * An Elman RNN layer's recurrence over all its steps as one primitive, as `lstm-recurrence.ts`
 * is for the LSTM: the input's part of every step, x_t·W_ihᵀ + biases, is one product over all
 * steps made before the loop (an ordinary, recorded linear); this op runs
 * h_t = act(xGates[t] + h_{t−1}·W_hhᵀ) for every step in one kernel call, and its VJP is
 * backpropagation through time in one kernel call plus one product for W_hh's gradient over all
 * steps. When the backward pass itself records (createGraph), the VJP walks the steps with
 * Tensor ops instead, so higher-order gradients still come from the graph.
 * @module
 */
import type { FloatView } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { record, type Node } from '../autograd/node.js';
import type { FloatArray } from '../dtype.js';
import { ShapeError, ValueError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { reluBackward, tanhBackward } from './activation-grads.js';
import { stack } from './join.js';
import { checkFloatOperands, hasShape, recurrentWeightGrad } from './recurrence-util.js';
import { empty } from './util.js';

/** The activation of an Elman RNN. */
export type RnnActivation = 'tanh' | 'relu';

/**
 * The hidden states of an Elman RNN layer over its steps, [T, B, H]: h_t for each step t, from
 * `xGates` [T, B, H] (x_t·W_ihᵀ + b_ih + b_hh), the initial state `h0` [B, H] and the recurrent
 * weight `weightHh` [H, H]: h_t = act(xGates[t] + h_{t−1}·W_hhᵀ), act = tanh or relu.
 */
export function rnnRecurrence(xGates: Tensor, h0: Tensor, weightHh: Tensor, nonlinearity: RnnActivation): Tensor {
  checkFloatOperands('rnnRecurrence', [['xGates', xGates], ['h0', h0], ['weightHh', weightHh]]);
  if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new ValueError('rnnRecurrence', `nonlinearity must be 'tanh' or 'relu', got ${String(nonlinearity)}`);
  const [steps, batch, hidden] = xGates.shape as [number, number, number];
  if (xGates.ndim !== 3 || !hasShape(h0, [batch, hidden]) || !hasShape(weightHh, [hidden, hidden])) {
    throw new ShapeError(
      'rnnRecurrence',
      `expected xGates [T, B, H], h0 [B, H] and weightHh [H, H], got xGates ${fmtShape(xGates.shape)}, h0 ${fmtShape(h0.shape)} and weightHh ${fmtShape(weightHh.shape)}`,
    );
  }
  const states = empty([steps, batch, hidden], xGates.dtype);
  kernels().rnnRecurrence(xGates as FloatView, h0 as FloatView, weightHh as FloatView, nonlinearity === 'relu', states.storage as FloatArray);
  return record('RnnRecurrenceBackward', states, [xGates, h0, weightHh], rnnRecurrenceVjp, [xGates, h0, weightHh, states], { nonlinearity });
}

type Attrs = { nonlinearity: RnnActivation };

// d states → (d xGates, dh0, dW_hh): BPTT, d gates_t = (g_t + dh)·act′(h_t), dh_{t−1} = d gates_t·W_hh (ref/rnn-recurrence.ts)
function rnnRecurrenceVjp(grad: Tensor, [xGates, h0, weightHh, states]: readonly Tensor[], node: Node<Attrs>): (Tensor | null)[] {
  if (isGradEnabled()) return rnnRecurrenceVjpInOps(grad, xGates!, h0!, weightHh!, states!, node);
  const dGates = empty(xGates!.shape, xGates!.dtype);
  const dh0 = empty(h0!.shape, h0!.dtype);
  const relu = node.attrs.nonlinearity === 'relu';
  kernels().rnnRecurrenceBackward(states as FloatView, weightHh as FloatView, relu, grad as FloatView, dGates.storage as FloatArray, dh0.storage as FloatArray);
  return [dGates, dh0, node.needsInputGrad(2) ? recurrentWeightGrad(dGates, h0!, states!) : null];
}

/** The same VJP written with differentiable ops, step by step (for a backward pass that records). */
function rnnRecurrenceVjpInOps(grad: Tensor, xGates: Tensor, h0: Tensor, weightHh: Tensor, states: Tensor, node: Node<Attrs>): (Tensor | null)[] {
  const steps = xGates.shape[0]!;
  const activationGrad = node.attrs.nonlinearity === 'relu' ? reluBackward : tanhBackward;
  let dh = h0.mul(0);
  const dGates = new Array<Tensor>(steps);
  for (let t = steps - 1; t >= 0; t--) {
    // h_t recomputed from the inputs, so that second derivatives see it as their function
    const hPrev = t === 0 ? h0 : states.select(0, t - 1);
    const z = xGates.select(0, t).add(hPrev.matmul(weightHh.t()));
    const h = node.attrs.nonlinearity === 'relu' ? z.relu() : z.tanh();
    const dG = activationGrad(grad.select(0, t).add(dh), h);
    dGates[t] = dG;
    dh = dG.matmul(weightHh);
  }
  const dG = steps === 0 ? xGates.mul(0) : stack(dGates, 0);
  return [dG, dh, node.needsInputGrad(2) ? recurrentWeightGrad(dG, h0, states) : null];
}
