/**
 * An LSTM layer's recurrence over all its steps as one primitive (PyTorch's CPU LSTM runs the
 * same loop inside one aten op): the input's part of every step's gates, x_t·W_ihᵀ + biases, is
 * one product over all steps made before the loop (an ordinary, recorded linear); this op runs
 * the loop gates_t = xGates[t] + h_{t−1}·W_hhᵀ, (h_t, c_t) = cell(gates_t, c_{t−1}) in one kernel
 * call, and its VJP is backpropagation through time in one kernel call plus one product for
 * W_hh's gradient over all steps. So the recurrent weight enters the kernel once per pass, not
 * once per step, and the weights' gradients are a few large products, which threads split,
 * instead of one small accumulation per step. When the backward pass itself records
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
import { checkFloatOperands, hasShape, recurrentWeightGrad } from './recurrence-util.js';
import { empty } from './util.js';

/**
 * The states of an LSTM layer (no projection) over its steps, as one tensor [T, 2, B, H]: h_t then
 * c_t for each step t, from `xGates` [T, B, 4H] (x_t·W_ihᵀ + b_ih + b_hh; gate blocks i, f, g, o),
 * the initial states `h0`, `c0` [B, H] and the recurrent weight `weightHh` [4H, H]:
 * gates_t = xGates[t] + h_{t−1}·W_hhᵀ; c_t = σ(f)·c_{t−1} + σ(i)·tanh(g); h_t = σ(o)·tanh(c_t).
 */
export function lstmRecurrence(xGates: Tensor, h0: Tensor, c0: Tensor, weightHh: Tensor): Tensor {
  checkFloatOperands('lstmRecurrence', [['xGates', xGates], ['h0', h0], ['c0', c0], ['weightHh', weightHh]]);
  const [steps, batch, width] = xGates.shape as [number, number, number];
  const hidden = width / 4;
  if (xGates.ndim !== 3 || width % 4 !== 0 || !hasShape(h0, [batch, hidden]) || !hasShape(c0, [batch, hidden]) || !hasShape(weightHh, [width, hidden])) {
    throw new ShapeError(
      'lstmRecurrence',
      `expected xGates [T, B, 4H], h0 and c0 [B, H] and weightHh [4H, H], got xGates ${fmtShape(xGates.shape)}, ` +
        `h0 ${fmtShape(h0.shape)}, c0 ${fmtShape(c0.shape)} and weightHh ${fmtShape(weightHh.shape)}`,
    );
  }
  const states = empty([steps, 2, batch, hidden], xGates.dtype);
  // σ(i), σ(f), tanh(g), σ(o), tanh(c_t) per step and row: the backward kernel's inputs (not part of the graph)
  const acts = empty([steps, batch, 5 * hidden], xGates.dtype);
  kernels().lstmRecurrence(xGates as FloatView, h0 as FloatView, c0 as FloatView, weightHh as FloatView, states.storage as FloatArray, acts.storage as FloatArray);
  return record('LstmRecurrenceBackward', states, [xGates, h0, c0, weightHh], lstmRecurrenceVjp, [xGates, h0, c0, weightHh, states, acts]);
}

// d states → (d xGates, dh0, dc0, dW_hh): BPTT, each step's cell VJP then dh_{t−1} = d gates_t·W_hh (ref/lstm-recurrence.ts)
function lstmRecurrenceVjp(grad: Tensor, [xGates, h0, c0, weightHh, states, acts]: readonly Tensor[], node: Node): (Tensor | null)[] {
  if (isGradEnabled()) return lstmRecurrenceVjpInOps(grad, xGates!, h0!, c0!, weightHh!, states!, node);
  const dGates = empty(xGates!.shape, xGates!.dtype);
  const dh0 = empty(h0!.shape, h0!.dtype);
  const dc0 = empty(c0!.shape, c0!.dtype);
  kernels().lstmRecurrenceBackward(
    acts as FloatView, c0 as FloatView, states as FloatView, weightHh as FloatView, grad as FloatView,
    dGates.storage as FloatArray, dh0.storage as FloatArray, dc0.storage as FloatArray,
  );
  return [dGates, dh0, dc0, node.needsInputGrad(3) ? recurrentWeightGrad(dGates, h0!, states!.select(1, 0)) : null];
}

/** The same VJP written with differentiable ops, step by step (for a backward pass that records). */
function lstmRecurrenceVjpInOps(grad: Tensor, xGates: Tensor, h0: Tensor, c0: Tensor, weightHh: Tensor, states: Tensor, node: Node): (Tensor | null)[] {
  const steps = xGates.shape[0]!;
  const hs = states.select(1, 0);
  const cs = states.select(1, 1);
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
  const dG = steps === 0 ? xGates.mul(0) : stack(dGates, 0);
  return [dG, dh, dc, node.needsInputGrad(3) ? recurrentWeightGrad(dG, h0, states.select(1, 0)) : null];
}
