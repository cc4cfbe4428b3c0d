/**
 * An LSTM layer's recurrence over all its steps as one primitive (PyTorch's CPU LSTM runs the
 * same loop inside one aten op): the input's part of every step's gates, xGates = x·W_ihᵀ + bias,
 * is one product over all steps made before the loop, inside the same kernel call (in wasm it
 * never leaves the arena); then the loop gates_t = xGates[t] + h_{t−1}·W_hhᵀ,
 * (h_t, c_t) = cell(gates_t, c_{t−1}). Its VJP is backpropagation through time in one kernel call,
 * then all three weights' gradients as one product over all steps (recurrence-util.ts's
 * layerWeightGrads). So the recurrent weight enters the kernel once per pass, not once per step,
 * and the weights' gradients are one large product, which threads split, instead of one small
 * accumulation per step. When the backward pass itself records
 * (createGraph), the VJP walks the steps with Tensor ops instead, so higher-order gradients
 * still come from the graph.
 * @module
 */
import type { FloatView } from '../backend/backend.js';
import { kernels } from '../backend/registry.js';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { record, type Node } from '../autograd/node.js';
import type { FloatArray } from '../dtype.js';
import { ShapeError, fmtShape } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { lstmCellVjpInOps } from './lstm-cell.js';
import { stack } from './join.js';
import { checkFloatOperands, hasShape, inputGatesInOps, layerWeightGrads } from './recurrence-util.js';
import { empty } from './util.js';

/**
 * The states of an LSTM layer (no projection) over its steps, as one tensor [T, 2, B, H]: h_t then
 * c_t for each step t, from the input `x` [T, B, I], the input weight `weightIh` [4H, I], the
 * `bias` [4H] (b_ih + b_hh, or null), the initial states `h0`, `c0` [B, H] and the recurrent weight
 * `weightHh` [4H, H] (gate blocks i, f, g, o):
 * gates_t = x_t·W_ihᵀ + bias + h_{t−1}·W_hhᵀ; c_t = σ(f)·c_{t−1} + σ(i)·tanh(g); h_t = σ(o)·tanh(c_t).
 */
export function lstmRecurrence(x: Tensor, weightIh: Tensor, bias: Tensor | null, h0: Tensor, c0: Tensor, weightHh: Tensor): Tensor {
  checkFloatOperands('lstmRecurrence', [['x', x], ['weightIh', weightIh], ['bias', bias], ['h0', h0], ['c0', c0], ['weightHh', weightHh]]);
  const [steps, batch, inputSize] = x.shape as [number, number, number];
  const [width, hidden] = weightHh.shape as [number, number];
  if (
    x.ndim !== 3 || weightHh.ndim !== 2 || width !== 4 * hidden || !hasShape(weightIh, [width, inputSize]) || (bias !== null && !hasShape(bias, [width])) ||
    !hasShape(h0, [batch, hidden]) || !hasShape(c0, [batch, hidden])
  ) {
    throw new ShapeError(
      'lstmRecurrence',
      `expected x [T, B, I], weightIh [4H, I], bias [4H], h0 and c0 [B, H] and weightHh [4H, H], got x ${fmtShape(x.shape)}, ` +
        `weightIh ${fmtShape(weightIh.shape)}, bias ${bias === null ? 'null' : fmtShape(bias.shape)}, h0 ${fmtShape(h0.shape)}, ` +
        `c0 ${fmtShape(c0.shape)} and weightHh ${fmtShape(weightHh.shape)}`,
    );
  }
  const states = empty([steps, 2, batch, hidden], x.dtype);
  // σ(i), σ(f), tanh(g), σ(o), tanh(c_t) per step and row: the backward kernel's inputs (not part of the graph)
  const acts = empty([steps, batch, 5 * hidden], x.dtype);
  kernels().lstmRecurrence(
    x as FloatView, weightIh as FloatView, bias as FloatView | null, h0 as FloatView, c0 as FloatView, weightHh as FloatView,
    states.storage as FloatArray, acts.storage as FloatArray,
  );
  const operands = bias === null ? [x, weightIh, h0, c0, weightHh] : [x, weightIh, h0, c0, weightHh, bias];
  return record('LstmRecurrenceBackward', states, operands, lstmRecurrenceVjp, [x, weightIh, bias, h0, c0, weightHh, states, acts]);
}

// d states → (dx, dW_ih, dh0, dc0, dW_hh, db): BPTT gives each step's d gates (ref/lstm-recurrence.ts), then
// dx = d gates·W_ih and [dW_ih | dW_hh | db] = d gatesᵀ·[x | h_{t−1} | 1] over all steps
function lstmRecurrenceVjp(grad: Tensor, [x, weightIh, bias, h0, c0, weightHh, states, acts]: readonly (Tensor | null)[], node: Node): (Tensor | null)[] {
  const [dGates, dh0, dc0] = isGradEnabled()
    ? lstmStepsInOps(grad, x!, weightIh!, bias ?? null, h0!, c0!, weightHh!, states!)
    : lstmStepsByKernel(grad, h0!, c0!, weightHh!, states!, acts!);
  const hasBias = bias !== null;
  const want = { weightIh: node.needsInputGrad(1), weightHh: node.needsInputGrad(4), bias: hasBias && node.needsInputGrad(5) };
  const [dWih, dWhh, db] = layerWeightGrads(dGates, x!, h0!, states!.select(1, 0), want);
  const dx = node.needsInputGrad(0) ? dGates.matmul(weightIh!) : null;
  const grads = [dx, dWih, dh0, dc0, dWhh];
  return hasBias ? [...grads, db] : grads;
}

/** d gates [T, B, 4H], dh0 and dc0 by the backpropagation-through-time kernel. */
function lstmStepsByKernel(grad: Tensor, h0: Tensor, c0: Tensor, weightHh: Tensor, states: Tensor, acts: Tensor): [Tensor, Tensor, Tensor] {
  const [steps, , batch, hidden] = states.shape as [number, number, number, number];
  const dGates = empty([steps, batch, 4 * hidden], h0.dtype);
  const dh0 = empty(h0.shape, h0.dtype);
  const dc0 = empty(c0.shape, c0.dtype);
  kernels().lstmRecurrenceBackward(
    acts as FloatView, c0 as FloatView, states as FloatView, weightHh as FloatView, grad as FloatView,
    dGates.storage as FloatArray, dh0.storage as FloatArray, dc0.storage as FloatArray,
  );
  return [dGates, dh0, dc0];
}

/** The same, written with differentiable ops, step by step (for a backward pass that records). */
function lstmStepsInOps(grad: Tensor, x: Tensor, weightIh: Tensor, bias: Tensor | null, h0: Tensor, c0: Tensor, weightHh: Tensor, states: Tensor): [Tensor, Tensor, Tensor] {
  const steps = x.shape[0]!;
  const hs = states.select(1, 0);
  const cs = states.select(1, 1);
  const xGates = inputGatesInOps(x, weightIh, bias);
  let dh = h0.mul(0);
  let dc = c0.mul(0);
  const dGates = new Array<Tensor>(steps);
  for (let t = steps - 1; t >= 0; t--) {
    const hPrev = t === 0 ? h0 : hs.select(0, t - 1);
    const cPrev = t === 0 ? c0 : cs.select(0, t - 1);
    const gates = xGates.select(0, t).add(hPrev.matmul(weightHh.t()));
    const outside = grad.select(0, t);
    const carried = stack([outside.select(0, 0).add(dh), outside.select(0, 1).add(dc)], 0);
    const [dG, dcPrev] = lstmCellVjpInOps(carried, gates, cPrev) as [Tensor, Tensor];
    dGates[t] = dG;
    dh = dG.matmul(weightHh);
    dc = dcPrev;
  }
  return [steps === 0 ? xGates.mul(0) : stack(dGates, 0), dh, dc];
}
