/**
 * An Elman RNN layer's recurrence over all its steps as one primitive, as `lstm-recurrence.ts`
 * is for the LSTM: the input's part of every step, xGates = x·W_ihᵀ + bias, is one product over
 * all steps made before the loop inside the same kernel call; this op runs
 * h_t = act(xGates[t] + h_{t−1}·W_hhᵀ) for every step in one kernel call, and its VJP is
 * backpropagation through time in one kernel call plus one product for all three weights'
 * gradients over all steps. When the backward pass itself records (createGraph), the VJP walks the steps with
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
import { checkFloatOperands, hasShape, inputGatesInOps, layerWeightGrads } from './recurrence-util.js';
import { empty } from './util.js';

/** The activation of an Elman RNN. */
export type RnnActivation = 'tanh' | 'relu';

/**
 * The hidden states of an Elman RNN layer over its steps, [T, B, H]: h_t for each step t, from the
 * input `x` [T, B, I], the input weight `weightIh` [H, I], the `bias` [H] (b_ih + b_hh, or null),
 * the initial state `h0` [B, H] and the recurrent weight `weightHh` [H, H]:
 * h_t = act(x_t·W_ihᵀ + bias + h_{t−1}·W_hhᵀ), act = tanh or relu.
 */
export function rnnRecurrence(x: Tensor, weightIh: Tensor, bias: Tensor | null, h0: Tensor, weightHh: Tensor, nonlinearity: RnnActivation): Tensor {
  checkFloatOperands('rnnRecurrence', [['x', x], ['weightIh', weightIh], ['bias', bias], ['h0', h0], ['weightHh', weightHh]]);
  if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new ValueError('rnnRecurrence', `nonlinearity must be 'tanh' or 'relu', got ${String(nonlinearity)}`);
  const [steps, batch, inputSize] = x.shape as [number, number, number];
  const hidden = weightHh.shape[0]!;
  if (
    x.ndim !== 3 || !hasShape(weightHh, [hidden, hidden]) || !hasShape(weightIh, [hidden, inputSize]) || (bias !== null && !hasShape(bias, [hidden])) ||
    !hasShape(h0, [batch, hidden])
  ) {
    throw new ShapeError(
      'rnnRecurrence',
      `expected x [T, B, I], weightIh [H, I], bias [H], h0 [B, H] and weightHh [H, H], got x ${fmtShape(x.shape)}, weightIh ${fmtShape(weightIh.shape)}, ` +
        `bias ${bias === null ? 'null' : fmtShape(bias.shape)}, h0 ${fmtShape(h0.shape)} and weightHh ${fmtShape(weightHh.shape)}`,
    );
  }
  const states = empty([steps, batch, hidden], x.dtype);
  kernels().rnnRecurrence(
    x as FloatView, weightIh as FloatView, bias as FloatView | null, h0 as FloatView, weightHh as FloatView, nonlinearity === 'relu', states.storage as FloatArray,
  );
  const operands = bias === null ? [x, weightIh, h0, weightHh] : [x, weightIh, h0, weightHh, bias];
  return record('RnnRecurrenceBackward', states, operands, rnnRecurrenceVjp, [x, weightIh, bias, h0, weightHh, states], { nonlinearity });
}

type Attrs = { nonlinearity: RnnActivation };

// d states → (dx, dW_ih, dh0, dW_hh, db): BPTT gives d gates_t = (g_t + dh)·act′(h_t), dh_{t−1} = d gates_t·W_hh
// (ref/rnn-recurrence.ts), then dx = d gates·W_ih and [dW_ih | dW_hh | db] = d gatesᵀ·[x | h_{t−1} | 1] over all steps
function rnnRecurrenceVjp(grad: Tensor, [x, weightIh, bias, h0, weightHh, states]: readonly (Tensor | null)[], node: Node<Attrs>): (Tensor | null)[] {
  const [dGates, dh0] = isGradEnabled()
    ? rnnStepsInOps(grad, x!, weightIh!, bias ?? null, h0!, weightHh!, states!, node.attrs.nonlinearity)
    : rnnStepsByKernel(grad, h0!, weightHh!, states!, node.attrs.nonlinearity);
  const hasBias = bias !== null;
  const want = { weightIh: node.needsInputGrad(1), weightHh: node.needsInputGrad(3), bias: hasBias && node.needsInputGrad(4) };
  const [dWih, dWhh, db] = layerWeightGrads(dGates, x!, h0!, states!, want);
  const dx = node.needsInputGrad(0) ? dGates.matmul(weightIh!) : null;
  const grads = [dx, dWih, dh0, dWhh];
  return hasBias ? [...grads, db] : grads;
}

/** d gates [T, B, H] and dh0 by the backpropagation-through-time kernel. */
function rnnStepsByKernel(grad: Tensor, h0: Tensor, weightHh: Tensor, states: Tensor, nonlinearity: RnnActivation): [Tensor, Tensor] {
  const dGates = empty(states.shape, states.dtype);
  const dh0 = empty(h0.shape, h0.dtype);
  kernels().rnnRecurrenceBackward(states as FloatView, weightHh as FloatView, nonlinearity === 'relu', grad as FloatView, dGates.storage as FloatArray, dh0.storage as FloatArray);
  return [dGates, dh0];
}

/** The same, written with differentiable ops, step by step (for a backward pass that records). */
function rnnStepsInOps(grad: Tensor, x: Tensor, weightIh: Tensor, bias: Tensor | null, h0: Tensor, weightHh: Tensor, states: Tensor, nonlinearity: RnnActivation): [Tensor, Tensor] {
  const steps = x.shape[0]!;
  const activationGrad = nonlinearity === 'relu' ? reluBackward : tanhBackward;
  const xGates = inputGatesInOps(x, weightIh, bias);
  let dh = h0.mul(0);
  const dGates = new Array<Tensor>(steps);
  for (let t = steps - 1; t >= 0; t--) {
    // h_t recomputed from the inputs, so that second derivatives see it as their function
    const hPrev = t === 0 ? h0 : states.select(0, t - 1);
    const z = xGates.select(0, t).add(hPrev.matmul(weightHh.t()));
    const h = nonlinearity === 'relu' ? z.relu() : z.tanh();
    const dG = activationGrad(grad.select(0, t).add(dh), h);
    dGates[t] = dG;
    dh = dG.matmul(weightHh);
  }
  return [steps === 0 ? xGates.mul(0) : stack(dGates, 0), dh];
}
